import { ApolloServer } from '@apollo/server';
import type { Queue } from 'bullmq';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// Not re-exported by the package's index; the kind every fetch of an operation carries.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Caller } from '../platform/auth.ts';
import { disableVendorTelemetry, type Config, type SubgraphName } from '../platform/config.ts';
import { maskInternalErrors, outageStatusPlugin } from '../platform/graphql-errors.ts';
import { startHttpService, type HttpService } from '../platform/http-server.ts';
import type { Logger } from '../platform/logger.ts';
import { GatewayMetrics, requestMetricsPlugin } from '../platform/metrics.ts';
import { injectTraceContext } from '../platform/tracing.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { graphqlIde } from './graphql-ide.ts';
import { createAdmission } from './admission.ts';
import { stringifyResult } from './fast-path/answer-as-written.ts';
import { takeAnswer, type SubgraphAnswer } from './fast-path/answer-reuse.ts';
import { dedupeRepresentations, expandEntities } from './fast-path/entity-deduplication.ts';
import { queueBoardRoutes } from './queue-board.ts';
import { TenantDirectory } from './tenants.ts';
import { PlanRoute, type FallbackSink, type RouteFetch, type RouteRequest } from './fast-path/plan-route.ts';
import { createSubgraphFetcher } from './fast-path/subgraph-fetcher.ts';
import { valueCompletionPlugin } from './value-completion.ts';
import { composeSupergraph } from './supergraph.ts';

/** What the gateway knows of one request; the token is forwarded to the subgraphs as it came. */
export interface GatewayContext {
  caller: Caller;
  authorization: string;
  requestId: string;
}

export interface GatewayOptions {
  config: Config;
  subgraphUrls: Record<SubgraphName, string>;
  logger: Logger;
  /** Queues shown by Bull Board at /admin/queues (the operators' ADMINs, QUEUE_BOARD_TENANT_IDS); absent → no board. */
  queueBoard?: { queues: readonly Queue[] };
  /** The gateway's speed work, all on by default; the benchmark turns each off to measure it (BENCHMARKS.md). */
  tuning?: GatewayTuning;
}

export interface GatewayTuning {
  /**
   * Deduplicate subgraph fetches (default true): identical queries in flight at once share one
   * answer, and an `_entities` fetch sends each distinct representation once
   * (gateway/fast-path/subgraph-fetcher.ts, gateway/fast-path/entity-deduplication.ts).
   */
  deduplicate?: boolean;
  /** Only the in-flight part of `deduplicate` (default: as `deduplicate`); off, every request counts its own fetches (test/gateway/differential.test.ts). */
  deduplicateInflight?: boolean;
  /** Subgraph fetches over pooled keep-alive undici connections (default true) instead of make-fetch-happen. */
  keepAliveFetcher?: boolean;
  /** Compact JSON responses (default true) instead of Apollo Server's indented JSON. */
  compactJson?: boolean;
  /** Entity fetches to one subgraph at the same point of a plan merged into one request (default true; gateway/fast-path/entity-fetch-merging.ts). */
  mergeEntityFetches?: boolean;
  /** Plain queries run by Levain's own plan executor and projection instead of @apollo/gateway's (default true; gateway/fast-path/plan-route.ts). */
  planRoute?: boolean;
}

/**
 * Forwards the caller's token, the request id and the trace context to every subgraph fetch,
 * and counts and times each fetch by subgraph.
 */
class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    private readonly keepAliveFetcher: Fetcher | undefined,
    private readonly deduplicate: boolean,
  ) {
    super(keepAliveFetcher ? { url, fetcher: keepAliveFetcher } : { url });
  }

  /**
   * One fetch of the plan route (gateway/fast-path/plan-route.ts): the subgraph's answer (a refusal
   * with its status and body), or undefined when no answer came; an answer with errors sends the
   * route to the usual path, which states them (reusing the answer: answer-reuse.ts). Over the
   * keep-alive fetcher it skips RemoteGraphQLDataSource's request and response objects; the
   * route has already sent each distinct representation once.
   */
  async fetchData(request: RouteRequest, requestContext: Parameters<RouteFetch>[2]): Promise<SubgraphAnswer | undefined> {
    if (!this.keepAliveFetcher) {
      return this.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request, incomingRequestContext: requestContext as never, context: requestContext.context as GatewayContext });
    }
    const finish = this.metrics.startSubgraphFetch(this.subgraph);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      forwardHeaders(requestContext.context as GatewayContext, { set: (name, value) => (headers[name] = value) });
      const response = await this.keepAliveFetcher(this.url!, { method: 'POST', headers, body: JSON.stringify(request) });
      const raw = await response.text();
      const body: SubgraphAnswer = response.ok ? { ...JSON.parse(raw), raw } : { refused: { status: response.status, contentType: response.headers.get('content-type') ?? '', body: raw } };
      finish(body.data && !body.errors?.length ? 'ok' : 'error');
      return body;
    } catch {
      finish('failure');
      return undefined;
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (request.http) forwardHeaders(context, request.http.headers);
  }

  /**
   * A subgraph that refuses a request with a non-2xx status (an invalid `Date` variable is a 400)
   * still says why in its body: pass its first error on with its code, never the subgraph's URL
   * or raw body. Errors without a public code are masked by `formatError`.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await this.parseBody(response).catch(() => undefined)) as { errors?: GraphQLFormattedError[] } | undefined;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (first && typeof code === 'string') return new GraphQLError(first.message, { extensions: { code } });
    return new GraphQLError(`${this.subgraph} answered HTTP ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const deduplicated = this.deduplicate ? dedupeRepresentations(options.request.variables) : undefined;
    if (deduplicated) options.request.variables = deduplicated.variables;
    // An answer the fast path received for this very fetch before it fell back (gateway/fast-path/answer-reuse.ts).
    const reused = options.context && (takeAnswer(options.context, this.subgraph, options.request.query, options.request.variables) as (GatewayGraphQLResponse & SubgraphAnswer) | undefined);
    if (reused?.refused) throw await this.errorFromResponse(new Response(reused.refused.body, { status: reused.refused.status, headers: { 'content-type': reused.refused.contentType } }) as never);
    if (reused) return deduplicated ? expandEntities(reused, deduplicated.slots) : reused;
    const finish = this.metrics.startSubgraphFetch(this.subgraph);
    try {
      let response = await super.process(options);
      if (deduplicated) response = expandEntities(response, deduplicated.slots);
      finish(response.errors?.length ? 'error' : 'ok');
      return response;
    } catch (error) {
      finish('failure');
      throw error;
    }
  }
}

/** What every subgraph fetch carries: the caller's token, the request id, the trace context. */
function forwardHeaders(context: Partial<GatewayContext>, headers: { set(name: string, value: string): unknown }): void {
  if (context.authorization) headers.set('authorization', context.authorization);
  if (context.requestId) headers.set('x-request-id', context.requestId);
  injectTraceContext(headers);
}

/** The fast path's fallbacks: counted by reason, logged at debug level (never per request at the default level). */
function fastPathFallbacks(metrics: GatewayMetrics, logger: Logger): FallbackSink {
  return {
    count: (reason) => metrics.fastPathFallbacks.inc({ reason }),
    log: (reason, details) => logger.debug({ ...details, reason }, 'fast path: usual path taken'),
  };
}

/** Resolves when every subgraph answers `/health/ready`. */
async function subgraphsReady(urls: readonly string[]): Promise<boolean> {
  const checks = urls.map(async (url) => {
    const response = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  });
  return (await Promise.allSettled(checks)).every((check) => check.status === 'fulfilled' && check.value);
}

/**
 * Starts the gateway on `port` (0 = ephemeral): @apollo/gateway over a supergraph composed
 * from the subgraphs' SDL files, JWT verification, depth/alias/body limits, masked errors.
 */
export async function startGateway(options: GatewayOptions, port: number, host?: string): Promise<HttpService> {
  const { config, logger } = options;
  const production = config.NODE_ENV === 'production';
  const { supergraphSdl } = composeSupergraph(options.subgraphUrls);
  const admission = createAdmission(config, { logger, planningUrl: options.subgraphUrls.planning });
  const metrics = new GatewayMetrics();
  disableVendorTelemetry();
  const deduplicate = options.tuning?.deduplicate ?? true;
  const subgraphFetcher = (options.tuning?.keepAliveFetcher ?? true) ? createSubgraphFetcher({ deduplicateInflight: options.tuning?.deduplicateInflight ?? deduplicate }) : undefined;
  const dataSources = new Map<string, AuthenticatedDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const dataSource = new AuthenticatedDataSource(url!, name, metrics, subgraphFetcher?.fetcher, deduplicate);
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  const fetchData: RouteFetch = async (serviceName, request, requestContext) => dataSources.get(serviceName)?.fetchData(request, requestContext);
  const planRoute = (options.tuning?.planRoute ?? true) ? new PlanRoute(fetchData, { deduplicate, mergeEntityFetches: options.tuning?.mergeEntityFetches, fallbacks: fastPathFallbacks(metrics, logger) }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: planRoute ? planRoute.around(gateway) : gateway,
    introspection: !production,
    // No "Did you mean …?" naming fields in validation errors when the schema is hidden.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every response, which costs CPU and bytes on both ends;
    // a one-fetch answer already in the client's shape is written as received (fast-path/answer-as-written.ts).
    ...((options.tuning?.compactJson ?? true) ? { stringifyResult } : {}),
    formatError: maskInternalErrors(logger),
    // The parser stops after MAX_QUERY_TOKENS tokens: a 1 MiB document is refused in milliseconds.
    parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
    validationRules: admission.validationRules,
    allowBatchedHttpRequests: admission.allowBatchedHttpRequests,
    // valueCompletionPlugin first: requestMetricsPlugin counts the errors it adds.
    // Apollo's landing page loads from a CDN: off everywhere; development has its own IDE (below).
    plugins: [ApolloServerPluginLandingPageDisabled(), valueCompletionPlugin(logger), requestMetricsPlugin(metrics, logger), outageStatusPlugin],
  });
  apollo.addPlugin(admission.plugin);
  const boardTenants = new TenantDirectory(options.subgraphUrls.planning, config.TENANT_CACHE_SECONDS * 1000, logger);
  const ide = production ? undefined : graphqlIde();
  const service = await startHttpService(
    {
      apollo,
      logger,
      maxBodyBytes: config.MAX_BODY_BYTES,
      maxServiceBodyBytes: config.MAX_SERVICE_BODY_BYTES,
      metrics,
      metricsToken: config.METRICS_TOKEN,
      graphqlBrowserPage: ide?.page,
      routes: {
        // The root leads people to the dashboard.
        '/': (_request, response) => {
          response.writeHead(302, { location: '/dashboard/' });
          response.end();
        },
        ...ide?.routes,
        ...dashboardRoutes(),
        // The queue holds every bakery's jobs: the board exists only where QUEUE_BOARD_TENANT_IDS
        // names the operators' tenants, in every mode (issue 12, finding 4).
        ...(options.queueBoard && config.QUEUE_BOARD_TENANT_IDS.length > 0
          ? queueBoardRoutes({
              queues: options.queueBoard.queues,
              verify: (authorization) => admission.verify(authorization),
              tenantExists: async (caller, authorization) => (await boardTenants.find(caller.tenantId, authorization, 'queue-board')) !== null,
              allowedTenantIds: config.QUEUE_BOARD_TENANT_IDS,
              writable: config.QUEUE_BOARD_WRITABLE,
              secureCookie: production,
              logger,
            })
          : {}),
      },
      ready: () => subgraphsReady(Object.values(options.subgraphUrls)),
      authenticate: (request) => admission.authenticate(request),
      async context(request, requestId, caller, body) {
        await admission.admitCaller(caller, body);
        return { caller, authorization: request.headers.authorization ?? '', requestId };
      },
    },
    port,
    host,
  );
  return {
    ...service,
    async stop() {
      await service.stop();
      await subgraphFetcher?.close();
    },
  };
}
