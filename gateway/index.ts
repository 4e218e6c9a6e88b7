import { loadConfig, subgraphUrls } from '../platform/config.ts';
import { createLogger, logDestination } from '../platform/logger.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import { openServiceQueues } from '../jobs/queues.ts';
import { startTracing } from '../platform/tracing.ts';
import { startGateway } from './server.ts';

const config = loadConfig();
const logger = createLogger('gateway', config.LOG_LEVEL, await logDestination(config.NODE_ENV));
const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'levain-gateway');
// Bull Board at /admin/queues reads the orchestration queue: Redis, or the Postgres backend in
// Levain's database (development). Without either, the gateway runs without the board.
const databaseUrl = config.REDIS_URL ? undefined : await resolveDatabaseUrl(config).catch(() => undefined);
const queues = config.REDIS_URL || databaseUrl ? openServiceQueues(config, databaseUrl, logger) : undefined;
if (!queues) logger.warn('no REDIS_URL and no database: /admin/queues is off');
const gateway = await startGateway(
  { config, subgraphUrls: subgraphUrls(config), logger, queueBoard: queues && { queues: [queues.queue] } },
  config.PORT,
  config.HOST,
);
logger.info({ url: gateway.url }, 'gateway ready');
stopOnSignals(logger, [() => gateway.stop(), ...(queues ? [() => queues.close()] : []), async () => tracing?.shutdown()]);
