import { badUserInput, notFound } from '../../../platform/errors.ts';
import { dateIn } from '../../../platform/time-zones.ts';
import type { PlanningRepository } from '../repository.ts';
import type { OrchestrationRun, RunStatus, RunStep, StepName, StepStatus } from '../repository/runs.ts';
import type { FinishRunInput, RunStepInput, StartRunInput } from '../validation.ts';

/** Run statuses no step may start from: the run is over. */
const FINAL_RUN_STATUSES: readonly RunStatus[] = ['COMPLETED', 'FAILED', 'COMPENSATED'];

/**
 * Where a step may go from each status. Recording the status a step already has is always
 * accepted and changes nothing (a retried call), except RUNNING, which counts an attempt.
 */
const STEP_TRANSITIONS: Record<StepStatus, readonly StepStatus[]> = {
  PENDING: ['RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'],
  RUNNING: ['RUNNING', 'COMPLETED', 'FAILED'],
  FAILED: ['RUNNING'],
  COMPLETED: ['COMPENSATED'],
  COMPENSATED: [],
  SKIPPED: [],
};

/** Where a run may end from each status (finishing with its current status changes nothing). */
const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  QUEUED: ['COMPLETED', 'FAILED', 'COMPENSATED'],
  RUNNING: ['COMPLETED', 'FAILED', 'COMPENSATED'],
  FAILED: ['COMPENSATED'],
  COMPLETED: [],
  COMPENSATED: [],
};

/** Runs `work` holding the run's row lock; NOT_FOUND when the tenant has no such run. */
export async function withLockedRun<T>(
  repository: PlanningRepository,
  runId: string,
  work: (transaction: PlanningRepository, run: OrchestrationRun) => Promise<T>,
): Promise<T> {
  return repository.transaction(async (transaction) => {
    const run = await transaction.runs.lock(runId);
    if (!run) throw notFound(`No orchestration run ${runId} in this bakery`);
    return work(transaction, run);
  });
}

/** Throws BAD_USER_INPUT unless the run is still QUEUED or RUNNING. */
export function assertRunOpen(run: OrchestrationRun, action: string): void {
  if (FINAL_RUN_STATUSES.includes(run.status)) {
    throw badUserInput(`Run ${run.id} is ${run.status}; ${action} needs a QUEUED or RUNNING run, so start a new run`);
  }
}

/** The run as stored now (after a write). */
export async function reloadRun(repository: PlanningRepository, runId: string): Promise<OrchestrationRun> {
  const [run] = await repository.runs.findByIds([runId]);
  return run;
}

/**
 * The run's plan date and key: as given, or, with `firedAt` (when a scheduler fired), the day of
 * that instant in the bakery's time zone and the key scoped to it (`<key>:<plan date>`), so the
 * worker needs neither the zone nor a call to learn it.
 */
async function planDateAndKey(repository: PlanningRepository, input: StartRunInput): Promise<{ planDate: string; idempotencyKey: string }> {
  if (input.planDate) return { planDate: input.planDate, idempotencyKey: input.idempotencyKey };
  const settings = await repository.settings.find();
  if (!settings) throw new Error(`tenant ${repository.tenantId} has no planning settings`);
  const planDate = dateIn(settings.timezone, new Date(input.firedAt!));
  return { planDate, idempotencyKey: `${input.idempotencyKey}:${planDate}` };
}

/**
 * Starts a run, or returns the run this idempotency key already started. Reusing a key for
 * another plan date or trigger is refused: it would silently plan the wrong day.
 */
export async function startRun(repository: PlanningRepository, input: StartRunInput): Promise<OrchestrationRun> {
  const { planDate, idempotencyKey } = await planDateAndKey(repository, input);
  const { run } = await repository.runs.insert({ planDate, trigger: input.trigger, idempotencyKey });
  if (run.planDate !== planDate || run.trigger !== input.trigger) {
    throw badUserInput(
      `idempotencyKey ${JSON.stringify(idempotencyKey)} already started run ${run.id} for ${run.planDate} (${run.trigger}); ` +
        'use a new key for another plan date or trigger',
    );
  }
  return run;
}

/** Step statuses a stage's call records: the step has neither succeeded nor been undone. */
const RECORDED_BY_STAGES: readonly StepStatus[] = ['PENDING', 'RUNNING', 'FAILED'];

/** The run's step `name` when a stage's call should record it (the run is open, the step not done), else undefined. */
async function stepToRecord(transaction: PlanningRepository, run: OrchestrationRun, name: StepName): Promise<RunStep | undefined> {
  if (FINAL_RUN_STATUSES.includes(run.status)) return undefined;
  const step = (await transaction.runs.findStepsByRunIds([run.id])).find((candidate) => candidate.name === name);
  return step && RECORDED_BY_STAGES.includes(step.status) ? step : undefined;
}

/** Records one more attempt of `step` (at least `attempt`) as RUNNING; a QUEUED run becomes RUNNING. Returns the attempts. */
async function recordAttempt(transaction: PlanningRepository, run: OrchestrationRun, step: RunStep, attempt: number | null): Promise<number> {
  const attempts = Math.max(step.attempts + 1, attempt ?? 0);
  await transaction.runs.updateStep({
    runId: run.id,
    name: step.name,
    status: 'RUNNING',
    attempts,
    error: step.error,
    startedAt: step.startedAt === null ? 'now' : 'keep',
    finishedAt: 'clear',
  });
  await transaction.runs.markRunning(run);
  return attempts;
}

/**
 * Runs a pipeline stage as its saga step, so the worker spends one gateway call on it (issue 15):
 * holding the run's lock, in the stage's own transaction, the step is recorded RUNNING, the stage
 * does its work and the step is recorded COMPLETED — the step is COMPLETED exactly when what it
 * made is committed. `attempt` is the worker's try of the step (tries that never reached planning
 * count too); without it a call counts one attempt. A step already COMPLETED (a retried call whose
 * answer was lost) or a run already over is not recorded again: the stage returns what it made.
 *
 * A stage that throws (a refusal, or a failure) commits nothing, its step included: a refused call
 * changes nothing, and the worker records the step FAILED when it gives up (compensation).
 */
export async function runStage<T>(
  repository: PlanningRepository,
  runId: string,
  step: { name: StepName; attempt: number | null },
  stage: (transaction: PlanningRepository, run: OrchestrationRun) => Promise<T>,
): Promise<T> {
  return withLockedRun(repository, runId, async (transaction, run) => {
    const recorded = await stepToRecord(transaction, run, step.name);
    // A step recordRunStep put RUNNING has counted this attempt already.
    const attempts =
      recorded?.status === 'RUNNING' ? Math.max(recorded.attempts, step.attempt ?? 0) : recorded && (await recordAttempt(transaction, run, recorded, step.attempt));
    const result = await stage(transaction, run);
    if (attempts !== undefined) {
      await transaction.runs.updateStep({ runId, name: step.name, status: 'COMPLETED', attempts, error: null, startedAt: 'keep', finishedAt: 'now' });
    }
    return result;
  });
}

/**
 * Records the step RUNNING for a stage whose work goes on at the worker after this call (notify:
 * the webhook); `finishRun` completes it. Nothing is recorded once the step is done or the run over.
 */
export async function startStep(repository: PlanningRepository, runId: string, step: { name: StepName; attempt: number | null }): Promise<void> {
  await withLockedRun(repository, runId, async (transaction, run) => {
    const recorded = await stepToRecord(transaction, run, step.name);
    if (recorded) await recordAttempt(transaction, run, recorded, step.attempt);
  });
}

/** Records a saga step's progress (see STEP_TRANSITIONS); a QUEUED run becomes RUNNING. */
export async function recordRunStep(repository: PlanningRepository, runId: string, input: RunStepInput): Promise<OrchestrationRun> {
  await withLockedRun(repository, runId, async (transaction, run) => {
    const [step] = (await transaction.runs.findStepsByRunIds([runId])).filter((candidate) => candidate.name === input.name);
    const attempts = input.attempts ?? (input.status === 'RUNNING' ? step.attempts + 1 : Math.max(step.attempts, 1));
    if (attempts < step.attempts) {
      throw badUserInput(`input.attempts ${attempts} is below the ${step.attempts} already recorded for step ${step.name}`);
    }
    if (input.status === step.status && input.status !== 'RUNNING') return;
    if (!STEP_TRANSITIONS[step.status].includes(input.status)) {
      const allowed = STEP_TRANSITIONS[step.status];
      throw badUserInput(
        `Step ${step.name} of run ${runId} is ${step.status} and cannot become ${input.status}` +
          (allowed.length ? ` (it can become ${allowed.join(' or ')})` : ' (it is final)'),
      );
    }
    const compensating = input.status === 'COMPENSATED' && run.status === 'FAILED';
    if (!compensating) assertRunOpen(run, `recording step ${step.name} as ${input.status}`);

    const finished = input.status === 'COMPLETED' || input.status === 'FAILED' || input.status === 'SKIPPED';
    await transaction.runs.updateStep({
      runId,
      name: step.name,
      status: input.status,
      attempts: input.status === 'SKIPPED' || input.status === 'COMPENSATED' ? step.attempts : attempts,
      error: input.error !== undefined ? (input.error ?? null) : input.status === 'COMPLETED' ? null : step.error,
      startedAt: step.startedAt === null && input.status !== 'SKIPPED' && input.status !== 'COMPENSATED' ? 'now' : 'keep',
      finishedAt: finished ? 'now' : input.status === 'RUNNING' ? 'clear' : 'keep',
    });
    await transaction.runs.markRunning(run);
  });
  return reloadRun(repository, runId);
}

/**
 * Ends a run. COMPLETED needs the run's procurement plan, and completes its last step (notify)
 * unless done, with the worker's `attempts` and `note` (a problem that did not fail it, kept as
 * the step's error); COMPENSATED needs its production schedule and procurement plan (those it
 * has) cancelled, which is what compensating means.
 */
export async function finishRun(repository: PlanningRepository, runId: string, input: FinishRunInput): Promise<OrchestrationRun> {
  await withLockedRun(repository, runId, async (transaction, run) => {
    if (run.status === input.status) return;
    if (!RUN_TRANSITIONS[run.status].includes(input.status)) {
      throw badUserInput(`Run ${runId} is ${run.status} and cannot become ${input.status}`);
    }
    const [plan] = await transaction.procurement.findPlansByRunIds([runId]);
    if (input.status === 'COMPLETED' && !plan) {
      throw badUserInput(`Run ${runId} has no procurement plan yet; generate it before completing the run`);
    }
    if (input.status === 'COMPENSATED') {
      const [schedule] = await transaction.production.findSchedulesByRunIds([runId]);
      if (plan && plan.status !== 'CANCELLED') {
        throw badUserInput(`Run ${runId} cannot be COMPENSATED while its procurement plan ${plan.id} is ${plan.status}; cancel it first`);
      }
      if (schedule && schedule.status !== 'CANCELLED') {
        throw badUserInput(`Run ${runId} cannot be COMPENSATED while its production schedule ${schedule.id} is ${schedule.status}; cancel it first`);
      }
    }
    const notify = input.status === 'COMPLETED' ? await stepToRecord(transaction, run, 'notify') : undefined;
    if (notify) {
      await transaction.runs.updateStep({
        runId,
        name: 'notify',
        status: 'COMPLETED',
        attempts: Math.max(notify.attempts, input.attempts ?? 1),
        error: input.note ?? null,
        startedAt: notify.startedAt === null ? 'now' : 'keep',
        finishedAt: 'now',
      });
    }
    await transaction.runs.update(runId, {
      status: input.status,
      finishedAt: 'now',
      error: input.error ?? null,
      failedStep: input.failedStep ?? null,
    });
  });
  return reloadRun(repository, runId);
}
