import { resolveDatabaseUrl } from '../db/database-url.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger, logDestination } from '../platform/logger.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import { startTracing } from '../platform/tracing.ts';
import { startWorkerHttp } from './http.ts';
import { describeQueueBackend } from './queues.ts';
import { startOrchestrationWorker } from './worker.ts';

/** `npm run worker`: the orchestration worker as its own process. */
const config = loadConfig();
const logger = createLogger('worker', config.LOG_LEVEL, await logDestination(config.NODE_ENV));
const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'levain-worker');
// The Postgres queue backend lives in Levain's database; with Redis the worker needs no database.
const databaseUrl = config.REDIS_URL ? undefined : await resolveDatabaseUrl(config);
logger.info({ backend: describeQueueBackend(config, databaseUrl) }, 'queue backend');
const orchestration = await startOrchestrationWorker({ config, databaseUrl, logger });
const http = await startWorkerHttp(
  { ready: orchestration.ready, registry: orchestration.metrics.registry, metricsToken: config.METRICS_TOKEN },
  config.WORKER_PORT,
  config.HOST,
);
logger.info({ concurrency: config.WORKER_CONCURRENCY, health: `http://${config.HOST}:${http.port}/health/ready` }, 'orchestration worker ready');
stopOnSignals(logger, [() => orchestration.stop(), () => http.stop(), async () => tracing?.shutdown()]);
