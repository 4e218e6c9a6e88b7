import { ApolloServer } from '@apollo/server';
import type { Queue } from 'bullmq';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Caller } from '../platform/auth.ts';
import { disableVendorTelemetry, type Config, type SubgraphName } from '../platform/config.ts';
import { maskInternalErrors } from '../platform/graphql-errors.ts';
import { startHttpService, type HttpService } from '../platform/http-server.ts';
import type { Logger } from '../platform/logger.ts';
import { GatewayMetrics, requestMetricsPlugin } from '../platform/metrics.ts';
import { injectTraceContext } from '../platform/tracing.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { createAdmission } from './admission.ts';
import { queueBoardRoutes } from './queue-board.ts';
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
  /** Queues shown by Bull Board at /admin/queues (ADMIN tokens only); absent → no board. */
  queueBoard?: { queues: readonly Queue[] };
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
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { authorization, requestId } = context as Partial<GatewayContext>;
    if (authorization) request.http?.headers.set('authorization', authorization);
    if (requestId) request.http?.headers.set('x-request-id', requestId);
    if (request.http) injectTraceContext(request.http.headers);
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
    const finish = this.metrics.startSubgraphFetch(this.subgraph);
    try {
      const response = await super.process(options);
      finish(response.errors?.length ? 'error' : 'ok');
      return response;
    } catch (error) {
      finish('failure');
      throw error;
    }
  }
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
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new AuthenticatedDataSource(url!, name, metrics),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    // No "Did you mean …?" naming fields in validation errors when the schema is hidden.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(logger),
    validationRules: admission.validationRules,
    allowBatchedHttpRequests: admission.allowBatchedHttpRequests,
    plugins: [...(production ? [ApolloServerPluginLandingPageDisabled()] : []), requestMetricsPlugin(metrics, logger)],
  });
  apollo.addPlugin(admission.plugin);
  return startHttpService(
    {
      apollo,
      logger,
      maxBodyBytes: config.MAX_BODY_BYTES,
      metrics,
      metricsToken: config.METRICS_TOKEN,
      routes: {
        ...dashboardRoutes(),
        ...(options.queueBoard
          ? queueBoardRoutes({
              queues: options.queueBoard.queues,
              verify: (authorization) => admission.verify(authorization),
              allowedTenantIds: config.QUEUE_BOARD_TENANT_IDS,
              logger,
            })
          : {}),
      },
      ready: () => subgraphsReady(Object.values(options.subgraphUrls)),
      admit: (request) => admission.admitAddress(request),
      async context(request, requestId, body) {
        const authorization = request.headers.authorization ?? '';
        const caller = await admission.verify(authorization);
        await admission.admitCaller(caller, body);
        return { caller, authorization, requestId };
      },
    },
    port,
    host,
  );
}
