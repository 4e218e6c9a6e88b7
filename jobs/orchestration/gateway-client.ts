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
 * Which part of the supergraph a call is for. Each target has its own shared circuit breaker, so
 * the planning subgraph being down does not stop a snapshot, and the other way round.
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

/** HTTP statuses that say the gateway, or what stands before it, cannot serve anyone right now. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * A gateway call that failed; `transient` says whether trying again may help, `unavailable`
 * whether the failure is the gateway's or a subgraph's for every bakery (unreachable, timed out,
 * 502/503/504, SERVICE_UNAVAILABLE) rather than this one call's.
 */
export class GatewayError extends Error {
  readonly transient: boolean;
  readonly unavailable: boolean;
  readonly codes: string[];
  readonly status: number | null;

  constructor(message: string, details: { transient: boolean; unavailable?: boolean; codes?: string[]; status?: number | null; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'GatewayError';
    this.transient = details.transient;
    this.unavailable = details.unavailable ?? false;
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
  /** Consecutive failures that open a breaker (a tenant's, or a target's shared one). */
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
  /** Told when a target's shared breaker opens, half-opens or closes (metrics); tenants' breakers are logged only. */
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
   * exponential backoff and jitter behind the target's circuit breakers (see
   * {@link createGatewayClient}). Throws the last
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
    // Refused, reset, timed out: nobody's call gets through.
    throw new GatewayError(`gateway unreachable: ${(error as Error).message}`, { transient: true, unavailable: true, cause: error });
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
  const unavailable = UNAVAILABLE_STATUSES.has(response.status) || codes.includes('SERVICE_UNAVAILABLE');
  throw new GatewayError(message, { transient: !permanent, unavailable, codes, status: response.status });
}

/** Most tenants' breakers kept at once; the least recently used goes first (a new one starts closed). */
const MAX_TENANT_BREAKERS = 10_000;

const isTransient = (error: unknown) => error instanceof GatewayError && error.transient;
const isUnavailable = (error: unknown) => error instanceof GatewayError && error.unavailable;
const isRetryable = (error: unknown) => error instanceof BrokenCircuitError || isTransient(error);

/**
 * The worker's only way out: GraphQL to the gateway, with retries behind two circuit breakers.
 *
 * Each call passes a shared breaker of its target, then a breaker of its tenant and target. The
 * tenant's counts every transient failure (an INTERNAL_SERVER_ERROR that one bakery's data
 * provokes on every try opens it), and so stops only that bakery's calls. The shared one counts
 * only unavailability ({@link GatewayError.unavailable}): the gateway or a subgraph down stops
 * every bakery's calls at once, but one bakery's failures never open it for the others.
 */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const tokenFor = serviceTokens(options.jwtSecret, 'orchestration-worker');
  const newBreaker = (counts: (error: unknown) => boolean) =>
    circuitBreaker(handleWhen(counts), {
      halfOpenAfter: options.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breaker.threshold),
    });
  const shared = new Map<GatewayTarget, CircuitBreakerPolicy>();
  const sharedBreakerOf = (target: GatewayTarget) => {
    let breaker = shared.get(target);
    if (!breaker) {
      breaker = newBreaker(isUnavailable);
      breaker.onStateChange((state) => {
        options.logger.warn({ target, state: stateName(state) }, 'gateway circuit breaker changed state');
        options.onBreakerState?.(target, stateName(state));
      });
      shared.set(target, breaker);
    }
    return breaker;
  };
  const tenants = new Map<string, CircuitBreakerPolicy>();
  const tenantBreakerOf = (target: GatewayTarget, tenantId: string) => {
    const key = `${target}:${tenantId}`;
    let breaker = tenants.get(key);
    if (breaker) tenants.delete(key);
    else {
      breaker = newBreaker(isTransient);
      breaker.onStateChange((state) => options.logger.warn({ target, tenantId, state: stateName(state) }, "a bakery's gateway circuit breaker changed state"));
      if (tenants.size >= MAX_TENANT_BREAKERS) tenants.delete(tenants.keys().next().value!);
    }
    tenants.set(key, breaker);
    return breaker;
  };
  const retryPolicy = () =>
    retry(handleWhen(isRetryable), {
      maxAttempts: options.retry.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: options.retry.initialDelayMs, maxDelay: options.retry.maxDelayMs }),
    });

  return {
    async request<T>(call: GatewayCall): Promise<GatewayResult<T>> {
      const policy: IPolicy = wrap(retryPolicy(), sharedBreakerOf(call.target), tenantBreakerOf(call.target, call.tenantId));
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
