import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse, type FormattedExecutionResult } from 'graphql';
import { verifyAuthorization, type Caller, type TokenVerifier } from '../platform/auth.ts';
import { isDbReady, type Db } from '../db/client.ts';
import { maskInternalErrors } from '../platform/graphql-errors.ts';
import { startHttpService, type HttpService } from '../platform/http-server.ts';
import type { Logger } from '../platform/logger.ts';
import type { OrchestrationRequests } from '../jobs/queues.ts';
import { nameLoaders } from '../platform/loaders.ts';
import { readSubgraphSdl } from './sdl.ts';
import { countQueriesPerRequest, requestMetricsPlugin, ServiceMetrics } from '../platform/metrics.ts';
import { traceQueries } from '../platform/tracing.ts';
import { dateIn } from '../platform/time-zones.ts';
import { createIngredientLookup, type IngredientLookup } from '../platform/ingredient-lookup.ts';
import { createWebhookPolicy, type WebhookPolicy } from '../platform/webhook-address.ts';
import { askPlanning, TenantDirectory, type KnownTenant, type TenantLookup } from '../platform/tenant-directory.ts';
import { tenantCheckUnavailable, tenantWritePlugin } from '../platform/tenant-check.ts';

/**
 * Subgraphs serve queries and mutations over HTTP only: a subscription sent to one directly is the
 * caller's mistake (400), not a resolver failure to mask as INTERNAL_SERVER_ERROR.
 */
const refuseSubscriptions: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are not supported: send a query or a mutation', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};
import { createProductLookup, type ProductLookup } from '../platform/product-lookup.ts';
import { serviceTokens, type ServiceEndpoint } from '../platform/service-tokens.ts';

/** What every subgraph resolver receives. */
export interface SubgraphContext<TLoaders> {
  caller: Caller;
  db: Db;
  loaders: TLoaders;
  requestId: string;
  /**
   * Today (YYYY-MM-DD) in the time zone of the verified token's tenant, from the tenant directory
   * (planning's table, or planning asked; remembered TENANT_CACHE_SECONDS). No header or argument
   * names the zone, so no caller can shift another calendar. UTC when this subgraph has no
   * directory (run alone, without planning's URL) or the tenant does not exist; SERVICE_UNAVAILABLE
   * when planning cannot answer and the tenant is not remembered.
   */
  today(): Promise<string>;
  logger: Logger;
  /** The orchestration queue, when this process has one (tests and CLIs may run without). */
  queues?: OrchestrationRequests;
  /** Inventory's ingredients as this caller sees them, for writes that name one (platform/ingredient-lookup.ts). */
  ingredients: IngredientLookup;
  /** Where a tenant's webhook may point (WEBHOOK_ALLOWED_HOSTS; platform/webhook-address.ts). */
  webhooks: WebhookPolicy;
  /** Recipes' products as this caller sees them, for the sales import, which names products by sku (platform/product-lookup.ts). */
  products: ProductLookup;
  /** inventory called as the SERVICE role, not as the caller: planning's stock-posting outbox posts with it. */
  inventoryService: ServiceEndpoint;
}

/** A subgraph as code: its SDL file, its resolvers and its per-request loaders. */
export interface SubgraphDefinition<TLoaders> {
  name: 'inventory' | 'suppliers' | 'recipes' | 'planning';
  /** URL of the subgraph's `schema.graphql`, or of its folder of module files (`new URL('./schema/', import.meta.url)`); subgraphs/shared.graphql is added to it. */
  schemaUrl: URL;
  /**
   * Typed where it is written by the subgraph's generated `Resolvers` (subgraphs/<name>/generated/resolvers.ts,
   * bound to its context); here only its shape matters, for buildSubgraphSchema.
   */
  resolvers: { [typeName: string]: object | undefined };
  /** Creates the per-request DataLoaders for one caller (loaders never outlive a request). */
  createLoaders: (db: Db, caller: Caller) => TLoaders;
  /** The subgraph that owns tenants (planning) answers from its own table whether one exists; the others ask it. */
  findTenant?: (db: Db, tenantId: string) => Promise<KnownTenant | null>;
}

/** What a running subgraph needs from its process. */
export interface SubgraphRuntime {
  db: Db;
  jwtSecret: string;
  /** Verifies each request's token; default: HS256 with `jwtSecret` only (see createTokenVerifier for JWKS). */
  verifyToken?: TokenVerifier;
  logger: Logger;
  maxBodyBytes: number;
  /** Largest body of the pipeline's token (SERVICE), in bytes (default maxBodyBytes). */
  maxServiceBodyBytes?: number;
  /** The orchestration queue (jobs/queues.ts) the subgraph enqueues runs into; optional. */
  queues?: OrchestrationRequests;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Most tokens the parser reads of one document before refusing it (default 20000, SUBGRAPH_MAX_QUERY_TOKENS). */
  maxQueryTokens?: number;
  /**
   * inventory's GraphQL URL, where suppliers and recipes check the ingredient ids a write names
   * (the URL the gateway uses; `subgraphRuntime` sets it from the config). Unset → such writes fail.
   */
  inventoryUrl?: string;
  /** Where a tenant's webhook may point (default: the public internet only). */
  webhooks?: WebhookPolicy;
  /**
   * planning's GraphQL URL, where a subgraph that does not own tenants checks that a mutation's
   * tenant exists (`subgraphRuntime` sets it). Unset, and not planning → mutations are not checked
   * (a test running one subgraph alone).
   */
  planningUrl?: string;
  /** How long a subgraph remembers that a tenant exists, in seconds (TENANT_CACHE_SECONDS; default 300). */
  tenantCacheSeconds?: number;
  /** recipes' GraphQL URL, where planning's sales import resolves product skus. Unset → that import fails. */
  recipesUrl?: string;
}

/**
 * Starts one subgraph: its own Apollo Server over `buildSubgraphSchema`, on `port` (0 =
 * ephemeral). Every request must carry a valid token: a subgraph reached directly refuses
 * anonymous callers, the same as the gateway does.
 */
export async function startSubgraph<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  runtime: SubgraphRuntime,
  port: number,
  host?: string,
): Promise<HttpService> {
  const { db, logger } = runtime;
  const metrics = new ServiceMetrics(definition.name);
  const webhooks = runtime.webhooks ?? createWebhookPolicy();
  const { findTenant } = definition;
  const lookUp: TenantLookup | undefined = findTenant ? (tenantId) => findTenant(db, tenantId) : runtime.planningUrl ? askPlanning(runtime.planningUrl) : undefined;
  const tenants = lookUp && new TenantDirectory(lookUp, (runtime.tenantCacheSeconds ?? 300) * 1000, logger, tenantCheckUnavailable);
  countQueriesPerRequest(db);
  traceQueries(db);
  const inventoryService: ServiceEndpoint = {
    get url() {
      return runtime.inventoryUrl;
    },
    token: serviceTokens(runtime.jwtSecret, `levain-${definition.name}`),
  };
  const schema = buildSubgraphSchema({
    typeDefs: parse(readSubgraphSdl(definition.schemaUrl)),
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError: maskInternalErrors(logger),
    includeStacktraceInErrorResponses: false,
    // A subgraph reached directly parses no more than this; the gateway's own limits are tighter.
    parseOptions: { maxTokens: runtime.maxQueryTokens ?? 20_000 },
    // Compact JSON: Apollo's default indents every response, which costs CPU and bytes on both ends.
    stringifyResult: (result: FormattedExecutionResult) => JSON.stringify(result),
    // The gateway neither reports traces nor caches by hint: computing either per field is waste.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      refuseSubscriptions,
      requestMetricsPlugin(metrics, logger),
      ...(tenants ? [tenantWritePlugin(tenants)] : []),
    ],
  });
  return startHttpService(
    {
      apollo,
      logger,
      maxBodyBytes: runtime.maxBodyBytes,
      maxServiceBodyBytes: runtime.maxServiceBodyBytes,
      metrics,
      metricsToken: runtime.metricsToken,
      ready: () => isDbReady(db),
      authenticate: ({ headers: { authorization } }) =>
        runtime.verifyToken ? runtime.verifyToken(authorization) : verifyAuthorization(authorization, runtime.jwtSecret),
      async context(request, requestId, caller) {
        const forwardedHeaders = { 'x-request-id': requestId };
        let today: Promise<string> | undefined;
        return {
          caller,
          db,
          loaders: nameLoaders(definition.createLoaders(db, caller)),
          requestId,
          today: () =>
            (today ??= tenants
              ? tenants.find(caller.tenantId, request.headers.authorization ?? '', requestId).then((tenant) => dateIn(tenant?.timezone ?? 'UTC'))
              : Promise.resolve(dateIn('UTC'))),
          logger: logger.child({ requestId, tenantId: caller.tenantId }),
          queues: runtime.queues,
          webhooks,
          ingredients: createIngredientLookup({
            inventoryUrl: runtime.inventoryUrl,
            authorization: request.headers.authorization,
            forwardedHeaders,
          }),
          products: createProductLookup({ url: runtime.recipesUrl, authorization: request.headers.authorization, forwardedHeaders }),
          inventoryService,
        };
      },
    },
    port,
    host,
  );
}
