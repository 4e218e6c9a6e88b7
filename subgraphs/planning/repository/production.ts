import type { Knex } from 'knex';
import type { IngredientRequirement, PlanWarning, ProductionBatch, Unit } from '../engine/index.ts';
import { columnsOf, rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

export type ScheduleStatus = 'DRAFT' | 'CANCELLED' | 'SUPERSEDED';

export interface ProductionSchedule {
  id: string;
  runId: string;
  planDate: string;
  horizonDays: number;
  status: ScheduleStatus;
  /** Forecast and production warnings, in stage order. */
  warnings: PlanWarning[];
  createdAt: Date;
}

export interface StoredBatch extends ProductionBatch {
  scheduleId: string;
}

export interface StoredRequirement extends IngredientRequirement {
  scheduleId: string;
}

type ScheduleRow = RowOf<ProductionSchedule>;

interface RequirementRow {
  schedule_id: string;
  ingredient_id: string;
  date: string;
  quantity: number;
  unit: Unit;
  demand_sigma: number;
}

const SCHEDULES = 'planning.production_schedules';
const BATCHES = 'planning.production_batches';
const REQUIREMENTS = 'planning.ingredient_requirements';
const ROWS_PER_INSERT = 1000;

const toSchedule = rowMapper<ProductionSchedule>({
  id: true, runId: true, planDate: true, horizonDays: true, status: true, warnings: true, createdAt: true,
});

async function insertInChunks(trx: Knex | Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx(table).insert(rows.slice(start, start + ROWS_PER_INSERT));
  }
}

/** The tenant's production schedules (`planning.production_schedules`) with their batches and ingredient requirements. */
export class ProductionRepository extends TenantRepository {
  /**
   * Stores a run's production schedule with its batches and per-day ingredient requirements
   * (inside the run's lock; the run has none yet). Returns the new schedule.
   */
  async insertSchedule(
    schedule: Pick<ProductionSchedule, 'runId' | 'planDate' | 'horizonDays' | 'warnings'>,
    batches: readonly ProductionBatch[],
    requirements: readonly IngredientRequirement[],
  ): Promise<ProductionSchedule> {
    const tenantId = this.tenantId;
    const [row]: ScheduleRow[] = await this.db(SCHEDULES)
      .insert({
        tenant_id: tenantId,
        run_id: schedule.runId,
        plan_date: schedule.planDate,
        horizon_days: schedule.horizonDays,
        warnings: JSON.stringify(schedule.warnings),
      })
      .returning('*');
    await insertInChunks(
      this.db,
      BATCHES,
      batches.map((batch) => ({
        tenant_id: tenantId,
        schedule_id: row.id,
        ...columnsOf(batch, ['date', 'recipeId', 'productId', 'batches', 'quantity', 'forecastQuantity']),
      })),
    );
    await insertInChunks(
      this.db,
      REQUIREMENTS,
      requirements.flatMap((requirement) =>
        requirement.days.map((day) => ({
          tenant_id: tenantId,
          schedule_id: row.id,
          ingredient_id: requirement.ingredientId,
          date: day.date,
          quantity: day.quantity,
          unit: requirement.unit,
          demand_sigma: requirement.demandSigma,
        })),
      ),
    );
    return toSchedule(row);
  }

  async findSchedulesByIds(ids: readonly string[]): Promise<ProductionSchedule[]> {
    return findByUuids(this.rowsOf(SCHEDULES), 'id', ids, toSchedule);
  }

  async findSchedulesByRunIds(runIds: readonly string[]): Promise<ProductionSchedule[]> {
    return findByUuids(this.rowsOf(SCHEDULES), 'run_id', runIds, toSchedule);
  }

  /**
   * The schedule of the newest run (by its start, then id) with a schedule for `planDate` that is
   * not CANCELLED; `undefined` when there is none.
   */
  async findCurrentSchedule(planDate: string): Promise<ProductionSchedule | undefined> {
    const row: ScheduleRow | undefined = await this.db(`${SCHEDULES} as s`)
      .join('planning.orchestration_runs as r', (join) => join.on('r.tenant_id', 's.tenant_id').andOn('r.id', 's.run_id'))
      .where({ 's.tenant_id': this.tenantId, 's.plan_date': planDate })
      .whereNot('s.status', 'CANCELLED')
      .orderBy([
        { column: 'r.created_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .first('s.*');
    return row && toSchedule(row);
  }

  /** Moves the runs' schedules that are `from` to `to` (superseding with their plans, or restoring). */
  async setScheduleStatusOfRuns(runIds: readonly string[], from: 'DRAFT' | 'SUPERSEDED', to: 'DRAFT' | 'SUPERSEDED'): Promise<void> {
    if (runIds.length === 0) return;
    await this.db(SCHEDULES)
      .where({ tenant_id: this.tenantId, status: from })
      .whereRaw('run_id = any(?::uuid[])', [[...runIds]])
      .update({ status: to, superseded_at: to === 'SUPERSEDED' ? this.db.fn.now() : null });
  }

  /** Locks a schedule's row until the transaction ends; `undefined` when the tenant has no such schedule. */
  async lockSchedule(id: string): Promise<ProductionSchedule | undefined> {
    const row: ScheduleRow | undefined = await this.db(SCHEDULES).where({ tenant_id: this.tenantId, id }).forUpdate().first();
    return row && toSchedule(row);
  }

  async cancelSchedule(id: string): Promise<ProductionSchedule> {
    const [row]: ScheduleRow[] = await this.db(SCHEDULES)
      .where({ tenant_id: this.tenantId, id })
      .update({ status: 'CANCELLED', cancelled_at: this.db.fn.now() })
      .returning('*');
    return toSchedule(row);
  }

  /** Batches of many schedules in one query, each schedule's by date then product. */
  async findBatchesByScheduleIds(scheduleIds: readonly string[]): Promise<StoredBatch[]> {
    if (scheduleIds.length === 0) return [];
    const rows: RowOf<StoredBatch>[] = await this.rowsOf(BATCHES)
      .whereRaw('schedule_id = any(?::uuid[])', [[...scheduleIds]])
      .orderBy([{ column: 'schedule_id' }, { column: 'date' }, { column: 'product_id' }]);
    return rows.map((row) => ({
      scheduleId: row.schedule_id,
      date: row.date,
      recipeId: row.recipe_id,
      productId: row.product_id,
      batches: row.batches,
      quantity: row.quantity,
      forecastQuantity: row.forecast_quantity,
    }));
  }

  /**
   * Requirements of many schedules in one query, regrouped per (schedule, ingredient) with the
   * days in date order; ingredients by id.
   */
  async findRequirementsByScheduleIds(scheduleIds: readonly string[]): Promise<StoredRequirement[]> {
    if (scheduleIds.length === 0) return [];
    const rows: RequirementRow[] = await this.rowsOf(REQUIREMENTS)
      .whereRaw('schedule_id = any(?::uuid[])', [[...scheduleIds]])
      .orderBy([{ column: 'schedule_id' }, { column: 'ingredient_id' }, { column: 'date' }]);
    const requirements: StoredRequirement[] = [];
    for (const row of rows) {
      let last = requirements.at(-1);
      if (!last || last.scheduleId !== row.schedule_id || last.ingredientId !== row.ingredient_id) {
        last = { scheduleId: row.schedule_id, ingredientId: row.ingredient_id, unit: row.unit, demandSigma: row.demand_sigma, days: [] };
        requirements.push(last);
      }
      last.days.push({ date: row.date, quantity: row.quantity });
    }
    return requirements;
  }
}
