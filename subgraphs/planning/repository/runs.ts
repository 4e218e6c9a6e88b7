import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import { pageWithTotal, type PageWithTotal } from '../../../db/pages.ts';
import type { Page } from '../../../platform/pagination.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../../db/rows.ts';

export type RunTrigger = 'SCHEDULED' | 'MANUAL' | 'EVENT';
export type RunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'COMPENSATED';
export type StepName = 'snapshot' | 'forecast' | 'production' | 'procurement' | 'notify';
export type StepStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'COMPENSATED' | 'SKIPPED';

/** The saga's steps in pipeline order (DESIGN.md §4). */
export const STEP_NAMES: readonly StepName[] = ['snapshot', 'forecast', 'production', 'procurement', 'notify'];

export interface OrchestrationRun {
  id: string;
  tenantId: string;
  planDate: string;
  trigger: RunTrigger;
  status: RunStatus;
  idempotencyKey: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  failedStep: StepName | null;
  createdAt: Date;
  /** created_at to the microsecond (ISO, UTC): the keyset cursor of `orchestrationRuns`. */
  cursorAt: string;
}

export interface RunStep {
  runId: string;
  name: StepName;
  position: number;
  status: StepStatus;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

type RunRow = RowOf<OrchestrationRun>;

type StepRow = RowOf<RunStep>;

const RUNS = 'planning.orchestration_runs';
const STEPS = 'planning.run_steps';

const toRun = rowMapper<OrchestrationRun>({
  id: true, tenantId: true, planDate: true, trigger: true, status: true, idempotencyKey: true, startedAt: true,
  finishedAt: true, error: true, failedStep: true, createdAt: true, cursorAt: true,
});

const toStep = rowMapper<RunStep>({
  runId: true, name: true, position: true, status: true, attempts: true, startedAt: true, finishedAt: true,
  error: true,
});

function selectRuns(db: Db, tenantId: string) {
  return db<RunRow>(RUNS)
    .where('tenant_id', tenantId)
    .select('*', db.raw(`${CREATED_AT_CURSOR} as cursor_at`));
}

/**
 * Creates a QUEUED run with its five steps PENDING, unless the tenant already has a run with
 * this idempotency key: then returns that run (`created: false`). Concurrent calls with one key
 * create one run: the loser's insert waits on the unique index, does nothing, then reads the
 * winner's committed row.
 */
export async function insertRun(
  db: Db,
  tenantId: string,
  input: { planDate: string; trigger: RunTrigger; idempotencyKey: string },
): Promise<{ run: OrchestrationRun; created: boolean }> {
  return db.transaction(async (trx) => {
    const inserted: { id: string }[] = await trx(RUNS)
      .insert({ tenant_id: tenantId, plan_date: input.planDate, trigger: input.trigger, idempotency_key: input.idempotencyKey })
      .onConflict(['tenant_id', 'idempotency_key'])
      .ignore()
      .returning('id');
    if (inserted.length > 0) {
      await trx(STEPS).insert(
        STEP_NAMES.map((name, position) => ({ tenant_id: tenantId, run_id: inserted[0].id, name, position })),
      );
    }
    const row = await selectRuns(trx, tenantId).where('idempotency_key', input.idempotencyKey).first();
    return { run: toRun(row as RunRow), created: inserted.length > 0 };
  });
}

/** Runs of a tenant by id, one query. */
export async function findRunsByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<OrchestrationRun[]> {
  if (ids.length === 0) return [];
  const rows: RunRow[] = await selectRuns(db, tenantId).whereRaw('id = any(?::uuid[])', [[...ids]]);
  return rows.map(toRun);
}

/**
 * Locks the run's row until `trx` ends and returns it (`undefined` when the tenant has no such
 * run). Every write to a run and to what its steps produced goes through this lock, so two
 * calls for one run take turns and the second sees what the first committed.
 */
export async function lockRun(trx: Knex.Transaction, tenantId: string, runId: string): Promise<OrchestrationRun | undefined> {
  const row: RunRow | undefined = await selectRuns(trx, tenantId).where('id', runId).forUpdate().first();
  return row && toRun(row);
}

/** One page of runs, newest first (created_at, id descending), fetching `first + 1` rows, and how many there are. */
export async function listRuns(db: Db, tenantId: string, page: Page, status: RunStatus | null): Promise<PageWithTotal<OrchestrationRun>> {
  const matching = () => {
    const query = db(RUNS).where('tenant_id', tenantId);
    if (status) query.where('status', status);
    return query;
  };
  const query = selectRuns(db, tenantId)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(page.first + 1);
  if (status) query.where('status', status);
  if (page.after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [page.after.sortKey, page.after.id]);
  const { rows, totalCount } = await pageWithTotal<RunRow>(db, query, matching, Boolean(page.after));
  return { rows: rows.map(toRun), totalCount };
}

/** Changes a run's columns (already validated by the caller, inside its lock). */
export async function updateRun(
  trx: Knex.Transaction,
  tenantId: string,
  runId: string,
  changes: Partial<{ status: RunStatus; startedAt: 'now'; finishedAt: 'now'; error: string | null; failedStep: StepName | null }>,
): Promise<void> {
  const columns: Record<string, unknown> = {};
  if (changes.status !== undefined) columns.status = changes.status;
  if (changes.startedAt) columns.started_at = trx.raw('clock_timestamp()');
  if (changes.finishedAt) columns.finished_at = trx.raw('clock_timestamp()');
  if (changes.error !== undefined) columns.error = changes.error;
  if (changes.failedStep !== undefined) columns.failed_step = changes.failedStep;
  await trx(RUNS).where({ tenant_id: tenantId, id: runId }).update(columns);
}

/** A QUEUED run becomes RUNNING (started now) when work on it begins; other runs are left alone. */
export async function markRunning(trx: Knex.Transaction, run: OrchestrationRun): Promise<void> {
  if (run.status === 'QUEUED') await updateRun(trx, run.tenantId, run.id, { status: 'RUNNING', startedAt: 'now' });
}

/** Steps of many runs in one query, each run's in pipeline order. */
export async function findStepsByRunIds(db: Db, tenantId: string, runIds: readonly string[]): Promise<RunStep[]> {
  if (runIds.length === 0) return [];
  const rows: StepRow[] = await db(STEPS)
    .where('tenant_id', tenantId)
    .whereRaw('run_id = any(?::uuid[])', [[...runIds]])
    .orderBy([{ column: 'run_id' }, { column: 'position' }]);
  return rows.map(toStep);
}

/** Writes a step's new state (validated by the caller, inside the run's lock). */
export async function updateStep(
  trx: Knex.Transaction,
  tenantId: string,
  step: Pick<RunStep, 'runId' | 'name' | 'status' | 'attempts' | 'error'> & {
    startedAt: 'now' | 'keep';
    finishedAt: 'now' | 'keep' | 'clear';
  },
): Promise<void> {
  const columns: Record<string, unknown> = { status: step.status, attempts: step.attempts, error: step.error };
  if (step.startedAt === 'now') columns.started_at = trx.raw('clock_timestamp()');
  if (step.finishedAt === 'now') columns.finished_at = trx.raw('clock_timestamp()');
  if (step.finishedAt === 'clear') columns.finished_at = null;
  await trx(STEPS).where({ tenant_id: tenantId, run_id: step.runId, name: step.name }).update(columns);
}
