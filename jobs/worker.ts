import { DelayedError, UnrecoverableError, WaitingError, type Job, type Worker } from 'bullmq';
import { gatewayUrl, type Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
import { OrchestrationMetrics } from '../platform/metrics.ts';
import { runInScope } from '../platform/request-scope.ts';
import { annotateActiveSpan, traceWork } from '../platform/tracing.ts';
import { createGatewayClient } from './orchestration/gateway-client.ts';
import { CompensationIncomplete, runSaga, SagaReleased, type SagaProgress } from './orchestration/saga.ts';
import { createWebhookSender } from './orchestration/webhook.ts';
import { JobRefused, parseJobData } from './orchestration/job-guard.ts';
import { TenantSlots } from './tenant-slots.ts';
import { createWebhookPolicy } from '../platform/webhook-address.ts';
import {
  COMPLETED_JOB_RETENTION,
  FAILED_JOB_RETENTION,
  ORCHESTRATION_QUEUE,
  openOrchestrationQueues, type OrchestrationJobData, type OrchestrationQueues, type RunSummary } from './queues.ts';

/** The worker's settings, each from the environment (platform/config.ts documents the defaults). */
export type WorkerConfig = Pick<
  Config,
  | 'PORT'
  | 'GATEWAY_URL'
  | 'JWT_SECRET'
  | 'REDIS_URL'
  | 'QUEUE_PREFIX'
  | 'WORKER_CONCURRENCY'
  | 'WORKER_CONCURRENCY_PER_TENANT'
  | 'MAX_OPEN_RUNS_PER_TENANT'
  | 'EVENT_RUN_WINDOW_SECONDS'
  | 'JOB_ATTEMPTS'
  | 'JOB_BACKOFF_MS'
  | 'JOB_LOCK_DURATION_MS'
  | 'JOB_STALLED_INTERVAL_MS'
  | 'JOB_MAX_STARTED_ATTEMPTS'
  | 'GATEWAY_RETRY_ATTEMPTS'
  | 'GATEWAY_RETRY_INITIAL_DELAY_MS'
  | 'GATEWAY_RETRY_MAX_DELAY_MS'
  | 'GATEWAY_TIMEOUT_MS'
  | 'GATEWAY_BREAKER_THRESHOLD'
  | 'GATEWAY_BREAKER_HALF_OPEN_MS'
  | 'WEBHOOK_ATTEMPTS'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'WEBHOOK_ALLOWED_HOSTS'
>;

export interface OrchestrationWorkerOptions {
  config: WorkerConfig;
  /** Levain's database, for the Postgres queue backend (unused with REDIS_URL). */
  databaseUrl?: string;
  logger: Logger;
  /** First delay between webhook tries, in ms (default 1000; tests shorten it). */
  webhookInitialDelayMs?: number;
  /** How often schedulers and queue counts are audited, in ms (default 60000). */
  auditIntervalMs?: number;
  /** How long a job whose bakery holds its share of slots waits before it is tried again, in ms (default 3000). */
  tenantDeferMs?: number;
}

export interface OrchestrationWorker {
  worker: Worker<OrchestrationJobData, RunSummary>;
  queues: OrchestrationQueues;
  metrics: WorkerMetrics;
  /** The runs each bakery drives in this process (WORKER_CONCURRENCY_PER_TENANT). */
  slots: TenantSlots;
  /** True while the worker takes jobs and its datastore answers. */
  ready(): Promise<boolean>;
  /**
   * Graceful stop: takes no new job, lets each running saga finish its current step, puts the
   * job back in the queue at that step boundary (another worker resumes it), then closes.
   */
  stop(): Promise<void>;
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

function progressOf(job: Job<OrchestrationJobData, RunSummary>): SagaProgress {
  return job.progress && typeof job.progress === 'object' ? (job.progress as SagaProgress) : {};
}

/** When a job was meant to run: a scheduler's fire time (`prevMillis`), else when it was added. */
function firedAt(job: Job<OrchestrationJobData, RunSummary>): number {
  const prevMillis = (job.opts as { prevMillis?: number }).prevMillis;
  return typeof prevMillis === 'number' && prevMillis > 0 ? prevMillis : job.timestamp;
}

/**
 * Runs each job in its own scope, so every line it logs carries the run id once it is known, and
 * in its own trace span, so its gateway calls (and what they cause) make one trace per job.
 */
function inRunScope<R>(process: (job: Job<OrchestrationJobData, RunSummary>, token?: string) => Promise<R>) {
  return (job: Job<OrchestrationJobData, RunSummary>, token?: string) =>
    runInScope({ service: 'worker', runId: job.data.trigger === 'MANUAL' ? job.data.runId : progressOf(job).runId }, () =>
      traceWork(
        'orchestration job',
        { 'levain.job_id': job.id ?? '', 'levain.trigger': job.data.trigger, 'levain.tenant_id': job.data.tenantId },
        () => process(job, token),
        { root: true },
      ),
    );
}

/**
 * Starts a BullMQ worker on the orchestration queue that runs each job's saga through the
 * gateway (GraphQL only, a SERVICE token per tenant). Many tenants run in parallel up to
 * `WORKER_CONCURRENCY`; a run ends COMPLETED (job completed), COMPENSATED or FAILED (job failed
 * without retry: the run says why), or with compensation unfinished (job retried with backoff).
 */
export async function startOrchestrationWorker(options: OrchestrationWorkerOptions): Promise<OrchestrationWorker> {
  const { config, logger } = options;
  const metrics = createWorkerMetrics();
  const orchestration = new OrchestrationMetrics(metrics.registry);
  const queues = openOrchestrationQueues({ config, databaseUrl: options.databaseUrl, logger, role: 'worker' });
  const client = createGatewayClient({
    url: gatewayUrl(config as Config),
    jwtSecret: config.JWT_SECRET,
    retry: {
      attempts: config.GATEWAY_RETRY_ATTEMPTS,
      initialDelayMs: config.GATEWAY_RETRY_INITIAL_DELAY_MS,
      maxDelayMs: config.GATEWAY_RETRY_MAX_DELAY_MS,
    },
    breaker: { threshold: config.GATEWAY_BREAKER_THRESHOLD, halfOpenAfterMs: config.GATEWAY_BREAKER_HALF_OPEN_MS },
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    logger,
    onBreakerState: (target, state) => metrics.breaker.set({ target }, BREAKER_VALUE[state]),
  });
  // Every call is timed and counted on the run in scope (levain_orchestration_gateway_calls_per_run).
  const gateway: typeof client = { request: (call) => orchestration.timeGatewayCall(call.query, () => client.request(call)) };
  const sendWebhook = createWebhookSender({
    attempts: config.WEBHOOK_ATTEMPTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    initialDelayMs: options.webhookInitialDelayMs,
    policy: createWebhookPolicy(config.WEBHOOK_ALLOWED_HOSTS),
    logger,
  });
  let stopping = false;
  const slots = new TenantSlots(config.WORKER_CONCURRENCY_PER_TENANT);
  const deferMs = options.tenantDeferMs ?? 3_000;

  const worker = queues.backend.createWorker<OrchestrationJobData, RunSummary>(
    ORCHESTRATION_QUEUE,
    inRunScope(async (job, token) => {
      const progress = progressOf(job);
      // Starts that ran nothing (deferred for the bakery's share of slots) are not starts: the
      // cap on restarts (JOB_MAX_STARTED_ATTEMPTS) counts crashes, stalls and retries only.
      const deferrals = progress.deferrals ?? 0;
      const started = job.attemptsStarted - deferrals;
      if (started > config.JOB_MAX_STARTED_ATTEMPTS) throw new UnrecoverableError('job started more than allowable limit');
      const tenantKey = String((job.data as { tenantId?: unknown }).tenantId);
      if (!slots.tryTake(tenantKey)) {
        // One bakery never holds every slot: its extra job goes back (delayed, priority kept).
        await job.updateProgress({ ...progress, deferrals: deferrals + 1 });
        await job.moveToDelayed(Date.now() + deferMs + Math.floor(Math.random() * deferMs), token);
        throw new DelayedError();
      }
      const startedAt = Date.now();
      // A metric label: a forged job's made-up trigger must not mint new series.
      const trigger = ['SCHEDULED', 'MANUAL', 'EVENT'].includes(job.data.trigger) ? job.data.trigger : 'UNKNOWN';
      const observe = (outcome: string) => {
        metrics.runs.inc({ trigger, outcome });
        metrics.duration.observe({ trigger, outcome }, (Date.now() - startedAt) / 1000);
      };
      try {
        const data = parseJobData(job.data);
        if (trigger === 'SCHEDULED' && started <= 1) orchestration.observeSchedulerLag(ORCHESTRATION_QUEUE, (startedAt - firedAt(job)) / 1000);
        const summary = await runSaga(
          {
            id: job.id!,
            data,
            firedAt: firedAt(job),
            attemptsStarted: started,
            progress,
            saveProgress: (next) => job.updateProgress(next as object),
          },
          {
            gateway,
            sendWebhook,
            logger,
            maxStartedAttempts: config.JOB_MAX_STARTED_ATTEMPTS,
            stopping: () => stopping,
            onFinished: (run) => {
              orchestration.runFinished(run);
              annotateActiveSpan({ 'levain.run_id': run.id, 'levain.run_status': run.status });
            },
          },
        );
        observe(summary.status);
        if (summary.status === 'FAILED' || summary.status === 'COMPENSATED') {
          // The run ended, undone: failing the job shows it (Bull Board, metrics); retrying would change nothing.
          throw new UnrecoverableError(`run ${summary.runId} ended ${summary.status}: step ${summary.failedStep} failed: ${summary.error}`);
        }
        return summary;
      } catch (error) {
        if (error instanceof JobRefused) {
          observe('REFUSED');
          logger.error({ jobId: job.id, data: job.data, reason: error.message }, 'orchestration job refused: nothing was run for it');
          throw new UnrecoverableError(error.message);
        }
        if (error instanceof SagaReleased) {
          observe('RELEASED');
          await job.moveToWait(token);
          throw new WaitingError();
        }
        if (error instanceof UnrecoverableError) throw error;
        observe(error instanceof CompensationIncomplete ? 'COMPENSATION_RETRY' : 'RETRY');
        // The last start allowed: fail for good (BullMQ's maxStartedAttempts would count deferrals).
        if (started >= config.JOB_MAX_STARTED_ATTEMPTS) throw new UnrecoverableError((error as Error).message);
        throw error;
      } finally {
        slots.release(tenantKey);
      }
    }),
    {
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.JOB_LOCK_DURATION_MS,
      stalledInterval: config.JOB_STALLED_INTERVAL_MS,
      // JOB_MAX_STARTED_ATTEMPTS is the one cap on restarts, counted by the processor above (not
      // BullMQ's maxStartedAttempts, which would count a job deferred for its bakery's share as
      // started); stalls alone must not fail a job sooner.
      maxStalledCount: config.JOB_MAX_STARTED_ATTEMPTS,
      removeOnComplete: COMPLETED_JOB_RETENTION,
      removeOnFail: FAILED_JOB_RETENTION,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'orchestration worker error'));
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, tenantId: job?.data.tenantId, attemptsMade: job?.attemptsMade, err: error.message }, 'orchestration job failed'),
  );
  worker.on('completed', (job, summary) => logger.info({ jobId: job.id, ...summary }, 'orchestration job completed'));
  worker.on('stalled', (jobId) => logger.warn({ jobId }, 'orchestration job stalled; it will be started again'));

  const audit = async () => {
    try {
      const problems = await queues.auditSchedules();
      for (const problem of ['missing-next', 'overdue'] as const) {
        metrics.schedulerProblems.set({ problem }, problems.filter((found) => found.problem === problem).length);
      }
      for (const problem of problems) logger.warn(problem, 'job scheduler will not fire as configured');
      const counts = await queues.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ state }, count);
    } catch (error) {
      logger.error({ err: error }, 'could not audit the job schedulers');
    }
  };
  const auditTimer = setInterval(() => void audit(), options.auditIntervalMs ?? 60_000);
  auditTimer.unref();
  await worker.waitUntilReady();
  void audit();

  return {
    worker,
    queues,
    metrics,
    slots,
    async ready() {
      if (stopping || !worker.isRunning()) return false;
      try {
        await Promise.race([
          queues.queue.getJobCounts('waiting'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      stopping = true;
      clearInterval(auditTimer);
      await worker.close();
      await queues.close();
    },
  };
}
