/**
 * The orchestration worker in its own process for the benchmarks:
 * `node --import tsx bench/processes/worker.ts`, configured by the environment like `npm run
 * worker` (GATEWAY_URL, REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY — default 4, …), without the
 * health/metrics HTTP server. Tells the parent when it takes jobs.
 */
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startOrchestrationWorker } from '../../jobs/worker.ts';
import { announceReady, stopWith } from '../support/child-process.ts';

const config = loadConfig();
const logger = createLogger('worker', config.LOG_LEVEL);
const orchestration = await startOrchestrationWorker({ config, databaseUrl: config.REDIS_URL ? undefined : config.DATABASE_URL, logger });
stopWith(() => orchestration.stop());
announceReady({ concurrency: config.WORKER_CONCURRENCY });
