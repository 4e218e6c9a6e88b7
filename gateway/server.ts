import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { verifyAuthorization, type Caller } from '../platform/auth.ts';
import type { Config, SubgraphName } from '../platform/config.ts';
import { maskInternalErrors } from '../platform/graphql-errors.ts';
import { startHttpService, type HttpService } from '../platform/http-server.ts';
import type { Logger } from '../platform/logger.ts';
import { aliasLimit, depthLimit } from './limits.ts';
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
}

/** Forwards the caller's token and the request id to every subgraph fetch. */
class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { authorization, requestId } = context as Partial<GatewayContext>;
    if (authorization) request.http?.headers.set('authorization', authorization);
    if (requestId) request.http?.headers.set('x-request-id', requestId);
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
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) => new AuthenticatedDataSource({ url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(logger),
    validationRules: [depthLimit(config.MAX_QUERY_DEPTH), aliasLimit(config.MAX_ALIASES)],
    plugins: production ? [ApolloServerPluginLandingPageDisabled()] : [],
  });
  return startHttpService(
    {
      apollo,
      logger,
      maxBodyBytes: config.MAX_BODY_BYTES,
      ready: () => subgraphsReady(Object.values(options.subgraphUrls)),
      async context(request, requestId) {
        const authorization = request.headers.authorization ?? '';
        const caller = await verifyAuthorization(authorization, config.JWT_SECRET);
        return { caller, authorization, requestId };
      },
    },
    port,
    host,
  );
}
