import { resolveDatabaseUrl } from '../db/database-url.ts';
import { createDb } from '../db/client.ts';
import { createTokenVerifier, tokenPolicyOf } from '../platform/auth.ts';
import { loadConfig, subgraphPort, subgraphUrl } from '../platform/config.ts';
import { createLogger, logDestination } from '../platform/logger.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Db } from '../db/client.ts';
import type { OrchestrationRequests } from '../jobs/queues.ts';
import { startSubgraph, type SubgraphDefinition, type SubgraphRuntime } from './subgraph-server.ts';
import { startTracing } from '../platform/tracing.ts';
import { createWebhookPolicy } from '../platform/webhook-address.ts';

/** What a subgraph process may run beside its server. */
export interface SubgraphProcessOptions {
  /** Opens the orchestration queue the subgraph enqueues into (jobs/queues.ts); closed at shutdown. */
  openQueues?: (config: Config, databaseUrl: string, logger: Logger) => OrchestrationRequests & { close(): Promise<void> };
  /** Starts background work beside the server (planning's scheduler sync); resolves to its stop. */
  background?: (services: { config: Config; db: Db; queues?: OrchestrationRequests; logger: Logger }) => Promise<() => Promise<void>>;
}

/** What a subgraph process runs with, from its configuration (also the benchmark's subgraph processes). */
export function subgraphRuntime(config: Config, db: Db, logger: Logger, queues?: OrchestrationRequests): SubgraphRuntime {
  return {
    db,
    jwtSecret: config.JWT_SECRET,
    verifyToken: createTokenVerifier(tokenPolicyOf(config)),
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxServiceBodyBytes: config.MAX_SERVICE_BODY_BYTES,
    queues,
    metricsToken: config.METRICS_TOKEN,
    maxQueryTokens: config.SUBGRAPH_MAX_QUERY_TOKENS,
    inventoryUrl: subgraphUrl(config, 'inventory'),
    webhooks: createWebhookPolicy(config.WEBHOOK_ALLOWED_HOSTS),
    planningUrl: subgraphUrl(config, 'planning'),
    tenantCacheSeconds: config.TENANT_CACHE_SECONDS,
    recipesUrl: subgraphUrl(config, 'recipes'),
  };
}

/** Entry point of a subgraph run as its own process (docker-compose, Kubernetes). */
export async function runSubgraphProcess<T>(definition: SubgraphDefinition<T>, options: SubgraphProcessOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(definition.name, config.LOG_LEVEL, await logDestination(config.NODE_ENV));
  const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, `levain-${definition.name}`);
  const databaseUrl = await resolveDatabaseUrl(config);
  const db = createDb(databaseUrl, config.DATABASE_POOL_MAX);
  const queues = options.openQueues?.(config, databaseUrl, logger);
  const service = await startSubgraph(definition, subgraphRuntime(config, db, logger, queues), subgraphPort(config, definition.name), config.HOST);
  logger.info({ url: service.url }, `${definition.name} subgraph ready`);
  const stopBackground = await options.background?.({ config, db, queues, logger });
  stopOnSignals(logger, [
    () => service.stop(),
    ...(stopBackground ? [stopBackground] : []),
    ...(queues ? [() => queues.close()] : []),
    () => db.destroy(),
    async () => tracing?.shutdown(),
  ]);
}
