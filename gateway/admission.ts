import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ValidationRule } from 'graphql';
import { createTokenVerifier, isService, tokenPolicyOf, type Caller } from '../platform/auth.ts';
import type { Config } from '../platform/config.ts';
import { unauthenticated } from '../platform/errors.ts';
import { MAX_BATCH_IDS } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import { DEFAULT_PAGE_SIZE, maxPageSizeFor } from '../platform/pagination.ts';
import { documentLimits, measureOperation } from './limits.ts';
import { apolloError } from './graphql-runtime.ts';
import { clientAddress, RateLimits } from './rate-limit.ts';
import { TenantDirectory } from './tenants.ts';

/** What admission needs of the gateway's per-request context. */
export interface AdmissionContext {
  caller: Caller;
  authorization: string;
  requestId: string;
}

/**
 * Everything the gateway checks before a subgraph hears of a request, in this order:
 *
 * 1. `authenticate` — before the body is read: the token is verified, then a client's request is
 *    counted against its address's rate limit (RATE_LIMITED, 429, whether the token is valid or
 *    not), then a bad token is refused (UNAUTHENTICATED, 401). A verified SERVICE token (the
 *    pipeline) is not counted against the address: it has its own budget (step 4).
 * 3. the body size (platform/http-server.ts, PAYLOAD_TOO_LARGE, 413): MAX_BODY_BYTES, or
 *    MAX_SERVICE_BODY_BYTES for the pipeline's token.
 * 4. `admitCaller` — the number of batched operations (TOO_MANY_OPERATIONS, 400), the length of
 *    each query text (QUERY_TOO_LARGE, 413; MAX_QUERY_LENGTH), then the rate limit counting each
 *    operation (RATE_LIMITED, 429): the tenant's (RATE_LIMIT_PER_TENANT) for clients, the
 *    service's own (RATE_LIMIT_PER_SERVICE, per token subject) for SERVICE tokens, so the nightly
 *    worker is never throttled by limits meant for clients.
 * 5. parsing, stopped after MAX_QUERY_TOKENS tokens (GRAPHQL_PARSE_FAILED, 400; server.ts).
 * 6. `validationRules` — one linear, budgeted pass before GraphQL's own rules walk any selection:
 *    definitions, variable definitions, aliases, depth, root fields, selections visited
 *    (TOO_MANY_DEFINITIONS, TOO_MANY_VARIABLES, TOO_MANY_ALIASES, QUERY_TOO_DEEP,
 *    TOO_MANY_ROOT_FIELDS, QUERY_TOO_LARGE; gateway/limits.ts), then GraphQL's own validation
 *    (introspection off in production).
 * 7. `plugin` (didResolveOperation, once variables are known) — `first` ≤ 500 (5,000 for the
 *    pipeline), ≤ 5,000 ids and ≤ MAX_LIST_ITEMS items per list argument (BAD_USER_INPUT, 400),
 *    the cost budget of the whole request (QUERY_TOO_COMPLEX, 400; MAX_QUERY_COST, or
 *    MAX_SERVICE_QUERY_COST for the pipeline), and last the token's tenant exists
 *    (UNAUTHENTICATED, 401; the only step that may call a subgraph, planning, at most once per
 *    tenant per TENANT_CACHE_SECONDS).
 */
export interface Admission {
  validationRules: ValidationRule[];
  allowBatchedHttpRequests: boolean;
  plugin: ApolloServerPlugin<AdmissionContext>;
  authenticate(request: IncomingMessage): Promise<Caller>;
  verify(authorization: string): Promise<Caller>;
  admitCaller(caller: Caller, body: unknown): Promise<void>;
}

export interface AdmissionOptions {
  logger: Logger;
  /** GraphQL URL of the planning subgraph, asked whether a token's tenant exists. */
  planningUrl: string;
}

/** A refusal before execution: `code`, HTTP `status`, a message that says what to change. */
function refusal(code: string, status: number, message: string, extensions: Record<string, unknown> = {}, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status, ...(headers ? { headers } : {}) } } });
}

function rateLimited(what: string, retryAfterSeconds: number): GraphQLError {
  return refusal('RATE_LIMITED', 429, `Too many requests ${what}; retry after ${retryAfterSeconds} s`, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}

/** Builds the gateway's admission from its configuration (see {@link Admission}). */
export function createAdmission(config: Config, options: AdmissionOptions): Admission {
  const limits = new RateLimits({
    limits: { address: config.RATE_LIMIT_PER_ADDRESS, tenant: config.RATE_LIMIT_PER_TENANT, service: config.RATE_LIMIT_PER_SERVICE },
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    redisUrl: config.REDIS_URL,
    keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
    logger: options.logger,
  });
  const verifyToken = createTokenVerifier(tokenPolicyOf(config));
  const tenants = new TenantDirectory(options.planningUrl, config.TENANT_CACHE_SECONDS * 1000, options.logger);
  /**
   * Cost spent so far by each HTTP request. Apollo gives each operation of a batch a shallow copy
   * of the request's context, so the key is the caller object they share (one per HTTP request).
   */
  const spent = new WeakMap<Caller, number>();
  const listLimits = { maxIds: MAX_BATCH_IDS, maxListItems: config.MAX_LIST_ITEMS, defaultPageSize: DEFAULT_PAGE_SIZE, maxNodes: config.MAX_QUERY_NODES };

  return {
    validationRules: [
      documentLimits({
        maxDepth: config.MAX_QUERY_DEPTH,
        maxAliases: config.MAX_ALIASES,
        maxRootFields: config.MAX_ROOT_FIELDS,
        maxDefinitions: config.MAX_DEFINITIONS,
        maxVariableDefinitions: config.MAX_VARIABLE_DEFINITIONS,
        maxNodes: config.MAX_QUERY_NODES,
      }),
    ],
    allowBatchedHttpRequests: config.MAX_BATCHED_OPERATIONS > 1,

    async authenticate(request) {
      // The token first: only a verified SERVICE token skips the address's count.
      const verified = await verifyToken(request.headers.authorization ?? '').then(
        (caller) => ({ caller }),
        (error: unknown) => ({ error }),
      );
      if ('caller' in verified && isService(verified.caller)) return verified.caller;
      const decision = await limits.consume('address', clientAddress(request, config.TRUST_PROXY_HOPS));
      if (!decision.allowed) throw rateLimited('from this address', decision.retryAfterSeconds);
      if ('error' in verified) throw verified.error;
      return verified.caller;
    },

    verify: (authorization) => verifyToken(authorization),

    async admitCaller(caller, body) {
      const operations = Array.isArray(body) ? body.length : 1;
      if (operations > config.MAX_BATCHED_OPERATIONS) {
        throw refusal(
          'TOO_MANY_OPERATIONS',
          400,
          config.MAX_BATCHED_OPERATIONS === 1
            ? `Batched requests are turned off; send one operation per request (got ${operations})`
            : `A batched request may hold at most ${config.MAX_BATCHED_OPERATIONS} operations; got ${operations}`,
        );
      }
      const longest = longestQuery(body);
      if (longest > config.MAX_QUERY_LENGTH) {
        throw refusal('QUERY_TOO_LARGE', 413, `Query text is ${longest} characters long; the limit is ${config.MAX_QUERY_LENGTH}`);
      }
      const decision = isService(caller)
        ? await limits.consume('service', caller.userId, operations)
        : await limits.consume('tenant', caller.tenantId, operations);
      if (!decision.allowed) throw rateLimited(isService(caller) ? 'for this service' : 'for this bakery', decision.retryAfterSeconds);
    },

    plugin: {
      async serverWillStart() {
        return { serverWillStop: () => limits.close() };
      },
      async requestDidStart() {
        return {
          async didResolveOperation({ schema, document, operation, request, contextValue }) {
            if (!operation) {
              // Left to @apollo/gateway, this is an INVALID_GRAPHQL exception it masks as an internal error.
              const name = request.operationName;
              throw apolloError(
                refusal(
                  'OPERATION_RESOLUTION_FAILURE',
                  400,
                  name ? `The document has no operation named ${JSON.stringify(name).slice(0, 100)}` : 'The document holds several operations; name the one to run in operationName',
                ),
              );
            }
            const rootType = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
            if (!rootType) throw apolloError(refusal('GRAPHQL_VALIDATION_FAILED', 400, `This API has no ${operation.operation} operations`));
            const { caller, authorization, requestId } = contextValue;
            {
              const measure = measureOperation(schema, document, operation, request.variables ?? {}, { ...listLimits, maxPageSize: maxPageSizeFor(caller) });
              if (measure.tooLarge) throw apolloError(refusal('QUERY_TOO_LARGE', 400, measure.tooLarge));
              if (measure.oversizedList) throw apolloError(refusal('BAD_USER_INPUT', 400, measure.oversizedList));
              const cost = (spent.get(caller) ?? 0) + measure.cost;
              spent.set(caller, cost);
              const limit = isService(caller) ? config.MAX_SERVICE_QUERY_COST : config.MAX_QUERY_COST;
              if (cost > limit) {
                throw apolloError(refusal(
                  'QUERY_TOO_COMPLEX',
                  400,
                  `Request is estimated to resolve ${Math.round(cost)} fields (each field once per list element); the limit is ${limit}. Ask for smaller pages or fewer nested lists`,
                  { cost: Math.round(cost), limit },
                ));
              }
            }
            if (!(await tenants.find(caller.tenantId, authorization, requestId))) throw apolloError(unauthenticated());
          },
        };
      },
    },
  };
}

/** Length of the longest `query` text of a request body (one operation or a batch); 0 when there is none. */
function longestQuery(body: unknown): number {
  let longest = 0;
  for (const operation of Array.isArray(body) ? body : [body]) {
    const query = (operation as { query?: unknown } | null)?.query;
    if (typeof query === 'string') longest = Math.max(longest, query.length);
  }
  return longest;
}
