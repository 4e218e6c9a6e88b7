import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { serviceTokens } from '../../platform/service-tokens.ts';
import type { Logger } from '../../platform/logger.ts';
import { injectTraceContext } from '../../platform/tracing.ts';

/**
 * Which part of the supergraph a call is for. Each target has its own circuit breaker, so the
 * planning subgraph being down does not stop a snapshot, and the other way round.
 * - `sources`: the snapshot query (inventory, suppliers, recipes).
 * - `planning`: every pipeline mutation and run query.
 */
export type GatewayTarget = 'sources' | 'planning';

/** Codes that say the request itself is wrong: trying it again gives the same answer. */
const PERMANENT_CODES = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
]);

/** A gateway call that failed; `transient` says whether trying again may help. */
export class GatewayError extends Error {
  readonly transient: boolean;
  readonly codes: string[];
  readonly status: number | null;

  constructor(message: string, details: { transient: boolean; codes?: string[]; status?: number | null; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'GatewayError';
    this.transient = details.transient;
    this.codes = details.codes ?? [];
    this.status = details.status ?? null;
  }
}

export interface GatewayRetryOptions {
  /** Tries of one call, the first included. */
  attempts: number;
  /** First delay, in ms; later delays grow exponentially with decorrelated jitter. */
  initialDelayMs: number;
  /** Longest delay, in ms. */
  maxDelayMs: number;
}

export interface GatewayBreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one trial call, in ms. */
  halfOpenAfterMs: number;
}

export interface GatewayClientOptions {
  /** The gateway's GraphQL URL. */
  url: string;
  /** Signs the worker's SERVICE tokens (the gateway and subgraphs verify them). */
  jwtSecret: string;
  retry: GatewayRetryOptions;
  breaker: GatewayBreakerOptions;
  /** Timeout of one try, in ms. */
  timeoutMs: number;
  logger: Logger;
  /** Told when a target's breaker opens, half-opens or closes (metrics). */
  onBreakerState?: (target: GatewayTarget, state: 'closed' | 'open' | 'half-open') => void;
}

export interface GatewayCall {
  tenantId: string;
  target: GatewayTarget;
  /** A short name for logs (the operation's root field). */
  name: string;
  query: string;
  /** The operation's variables, or a function of the try (1 = first) for a call that tells the server which try it is. */
  variables?: Record<string, unknown> | ((tryNumber: number) => Record<string, unknown>);
}

export interface GatewayResult<T> {
  data: T;
  /** Tries it took (1 = the first try answered). */
  tries: number;
}

export interface GatewayClient {
  /**
   * Sends one operation with a SERVICE token for `tenantId`, retrying transient failures with
   * exponential backoff and jitter behind the target's circuit breaker. Throws the last
   * {@link GatewayError} (with `tries`) when it gives up, at once for a permanent one.
   */
  request<T>(call: GatewayCall): Promise<GatewayResult<T>>;
}

/** Thrown when a call gives up: the last failure, and how many tries were made. */
export class GatewayCallFailed extends Error {
  readonly tries: number;
  readonly transient: boolean;

  constructor(call: GatewayCall, tries: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${call.name} failed after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${reason}`, { cause });
    this.name = 'GatewayCallFailed';
    this.tries = tries;
    this.transient = cause instanceof BrokenCircuitError || (cause instanceof GatewayError && cause.transient);
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof BrokenCircuitError || (error instanceof GatewayError && error.transient);
}

function stateName(state: CircuitState): 'closed' | 'open' | 'half-open' {
  if (state === CircuitState.HalfOpen) return 'half-open';
  return state === CircuitState.Closed ? 'closed' : 'open';
}

/** One try: POST, then sort the answer into data, a permanent error or a transient one. */
async function send<T>(url: string, token: string, call: GatewayCall, tryNumber: number, signal: AbortSignal): Promise<T> {
  const variables = typeof call.variables === 'function' ? call.variables(tryNumber) : (call.variables ?? {});
  let response: Response;
  const headers = new Headers({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  // The job's trace continues at the gateway (a no-op while tracing is off).
  injectTraceContext(headers);
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: call.query, variables }),
      signal,
    });
  } catch (error) {
    throw new GatewayError(`gateway unreachable: ${(error as Error).message}`, { transient: true, cause: error });
  }
  const text = await response.text().catch(() => '');
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const errors = body?.errors ?? [];
  const codes = errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
  if (errors.length === 0 && response.ok && body?.data) return body.data;
  const message = errors.length
    ? errors.map((error) => `${error.extensions?.code ?? 'UNKNOWN'}: ${error.message}`).join('; ')
    : `HTTP ${response.status} ${text.slice(0, 200)}`;
  // 5xx, 429 and errors without a permanent code (INTERNAL_SERVER_ERROR: a subgraph unreachable
  // or failing) may go away; a refused request will not.
  const permanent =
    response.status === 413 ||
    (response.status < 500 && response.status !== 429 && codes.length > 0 && codes.every((code) => PERMANENT_CODES.has(code)));
  throw new GatewayError(message, { transient: !permanent, codes, status: response.status });
}

/** The worker's only way out: GraphQL to the gateway, with retries and a breaker per target. */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const tokenFor = serviceTokens(options.jwtSecret, 'orchestration-worker');
  const breakers = new Map<GatewayTarget, CircuitBreakerPolicy>();
  const breakerOf = (target: GatewayTarget) => {
    let breaker = breakers.get(target);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen((error) => error instanceof GatewayError && error.transient), {
        halfOpenAfter: options.breaker.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.breaker.threshold),
      });
      breaker.onStateChange((state) => {
        options.logger.warn({ target, state: stateName(state) }, 'gateway circuit breaker changed state');
        options.onBreakerState?.(target, stateName(state));
      });
      breakers.set(target, breaker);
    }
    return breaker;
  };
  const retryPolicy = () =>
    retry(handleWhen(isRetryable), {
      maxAttempts: options.retry.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: options.retry.initialDelayMs, maxDelay: options.retry.maxDelayMs }),
    });

  return {
    async request<T>(call: GatewayCall): Promise<GatewayResult<T>> {
      const policy: IPolicy = wrap(retryPolicy(), breakerOf(call.target));
      let tries = 0;
      try {
        const data = await policy.execute(async () => {
          tries += 1;
          const token = await tokenFor(call.tenantId);
          try {
            return await send<T>(options.url, token, call, tries, AbortSignal.timeout(options.timeoutMs));
          } catch (error) {
            if (error instanceof GatewayError && error.transient) {
              options.logger.warn({ operation: call.name, tenantId: call.tenantId, try: tries, err: error.message }, 'gateway call failed, will retry');
            }
            throw error;
          }
        });
        return { data, tries };
      } catch (error) {
        throw new GatewayCallFailed(call, Math.max(tries, 1), error);
      }
    },
  };
}
