import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createQueueBackend, type QueueBackend, type QueueBackendKind, type QueueRole } from './backend.ts';
import {
  auditTenantSchedulers,
  syncTenantSchedulers,
  upsertTenantScheduler,
  type ScheduleSyncReport,
  type SchedulerProblem,
  type SchedulerTemplate,
  type TenantSchedule,
} from './scheduler.ts';

/**
 * The queues of Levain: names, id-only payloads and the helpers that enqueue. This is the only
 * module of `jobs/` that other folders import (the planning and inventory subgraphs, the
 * gateway's queue board, the CLIs).
 */

export type { QueueBackendKind, ScheduleSyncReport, SchedulerProblem, TenantSchedule };

/** The one queue of orchestration runs. */
export const ORCHESTRATION_QUEUE = 'orchestration';
/** The name of every job in it. */
export const ORCHESTRATE_JOB = 'orchestrate';

/**
 * What an orchestration job carries: ids only. The worker reads everything else through the
 * gateway when the job runs, so a job never holds stale data.
 * - SCHEDULED: made by the tenant's job scheduler; the run is keyed by the fire time's date.
 * - MANUAL: the run already exists (`requestOrchestration` created it QUEUED).
 * - EVENT: a stock movement crossed a reorder point; deduplicated per tenant over a window.
 */
export type OrchestrationJobData =
  | { trigger: 'SCHEDULED'; tenantId: string }
  | { trigger: 'MANUAL'; tenantId: string; runId: string }
  | { trigger: 'EVENT'; tenantId: string };

/** What a finished job returns (kept with the job for the retention period). */
export interface RunSummary {
  runId: string;
  planDate: string;
  trigger: 'SCHEDULED' | 'MANUAL' | 'EVENT';
  /**
   * How the run ended; RUNNING when another job is driving it (a scheduler that fires twice
   * on one plan date while the first run is still going: the second job leaves it alone).
   */
  status: 'COMPLETED' | 'FAILED' | 'COMPENSATED' | 'RUNNING';
  procurementPlanId: string | null;
  failedStep: string | null;
  error: string | null;
}

/**
 * Job priorities (BullMQ: a job without one goes first, then 1, 2, …): the nightly SCHEDULED
 * runs go before EVENT runs, which go before MANUAL ones, so a bakery asking for many runs by
 * hand never delays another bakery's night.
 */
export const EVENT_PRIORITY = 1;
export const MANUAL_PRIORITY = 2;

/** Completed jobs kept: a week, at most 1,000. */
export const COMPLETED_JOB_RETENTION = { age: 7 * 24 * 3600, count: 1_000 } as const;
/** Failed jobs kept: 30 days, at most 5,000 (they are what an operator looks at). */
export const FAILED_JOB_RETENTION = { age: 30 * 24 * 3600, count: 5_000 } as const;

/** The queue is unreachable or too slow; nothing was enqueued. */
export class QueueUnavailableError extends Error {
  constructor(action: string, cause: unknown) {
    super(`The job queue is unavailable (${action}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

export interface OrchestrationQueueOptions {
  config: Pick<
    Config,
    'REDIS_URL' | 'QUEUE_PREFIX' | 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS' | 'EVENT_RUN_WINDOW_SECONDS' | 'WORKER_CONCURRENCY' | 'MAX_OPEN_RUNS_PER_TENANT'
  >;
  /** Levain's database: the Postgres backend's home when REDIS_URL is unset. */
  databaseUrl?: string;
  logger: Logger;
  /** `producer` for the subgraphs, the gateway and CLIs (fail fast); `worker` for the worker. */
  role?: QueueRole;
  /** Longest a producer waits for the datastore before giving up, in ms (default 3000). */
  timeoutMs?: number;
}

/** What the subgraphs may ask of the queues (an optional port of their runtime). */
export interface OrchestrationRequests {
  /** Open (QUEUED or RUNNING) runs one tenant may have before requestOrchestration refuses more (MAX_OPEN_RUNS_PER_TENANT). */
  readonly maxOpenRunsPerTenant: number;
  /** Enqueues the job of a QUEUED manual run (idempotent per run). Throws {@link QueueUnavailableError}. */
  enqueueManualRun(tenantId: string, runId: string): Promise<void>;
  /**
   * Enqueues an EVENT run for the tenant unless one was enqueued within the event window
   * (`EVENT_RUN_WINDOW_SECONDS`). Throws {@link QueueUnavailableError}.
   */
  enqueueEventRun(tenantId: string): Promise<{ jobId: string; deduplicated: boolean }>;
  /** Creates or updates one tenant's nightly scheduler. Throws {@link QueueUnavailableError} or on a bad cron. */
  syncTenantSchedule(schedule: TenantSchedule): Promise<void>;
  /** Makes the schedulers exactly those of `schedules` (removing other tenants'). */
  syncTenantSchedules(schedules: readonly TenantSchedule[]): Promise<ScheduleSyncReport>;
}

export interface OrchestrationQueues extends OrchestrationRequests {
  readonly backend: QueueBackend;
  readonly queue: Queue<OrchestrationJobData, RunSummary>;
  /** Schedulers whose next run is missing or overdue. */
  auditSchedules(now?: number): Promise<SchedulerProblem[]>;
  close(): Promise<void>;
}

/** The options of every orchestration job, scheduled or not: attempts, backoff, retention. */
export function orchestrationJobOptions(config: Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>): SchedulerTemplate<never>['opts'] {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: COMPLETED_JOB_RETENTION,
    removeOnFail: FAILED_JOB_RETENTION,
  };
}

/** A sentence for the start-up log: which backend the queues use and where. */
export function describeQueueBackend(config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX'>, databaseUrl?: string): string {
  if (config.REDIS_URL) return `Redis (REDIS_URL), prefix ${config.QUEUE_PREFIX}`;
  if (databaseUrl) return `BullMQ's PostgreSQL backend on Levain's database (REDIS_URL unset), schema ${config.QUEUE_PREFIX}`;
  return 'none';
}

/** Logs a datastore that keeps failing once per 30 s, not once per reconnection attempt. */
function throttledErrorLog(logger: Logger, message: string): (error: Error) => void {
  let last = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 30_000) {
      suppressed += 1;
      return;
    }
    logger.error({ err: error, suppressed }, message);
    last = now;
    suppressed = 0;
  };
}

async function within<T>(action: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new QueueUnavailableError(action, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the orchestration queue on Redis (REDIS_URL) or on BullMQ's Postgres backend in
 * Levain's database. Opening never throws for an unreachable datastore: BullMQ reconnects in
 * the background, errors are logged, and each enqueue fails with {@link QueueUnavailableError}
 * until the datastore answers.
 */
export function openOrchestrationQueues(options: OrchestrationQueueOptions): OrchestrationQueues {
  const { config, logger } = options;
  const role = options.role ?? 'producer';
  const timeoutMs = options.timeoutMs ?? 3_000;
  const backend = createQueueBackend({
    redisUrl: config.REDIS_URL,
    databaseUrl: options.databaseUrl,
    prefix: config.QUEUE_PREFIX,
    role,
    poolMax: role === 'worker' ? config.WORKER_CONCURRENCY + 2 : 3,
  });
  const jobOptions = orchestrationJobOptions(config);
  const queue = backend.createQueue<OrchestrationJobData, RunSummary>(ORCHESTRATION_QUEUE, { defaultJobOptions: jobOptions });
  queue.on('error', throttledErrorLog(logger, 'orchestration queue: datastore error'));
  const templateOf = (tenantId: string): SchedulerTemplate<OrchestrationJobData> => ({
    name: ORCHESTRATE_JOB,
    data: { trigger: 'SCHEDULED', tenantId },
    opts: jobOptions,
  });
  // Producers give up after `timeoutMs`; the worker's own calls may wait for the datastore.
  const guard = <T>(action: string, work: () => Promise<T>, limitMs = timeoutMs) =>
    role === 'producer' ? within(action, limitMs, work) : work();

  const manualOptions = { ...jobOptions, priority: MANUAL_PRIORITY };
  return {
    backend,
    queue,
    maxOpenRunsPerTenant: config.MAX_OPEN_RUNS_PER_TENANT,
    enqueueManualRun: (tenantId, runId) =>
      guard('enqueue a manual run', async () => {
        const jobId = `manual-${runId}`;
        const job = await queue.add(ORCHESTRATE_JOB, { trigger: 'MANUAL', tenantId, runId }, { ...manualOptions, jobId });
        // The run is still open, so its job must be able to run: one that failed for good is
        // retried, one that completed (the run's state disagrees) is replaced.
        const state = await job.getState();
        if (state === 'failed') await job.retry('failed');
        if (state === 'completed') {
          await job.remove();
          await queue.add(ORCHESTRATE_JOB, { trigger: 'MANUAL', tenantId, runId }, { ...manualOptions, jobId });
        }
      }),
    enqueueEventRun: (tenantId) =>
      guard('enqueue an event run', async () => {
        const jobId = `event-${tenantId}-${randomUUID()}`;
        const job = await queue.add(
          ORCHESTRATE_JOB,
          { trigger: 'EVENT', tenantId },
          { ...jobOptions, priority: EVENT_PRIORITY, jobId, deduplication: { id: `event-${tenantId}`, ttl: config.EVENT_RUN_WINDOW_SECONDS * 1000 } },
        );
        return { jobId: job.id!, deduplicated: job.id !== jobId };
      }),
    syncTenantSchedule: (schedule) =>
      guard('sync a tenant schedule', () => upsertTenantScheduler(queue, schedule, templateOf(schedule.tenantId))),
    syncTenantSchedules: (schedules) =>
      guard('sync tenant schedules', () => syncTenantSchedulers(queue, schedules, templateOf), Math.max(timeoutMs, 30_000)),
    auditSchedules: (now) => guard('audit schedules', () => auditTenantSchedulers(queue, now)),
    async close() {
      await queue.close().catch((error) => logger.warn({ err: error }, 'closing the orchestration queue failed'));
      await backend.close();
    },
  };
}

/** Opens a service's producer queue (subgraphs, gateway, CLIs) and says which backend it uses. */
export function openServiceQueues(config: Config, databaseUrl: string | undefined, logger: Logger): OrchestrationQueues {
  logger.info({ backend: describeQueueBackend(config, databaseUrl) }, 'queue backend');
  return openOrchestrationQueues({ config, databaseUrl, logger });
}
