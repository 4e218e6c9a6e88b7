import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import { badUserInput, notFound } from '../../../platform/errors.ts';
import { findPlansByRunIds } from '../repository/procurement.ts';
import { findSchedulesByRunIds } from '../repository/production.ts';
import {
  findRunsByIds,
  findStepsByRunIds,
  insertRun,
  lockRun,
  markRunning,
  updateRun,
  updateStep,
  type OrchestrationRun,
  type RunStatus,
  type StepStatus,
} from '../repository/runs.ts';
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
  db: Db,
  tenantId: string,
  runId: string,
  work: (trx: Knex.Transaction, run: OrchestrationRun) => Promise<T>,
): Promise<T> {
  return db.transaction(async (trx) => {
    const run = await lockRun(trx, tenantId, runId);
    if (!run) throw notFound(`No orchestration run ${runId} in this bakery`);
    return work(trx, run);
  });
}

/** Throws BAD_USER_INPUT unless the run is still QUEUED or RUNNING. */
export function assertRunOpen(run: OrchestrationRun, action: string): void {
  if (FINAL_RUN_STATUSES.includes(run.status)) {
    throw badUserInput(`Run ${run.id} is ${run.status}; ${action} needs a QUEUED or RUNNING run, so start a new run`);
  }
}

/** The run as stored now (after a write). */
export async function reloadRun(db: Db, tenantId: string, runId: string): Promise<OrchestrationRun> {
  const [run] = await findRunsByIds(db, tenantId, [runId]);
  return run;
}

/**
 * Starts a run, or returns the run this idempotency key already started. Reusing a key for
 * another plan date or trigger is refused: it would silently plan the wrong day.
 */
export async function startRun(db: Db, tenantId: string, input: StartRunInput): Promise<OrchestrationRun> {
  const { run } = await insertRun(db, tenantId, input);
  if (run.planDate !== input.planDate || run.trigger !== input.trigger) {
    throw badUserInput(
      `idempotencyKey ${JSON.stringify(input.idempotencyKey)} already started run ${run.id} for ${run.planDate} (${run.trigger}); ` +
        'use a new key for another plan date or trigger',
    );
  }
  return run;
}

/** Records a saga step's progress (see STEP_TRANSITIONS); a QUEUED run becomes RUNNING. */
export async function recordRunStep(db: Db, tenantId: string, runId: string, input: RunStepInput): Promise<OrchestrationRun> {
  await withLockedRun(db, tenantId, runId, async (trx, run) => {
    const [step] = (await findStepsByRunIds(trx, tenantId, [runId])).filter((candidate) => candidate.name === input.name);
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
    await updateStep(trx, tenantId, {
      runId,
      name: step.name,
      status: input.status,
      attempts: input.status === 'SKIPPED' || input.status === 'COMPENSATED' ? step.attempts : attempts,
      error: input.error !== undefined ? (input.error ?? null) : input.status === 'COMPLETED' ? null : step.error,
      startedAt: step.startedAt === null && input.status !== 'SKIPPED' && input.status !== 'COMPENSATED' ? 'now' : 'keep',
      finishedAt: finished ? 'now' : input.status === 'RUNNING' ? 'clear' : 'keep',
    });
    await markRunning(trx, run);
  });
  return reloadRun(db, tenantId, runId);
}

/**
 * Ends a run. COMPLETED needs the run's procurement plan; COMPENSATED needs its production
 * schedule and procurement plan (those it has) cancelled, which is what compensating means.
 */
export async function finishRun(db: Db, tenantId: string, runId: string, input: FinishRunInput): Promise<OrchestrationRun> {
  await withLockedRun(db, tenantId, runId, async (trx, run) => {
    if (run.status === input.status) return;
    if (!RUN_TRANSITIONS[run.status].includes(input.status)) {
      throw badUserInput(`Run ${runId} is ${run.status} and cannot become ${input.status}`);
    }
    const [plan] = await findPlansByRunIds(trx, tenantId, [runId]);
    if (input.status === 'COMPLETED' && !plan) {
      throw badUserInput(`Run ${runId} has no procurement plan yet; generate it before completing the run`);
    }
    if (input.status === 'COMPENSATED') {
      const [schedule] = await findSchedulesByRunIds(trx, tenantId, [runId]);
      if (plan && plan.status !== 'CANCELLED') {
        throw badUserInput(`Run ${runId} cannot be COMPENSATED while its procurement plan ${plan.id} is ${plan.status}; cancel it first`);
      }
      if (schedule && schedule.status !== 'CANCELLED') {
        throw badUserInput(`Run ${runId} cannot be COMPENSATED while its production schedule ${schedule.id} is ${schedule.status}; cancel it first`);
      }
    }
    await updateRun(trx, tenantId, runId, {
      status: input.status,
      finishedAt: 'now',
      error: input.error ?? null,
      failedStep: input.failedStep ?? null,
    });
  });
  return reloadRun(db, tenantId, runId);
}
