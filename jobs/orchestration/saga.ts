import { UnrecoverableError } from 'bullmq';
import type { Logger } from '../../platform/logger.ts';
import { annotateScope } from '../../platform/request-scope.ts';
import type { OrchestrationJobData, RunSummary } from '../queues.ts';
import { GatewayCallFailed, type GatewayCall, type GatewayClient, type GatewayTarget } from './gateway-client.ts';
import {
  CancelProcurementPlanDocument,
  CancelProductionScheduleDocument,
  FinishOrchestrationRunDocument,
  OrchestrationRunStateDocument,
  RecordRunStepDocument,
  StartOrchestrationRunDocument,
  type RecordRunStepInput,
} from './generated/operations.ts';
import type { Operation, RunState, StepName } from './operations.ts';
import { STEPS, sendNotifications, type StepContext, type StepVariables } from './steps.ts';
import { JobRefused } from './job-guard.ts';
import type { WebhookSender } from './webhook.ts';

/**
 * The orchestration saga of one job.
 *
 * Exactly once per (tenant, plan date, trigger). Every run is created through
 * `startOrchestrationRun` with the job's fire time and an idempotency key the job alone
 * determines — `scheduled` (planning makes it `scheduled:<plan date>`, the plan date being the
 * fire time in the tenant's time zone), `event:<job id>`, or, for a manual run, the run
 * `requestOrchestration` already created — so a job delivered again (a worker killed, a stalled
 * lock, a retry) finds the same run instead of making a second one. It then skips the steps
 * COMPLETED; a step whose call was lost when the worker died runs again, which is safe because
 * each planning mutation returns what it already made for the run.
 *
 * Quiet. Each step is one planning mutation that records the step itself (RUNNING → COMPLETED in
 * the transaction that stores its work) and answers with the run's state, so a run costs 8
 * gateway calls: start (or read) the run, the snapshot query, recordSnapshot, the three generate
 * mutations, sendPlanNotifications, and finishOrchestrationRun, which completes the notify step
 * with its note and attempts. A step's attempts count the worker's tries: each try tells planning
 * its number (`attempt`).
 *
 * Failure. A call is retried (backoff, jitter, breaker) inside the gateway client; a step
 * whose call still fails is FAILED, and the saga compensates: it cancels the run's DRAFT
 * procurement plan and production schedule (whichever step made them — a plan whose
 * response was lost counts too), marks the completed steps COMPENSATED in reverse, skips the
 * rest and ends the run COMPENSATED (FAILED when nothing had completed). The decision to
 * compensate is saved in the job's progress before anything else, because planning — where the
 * run lives — may be the thing that is down: a later delivery then resumes compensating
 * instead of retrying the step. If compensation cannot finish, the run is left FAILED (when
 * planning answers) and the job fails retryably; its next attempt compensates again.
 */

/** A job as the saga sees it (the worker adapts BullMQ's Job to this). */
export interface SagaJob {
  id: string;
  data: OrchestrationJobData;
  /** When the job was meant to run: the scheduler's fire time, else when it was added (ms). */
  firedAt: number;
  /** How many times the job has been started, this time included. */
  attemptsStarted: number;
  progress: SagaProgress;
  saveProgress(progress: SagaProgress): Promise<void>;
}

/** What the saga keeps in the job (the queue), outside planning. */
export interface SagaProgress {
  runId?: string;
  /** Set once a step has failed for good: from then on the job only compensates. */
  failure?: StepFailure;
  /**
   * Times the worker put the job back untouched because its bakery already held its share of the
   * worker's slots (jobs/tenant-slots.ts): those starts ran nothing and do not count as starts.
   */
  deferrals?: number;
}

export interface StepFailure {
  step: StepName;
  error: string;
  attempts: number;
}

export interface SagaOptions {
  gateway: GatewayClient;
  sendWebhook: WebhookSender;
  logger: Logger;
  /** The worker's `maxStartedAttempts`: on the last allowed start the saga compensates instead of retrying. */
  maxStartedAttempts: number;
  /** Asked before each step; true when the worker is shutting down and the job should go back to wait. */
  stopping: () => boolean;
  /** Called with the run as this job ends it (COMPLETED, COMPENSATED or FAILED): the worker's metrics. */
  onFinished?: (run: RunState) => void;
}

/** The worker is shutting down: the job goes back to the queue at a step boundary. */
export class SagaReleased extends Error {
  constructor() {
    super('released at a step boundary: the worker is shutting down');
    this.name = 'SagaReleased';
  }
}

/** Compensation could not finish (planning unreachable); the job should be tried again. */
export class CompensationIncomplete extends Error {
  constructor(runId: string, cause: unknown) {
    super(`run ${runId}: compensation did not finish: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CompensationIncomplete';
  }
}

const OPEN: readonly RunState['status'][] = ['QUEUED', 'RUNNING'];
const MAX_ERROR_LENGTH = 2000;

const clip = (message: string) => (message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message);

function summaryOf(run: RunState): RunSummary {
  return {
    runId: run.id,
    planDate: run.planDate,
    trigger: run.trigger,
    status: run.status === 'QUEUED' ? 'RUNNING' : run.status,
    procurementPlanId: run.procurementPlan?.id ?? null,
    failedStep: run.failedStep,
    error: run.error,
  };
}

function stepOf(run: RunState, name: StepName) {
  const step = run.steps.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`run ${run.id} has no step ${name}`);
  return step;
}

/** A failure the run already records (an earlier delivery decided to compensate). */
function recordedFailure(run: RunState): StepFailure | undefined {
  const failed = run.steps.find((step) => step.status === 'FAILED');
  if (run.status === 'FAILED' || failed) {
    const step = run.failedStep ?? failed?.name ?? 'snapshot';
    return { step, error: run.error ?? failed?.error ?? 'step failed', attempts: stepOf(run, step).attempts };
  }
  return undefined;
}

/** Runs one job's saga to the end; returns the run's summary (COMPLETED, COMPENSATED or FAILED). */
export async function runSaga(job: SagaJob, options: SagaOptions): Promise<RunSummary> {
  const { tenantId } = job.data;
  const call: Call = async <TResult, TVariables extends Record<string, unknown>>(
    target: GatewayTarget,
    name: string,
    operation: Operation<TResult, TVariables>,
    variables: TVariables,
  ) => (await options.gateway.request<TResult>({ tenantId, target, name, query: operation.toString(), variables })).data;

  const resumed = job.data.trigger === 'MANUAL' || job.progress.runId !== undefined;
  let run = await openRun(job, call);
  annotateScope({ runId: run.id });
  const logger = options.logger.child({ tenantId, runId: run.id, jobId: job.id, trigger: run.trigger });
  if (job.progress.runId !== run.id) await job.saveProgress({ ...job.progress, runId: run.id });
  if (run.status === 'COMPLETED' || run.status === 'COMPENSATED') return summaryOf(run);
  if (!resumed && run.status === 'RUNNING') {
    // A run is RUNNING only once a job recorded a step, after saving its id in its progress. A
    // job that finds it RUNNING without having saved it is a second fire on the same plan
    // date: the first job is driving the run (or will resume it if it died); leave it alone.
    logger.info('run already in progress under another job; nothing to do');
    return summaryOf(run);
  }

  let failure = job.progress.failure ?? recordedFailure(run);
  if (!failure && job.attemptsStarted >= options.maxStartedAttempts && job.attemptsStarted > 1) {
    // The last start BullMQ allows: a job that keeps dying mid-step would die again, and the
    // next start would fail it without a word to the run. Undo instead.
    const unfinished = STEPS.find((step) => stepOf(run, step.name).status !== 'COMPLETED')?.name ?? 'notify';
    failure = {
      step: unfinished,
      error: `the job was started ${job.attemptsStarted} times without finishing (worker crashes or stalled locks); giving up`,
      attempts: stepOf(run, unfinished).attempts,
    };
    await job.saveProgress({ ...job.progress, runId: run.id, failure });
  }
  if (failure) return compensate(run, failure, { tenantId, call, options, logger });

  // The notify step's note and attempts: finishing the run completes that step.
  let notified: { note: string | null; attempts: number } | null = null;
  for (const step of STEPS) {
    const current = stepOf(run, step.name);
    if (current.status === 'COMPLETED' || current.status === 'SKIPPED') continue;
    if (options.stopping()) throw new SagaReleased();

    // Tries of this step's calls beyond the first of each: they count as attempts.
    let retries = 0;
    const counted = async <TResult>(operation: Operation<TResult, never>, gatewayCall: Omit<GatewayCall, 'tenantId' | 'query'>) => {
      try {
        const result = await options.gateway.request<TResult>({ tenantId, query: operation.toString(), ...gatewayCall });
        retries += result.tries - 1;
        return result.data;
      } catch (error) {
        if (error instanceof GatewayCallFailed) retries += error.tries - 1;
        throw error;
      }
    };
    const attemptOf = (tryNumber: number) => current.attempts + retries + tryNumber;
    const context: StepContext = {
      tenantId,
      run,
      sendWebhook: options.sendWebhook,
      call: (target, name, operation, variables) => counted(operation, { target, name, variables }),
      record: (name, operation, variables) => counted(operation, { target: 'planning', name, variables: (tryNumber) => ({ ...variables, attempt: attemptOf(tryNumber) }) }),
    };
    const startedAt = Date.now();
    try {
      const outcome = await step.run(context);
      run = outcome.run;
      if (step.name === 'notify') notified = { note: outcome.note, attempts: attemptOf(1) };
      logger.info({ step: step.name, attempts: attemptOf(1), ms: Date.now() - startedAt }, 'saga step done');
    } catch (error) {
      failure = { step: step.name, error: clip((error as Error).message), attempts: attemptOf(1) };
      logger.warn({ step: step.name, err: failure.error, attempts: failure.attempts }, 'saga step failed; compensating');
      await job.saveProgress({ ...job.progress, runId: run.id, failure });
      return compensate(run, failure, { tenantId, call, options, logger });
    }
  }

  const { finishOrchestrationRun: finished } = await call('planning', 'finishOrchestrationRun', FinishOrchestrationRunDocument, {
    runId: run.id,
    input: {
      status: 'COMPLETED',
      ...(notified?.note ? { note: clip(notified.note) } : {}),
      ...(notified ? { attempts: notified.attempts } : {}),
    },
  });
  logger.info({ planId: finished.procurementPlan?.id }, 'orchestration run completed');
  options.onFinished?.(finished);
  return summaryOf(finished);
}

type Call = StepContext['call'];

/** What compensating and finishing need of the job's saga. */
interface SagaScope {
  tenantId: string;
  call: Call;
  options: SagaOptions;
  logger: Logger;
}

async function refresh(runId: string, call: Call): Promise<RunState> {
  const { orchestrationRun } = await call('planning', 'orchestrationRun', OrchestrationRunStateDocument, { id: runId });
  if (!orchestrationRun) throw new UnrecoverableError(`run ${runId} no longer exists`);
  return orchestrationRun;
}

/**
 * The job's run, in one call that also vets the job (job-guard.ts): a MANUAL job's run, which must
 * be a MANUAL run of the job's tenant; otherwise the run of this job's key, started now or found
 * again on a later delivery. A tenant that does not exist is refused by the gateway.
 */
async function openRun(job: SagaJob, call: Call): Promise<RunState> {
  const { data } = job;
  try {
    if (data.trigger === 'MANUAL') {
      const { orchestrationRun: run } = await call('planning', 'orchestrationRun', OrchestrationRunStateDocument, { id: data.runId });
      if (run?.trigger !== 'MANUAL') throw new JobRefused(`run ${data.runId} is not a manual run of tenant ${data.tenantId}`);
      return run;
    }
    const idempotencyKey = data.trigger === 'SCHEDULED' ? 'scheduled' : `event:${job.id}`;
    const { startOrchestrationRun } = await call('planning', 'startOrchestrationRun', StartOrchestrationRunDocument, {
      input: { firedAt: new Date(job.firedAt).toISOString(), trigger: data.trigger, idempotencyKey },
    });
    return startOrchestrationRun;
  } catch (error) {
    // A refused request (the tenant is gone, a malformed key) will be refused again.
    if (error instanceof GatewayCallFailed && !error.transient) throw new JobRefused(`tenant ${data.tenantId}: ${error.message}`);
    throw error;
  }
}

/**
 * Undoes what the run made and ends it COMPENSATED (FAILED when nothing had completed, or when
 * a planner's decision cannot be undone). Every call is idempotent, so a later delivery may
 * run this again from the top.
 */
async function compensate(run: RunState, failure: StepFailure, saga: SagaScope): Promise<RunSummary> {
  const { call, logger } = saga;
  const record = (name: StepName, input: Omit<RecordRunStepInput, 'name'>) =>
    call('planning', 'recordRunStep', RecordRunStepDocument, { runId: run.id, input: { name, ...input } });
  try {
    let state = await refresh(run.id, call);
    if (state.status === 'COMPLETED' || state.status === 'COMPENSATED') return summaryOf(state);
    if (OPEN.includes(state.status)) {
      const failed = stepOf(state, failure.step);
      if (failed.status === 'PENDING' || failed.status === 'RUNNING') {
        await record(failure.step, { status: 'FAILED', attempts: Math.max(failed.attempts, failure.attempts), error: failure.error });
      }
      for (const step of state.steps) {
        if (step.status === 'PENDING' && step.name !== failure.step) await record(step.name, { status: 'SKIPPED' });
      }
    }
    // Reverse pipeline order: the plan (procurement), then the schedule (production).
    if (state.procurementPlan?.status === 'APPROVED') {
      return await finish(state, 'FAILED', `${failure.error}; not compensated: procurement plan ${state.procurementPlan.id} was approved by a planner`, failure, saga);
    }
    // A SUPERSEDED draft (a newer run planned the same date meanwhile) is undone like a DRAFT one.
    const undoable = (draft: { status: string } | null): draft is { id: string; status: string } =>
      draft?.status === 'DRAFT' || draft?.status === 'SUPERSEDED';
    const { procurementPlan: plan, productionSchedule: schedule } = state;
    if (undoable(plan)) await call('planning', 'cancelProcurementPlan', CancelProcurementPlanDocument, { id: plan.id });
    if (undoable(schedule)) await call('planning', 'cancelProductionSchedule', CancelProductionScheduleDocument, { id: schedule.id });
    state = await refresh(run.id, call);
    const completed = [...state.steps].reverse().filter((step) => step.status === 'COMPLETED');
    for (const step of completed) await record(step.name, { status: 'COMPENSATED' });
    const undone = completed.length > 0 || state.steps.some((step) => step.status === 'COMPENSATED');
    logger.warn({ failedStep: failure.step, compensated: completed.map((step) => step.name) }, 'orchestration run compensated');
    return await finish(state, undone ? 'COMPENSATED' : 'FAILED', failure.error, failure, saga);
  } catch (error) {
    if (error instanceof UnrecoverableError) throw error;
    if (error instanceof GatewayCallFailed && !error.transient) {
      // Planning refuses an undo (a state only a planner changes): it will refuse again.
      return finish(run, 'FAILED', `${failure.error}; compensation refused: ${error.message}`, failure, saga).catch(() => {
        throw new UnrecoverableError(`run ${run.id}: compensation refused: ${error.message}`);
      });
    }
    await call('planning', 'finishOrchestrationRun', FinishOrchestrationRunDocument, {
      runId: run.id,
      input: { status: 'FAILED', failedStep: failure.step, error: clip(`${failure.error}; compensation not finished yet: ${(error as Error).message}`) },
    }).catch(() => {});
    throw new CompensationIncomplete(run.id, error);
  }
}

async function finish(
  run: RunState,
  status: 'FAILED' | 'COMPENSATED',
  error: string,
  failure: StepFailure,
  saga: SagaScope,
): Promise<RunSummary> {
  const { tenantId, call, options } = saga;
  const { finishOrchestrationRun: finished } = await call('planning', 'finishOrchestrationRun', FinishOrchestrationRunDocument, {
    runId: run.id,
    input: { status, failedStep: failure.step, error: clip(error) },
  });
  options.onFinished?.(finished);
  // A failed run is news too (RUN_FAILED notification, webhook); never worth failing the job over.
  const context: StepContext = {
    tenantId,
    run: finished,
    sendWebhook: options.sendWebhook,
    call,
    // The run is over: planning records no step, so no attempt to tell (it is optional in every step mutation).
    record: <TResult, TVariables extends StepVariables>(name: string, operation: Operation<TResult, TVariables>, variables: Omit<TVariables, 'attempt'>) =>
      call('planning', name, operation, variables as TVariables),
  };
  await sendNotifications(context).catch((notifyError: Error) =>
    options.logger.warn({ runId: run.id, err: notifyError.message }, 'could not notify the failed run'),
  );
  return summaryOf(finished);
}
