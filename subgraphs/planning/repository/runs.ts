import { pageWithTotal, type PageWithTotal } from '../../../db/pages.ts';
import type { Page } from '../../../platform/pagination.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

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

/** The tenant's orchestration runs (`planning.orchestration_runs`) and their saga steps (`planning.run_steps`). */
export class RunsRepository extends TenantRepository {
  private selectRuns() {
    return this.rowsOf(RUNS).select('*', this.db.raw(`${CREATED_AT_CURSOR} as cursor_at`));
  }

  /**
   * Creates a QUEUED run with its five steps PENDING, unless the tenant already has a run with
   * this idempotency key: then returns that run (`created: false`). Concurrent calls with one key
   * create one run: the loser's insert waits on the unique index, does nothing, then reads the
   * winner's committed row.
   */
  async insert(input: { planDate: string; trigger: RunTrigger; idempotencyKey: string }): Promise<{ run: OrchestrationRun; created: boolean }> {
    const tenantId = this.tenantId;
    return this.db.transaction(async (trx) => {
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
      const row = await new RunsRepository(trx, tenantId).selectRuns().where('idempotency_key', input.idempotencyKey).first();
      return { run: toRun(row as RunRow), created: inserted.length > 0 };
    });
  }

  /**
   * The MANUAL run a planner's request stands for: the tenant's QUEUED or RUNNING manual run for
   * `planDate` if there is one, else a new QUEUED run keyed `manual:<planDate>:<n>` (n = 1 + the
   * manual runs that date already had) — unless the tenant already has `maxOpenRuns` open runs
   * (QUEUED or RUNNING, any trigger): then `{ refused: openRuns }` and nothing is written. A
   * transaction-scoped advisory lock per tenant makes concurrent requests take turns, so they all
   * get the same run and together never pass the cap.
   */
  async openManualRun(planDate: string, maxOpenRuns: number): Promise<{ run: OrchestrationRun; created: boolean } | { refused: number }> {
    const tenantId = this.tenantId;
    return this.db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`levain:manual-run:${tenantId}`]);
      const runs: { id: string; status: string; idempotency_key: string }[] = await trx(RUNS)
        .where({ tenant_id: tenantId, plan_date: planDate, trigger: 'MANUAL' })
        .select('id', 'status', 'idempotency_key');
      const open = runs.find((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
      if (!open) {
        const [{ count }] = await trx(RUNS)
          .where({ tenant_id: tenantId })
          .whereIn('status', ['QUEUED', 'RUNNING'])
          .count({ count: '*' });
        if (Number(count) >= maxOpenRuns) return { refused: Number(count) };
      }
      const idempotencyKey = open ? open.idempotency_key : `manual:${planDate}:${runs.length + 1}`;
      return new RunsRepository(trx, tenantId).insert({ planDate, trigger: 'MANUAL', idempotencyKey });
    });
  }

  /** Runs of the tenant by id, one query. */
  async findByIds(ids: readonly string[]): Promise<OrchestrationRun[]> {
    return findByUuids(this.selectRuns(), 'id', ids, toRun);
  }

  /**
   * Locks the run's row until the transaction ends and returns it (`undefined` when the tenant
   * has no such run). Every write to a run and to what its steps produced goes through this lock,
   * so two calls for one run take turns and the second sees what the first committed.
   */
  async lock(runId: string): Promise<OrchestrationRun | undefined> {
    const row: RunRow | undefined = await this.selectRuns().where('id', runId).forUpdate().first();
    return row && toRun(row);
  }

  /** One page of the tenant's runs, newest first (created_at, id descending), fetching `first + 1` rows, and how many there are. */
  async list(page: Page, status: RunStatus | null): Promise<PageWithTotal<OrchestrationRun>> {
    const matching = () => {
      const query = this.rowsOf(RUNS);
      if (status) query.where('status', status);
      return query;
    };
    const query = this.selectRuns()
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(page.first + 1);
    if (status) query.where('status', status);
    if (page.after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<RunRow>(this.db, query, matching, Boolean(page.after));
    return { rows: rows.map(toRun), totalCount };
  }

  /** Changes a run's columns (already validated by the caller, inside its lock). */
  async update(
    runId: string,
    changes: Partial<{ status: RunStatus; startedAt: 'now'; finishedAt: 'now'; error: string | null; failedStep: StepName | null }>,
  ): Promise<void> {
    const columns: Record<string, unknown> = {};
    if (changes.status !== undefined) columns.status = changes.status;
    if (changes.startedAt) columns.started_at = this.db.raw('clock_timestamp()');
    if (changes.finishedAt) columns.finished_at = this.db.raw('clock_timestamp()');
    if (changes.error !== undefined) columns.error = changes.error;
    if (changes.failedStep !== undefined) columns.failed_step = changes.failedStep;
    await this.db(RUNS).where({ tenant_id: this.tenantId, id: runId }).update(columns);
  }

  /** A QUEUED run becomes RUNNING (started now) when work on it begins; other runs are left alone. */
  async markRunning(run: OrchestrationRun): Promise<void> {
    if (run.status === 'QUEUED') await this.update(run.id, { status: 'RUNNING', startedAt: 'now' });
  }

  /** Steps of many runs in one query, each run's in pipeline order. */
  async findStepsByRunIds(runIds: readonly string[]): Promise<RunStep[]> {
    const query = this.rowsOf(STEPS).orderBy([{ column: 'run_id' }, { column: 'position' }]);
    return findByUuids(query, 'run_id', runIds, toStep);
  }

  /** Writes a step's new state (validated by the caller, inside the run's lock). */
  async updateStep(
    step: Pick<RunStep, 'runId' | 'name' | 'status' | 'attempts' | 'error'> & {
      startedAt: 'now' | 'keep';
      finishedAt: 'now' | 'keep' | 'clear';
    },
  ): Promise<void> {
    const columns: Record<string, unknown> = { status: step.status, attempts: step.attempts, error: step.error };
    if (step.startedAt === 'now') columns.started_at = this.db.raw('clock_timestamp()');
    if (step.finishedAt === 'now') columns.finished_at = this.db.raw('clock_timestamp()');
    if (step.finishedAt === 'clear') columns.finished_at = null;
    await this.db(STEPS).where({ tenant_id: this.tenantId, run_id: step.runId, name: step.name }).update(columns);
  }
}
