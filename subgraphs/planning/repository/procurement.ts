import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { InventoryProjection, PlanWarning, ProcurementResult } from '../engine/index.ts';

export type PlanStatus = 'DRAFT' | 'APPROVED' | 'CANCELLED' | 'SUPERSEDED';

export interface ProcurementPlan {
  id: string;
  runId: string;
  planDate: string;
  horizonDays: number;
  status: PlanStatus;
  totalCost: number;
  /** ISO 4217 code of every amount of the plan: the bakery's currency when the plan was made. */
  currency: string;
  /** Forecast, production and procurement warnings, in stage order. */
  warnings: PlanWarning[];
  projections: InventoryProjection[];
  createdAt: Date;
  approvedAt: Date | null;
  supersededAt: Date | null;
  /** The newer plan of the same date that superseded this one. */
  supersededBy: string | null;
}

type PlanRow = RowOf<ProcurementPlan>;

const PLANS = 'planning.procurement_plans';
const RUNS = 'planning.orchestration_runs';

const toPlan = rowMapper<ProcurementPlan>({
  id: true, runId: true, planDate: true, horizonDays: true, status: true, totalCost: true, currency: true,
  warnings: true, projections: true, createdAt: true, approvedAt: true, supersededAt: true, supersededBy: true,
});

/** Which plan dates a "current plan" lookup considers: one day, or every day up to one. */
export type PlanDates = { on: string } | { onOrBefore: string };

/** The tenant's procurement plans (`planning.procurement_plans`); their purchase orders and lines: purchase-orders.ts. */
export class ProcurementRepository extends TenantRepository {
  /**
   * Stores a run's procurement plan (warnings and projections as documents; inside the run's
   * lock, the run has no plan yet), without its purchase orders (PurchaseOrdersRepository.insertForPlan,
   * in the same transaction). Returns the new plan.
   */
  async insertPlan(
    plan: { runId: string; planDate: string; horizonDays: number; currency: string; warnings: PlanWarning[] },
    result: ProcurementResult,
  ): Promise<ProcurementPlan> {
    const [row]: PlanRow[] = await this.db(PLANS)
      .insert({
        tenant_id: this.tenantId,
        run_id: plan.runId,
        plan_date: plan.planDate,
        horizon_days: plan.horizonDays,
        currency: plan.currency,
        total_cost: result.totalCost,
        warnings: JSON.stringify(plan.warnings),
        projections: JSON.stringify(result.projections),
      })
      .returning('*');
    return toPlan(row);
  }

  async findPlansByIds(ids: readonly string[]): Promise<ProcurementPlan[]> {
    return findByUuids(this.rowsOf(PLANS), 'id', ids, toPlan);
  }

  async findPlansByRunIds(runIds: readonly string[]): Promise<ProcurementPlan[]> {
    return findByUuids(this.rowsOf(PLANS), 'run_id', runIds, toPlan);
  }

  /** Non-cancelled plans of `dates`, latest plan date first, then newest run first (by its start, then id). */
  private livePlans(dates: PlanDates) {
    const query = this.rowsOf(`${PLANS} as p`)
      .join(`${RUNS} as r`, (join) => join.on('r.tenant_id', 'p.tenant_id').andOn('r.id', 'p.run_id'))
      .whereNot('p.status', 'CANCELLED')
      .orderBy([
        { column: 'p.plan_date', order: 'desc' },
        { column: 'r.created_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .select('p.*');
    return 'on' in dates ? query.where('p.plan_date', dates.on) : query.where('p.plan_date', '<=', dates.onOrBefore);
  }

  /**
   * The current plan: of the latest plan date among `dates`, the plan of the newest run that has
   * a plan not CANCELLED. `undefined` when there is none.
   */
  async findCurrentPlan(dates: PlanDates): Promise<ProcurementPlan | undefined> {
    const row: PlanRow | undefined = await this.livePlans(dates).first();
    return row && toPlan(row);
  }

  /**
   * Locks the non-cancelled plans of one plan date, newest run first, until the transaction ends. Callers
   * hold `lockPlanDate` first, so two transactions never lock the same plans in another order.
   */
  async lockLivePlansOfDate(planDate: string): Promise<ProcurementPlan[]> {
    const rows: PlanRow[] = await this.livePlans({ on: planDate }).forUpdate('p');
    return rows.map(toPlan);
  }

  /**
   * Serialises, until the transaction ends, every transaction that supersedes or restores plans of one
   * tenant's plan date (a transaction-scoped advisory lock): without it, two runs for the same
   * date finishing together would each miss the other's uncommitted plan and both stay DRAFT.
   */
  async lockPlanDate(planDate: string): Promise<void> {
    await this.db.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`levain.plan-date:${this.tenantId}:${planDate}`]);
  }

  /** Marks DRAFT plans SUPERSEDED by `byPlanId`; returns their run ids. */
  async markPlansSuperseded(
    planIds: readonly string[],
    byPlanId: string,
  ): Promise<string[]> {
    if (planIds.length === 0) return [];
    const rows: { run_id: string }[] = await this.db(PLANS)
      .where({ tenant_id: this.tenantId, status: 'DRAFT' })
      .whereRaw('id = any(?::uuid[])', [[...planIds]])
      .update({ status: 'SUPERSEDED', superseded_at: this.db.fn.now(), superseded_by: byPlanId })
      .returning('run_id');
    return rows.map((row) => row.run_id);
  }

  /** Makes the plans `planId` superseded DRAFT again; returns their run ids. */
  async unmarkPlansSupersededBy(planId: string): Promise<string[]> {
    const rows: { run_id: string }[] = await this.db(PLANS)
      .where({ tenant_id: this.tenantId, superseded_by: planId, status: 'SUPERSEDED' })
      .update({ status: 'DRAFT', superseded_at: null, superseded_by: null })
      .returning('run_id');
    return rows.map((row) => row.run_id);
  }

  /** Locks a plan's row until the transaction ends; `undefined` when the tenant has no such plan. */
  async lockPlan(id: string): Promise<ProcurementPlan | undefined> {
    const row: PlanRow | undefined = await this.db(PLANS).where({ tenant_id: this.tenantId, id }).forUpdate().first();
    return row && toPlan(row);
  }

  async updatePlanStatus(
    id: string,
    status: 'APPROVED' | 'CANCELLED',
    by: string,
  ): Promise<ProcurementPlan> {
    const changes =
      status === 'APPROVED'
        ? { status, approved_at: this.db.fn.now(), approved_by: by }
        : { status, cancelled_at: this.db.fn.now() };
    const [row]: PlanRow[] = await this.db(PLANS).where({ tenant_id: this.tenantId, id }).update(changes).returning('*');
    return toPlan(row);
  }

}
