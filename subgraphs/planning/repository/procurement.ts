import { columnsOf, rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type {
  InventoryProjection,
  PlanWarning,
  ProcurementResult,
  ProcurementLine as EngineLine,
  ScheduledReceipt,
  Unit,
} from '../engine/index.ts';

export type PlanStatus = 'DRAFT' | 'APPROVED' | 'CANCELLED' | 'SUPERSEDED';
export type PurchaseOrderStatus = 'DRAFT' | 'SUBMITTED' | 'PARTIALLY_RECEIVED' | 'RECEIVED' | 'CANCELLED';

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

export interface PurchaseOrder {
  id: string;
  planId: string;
  position: number;
  supplierId: string;
  orderDate: string;
  deliveryDate: string;
  total: number;
  belowMinimumOrderValue: boolean;
  status: PurchaseOrderStatus;
  /** The bakery's day it went to the supplier; null until submitted. */
  sentOn: string | null;
}

export interface StoredLine extends Omit<EngineLine, 'unit'> {
  id: string;
  planId: string;
  purchaseOrderId: string;
  position: number;
  unit: Unit;
  /** How much of `quantity` has arrived (receipts), in the same unit. */
  receivedQuantity: number;
}

type PlanRow = RowOf<ProcurementPlan>;

type PurchaseOrderRow = RowOf<PurchaseOrder>;

const PLANS = 'planning.procurement_plans';
const RUNS = 'planning.orchestration_runs';
const ORDERS = 'planning.purchase_orders';
const LINES = 'planning.procurement_lines';
const ROWS_PER_INSERT = 1000;

/** What a stored line copies from the engine's line. */
const LINE_FIELDS = [
  'ingredientId', 'supplierId', 'offerId', 'quantity', 'unit', 'orderDate', 'deliveryDate', 'neededBy', 'safetyStock', 'unitPrice', 'cost', 'urgent', 'reason',
] as const;

/** Statuses of an order the supplier has: a plan holding one is a planner's, never superseded or cancelled. */
export const SENT_STATUSES: readonly PurchaseOrderStatus[] = ['SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED'];

const toPlan = rowMapper<ProcurementPlan>({
  id: true, runId: true, planDate: true, horizonDays: true, status: true, totalCost: true, currency: true,
  warnings: true, projections: true, createdAt: true, approvedAt: true, supersededAt: true, supersededBy: true,
});

const toPurchaseOrder = rowMapper<PurchaseOrder>({
  id: true, planId: true, position: true, supplierId: true, orderDate: true, deliveryDate: true, total: true,
  belowMinimumOrderValue: true, status: true, sentOn: true,
});

const toLine = rowMapper<StoredLine>({
  id: true, planId: true, purchaseOrderId: true, position: true, ingredientId: true, supplierId: true, offerId: true,
  quantity: true, unit: true, orderDate: true, deliveryDate: true, neededBy: true, safetyStock: true, unitPrice: true,
  cost: true, urgent: true, reason: true, receivedQuantity: true,
});

/** Which plan dates a "current plan" lookup considers: one day, or every day up to one. */
export type PlanDates = { on: string } | { onOrBefore: string };

/** The tenant's procurement plans (`planning.procurement_plans`), their purchase orders and lines. */
export class ProcurementRepository extends TenantRepository {
  /**
   * Stores a run's procurement plan: the plan (warnings and projections as documents), its
   * purchase orders in the engine's order, and every line under its order (inside the run's
   * lock; the run has no plan yet). Returns the new plan.
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
    if (result.purchaseOrders.length === 0) return toPlan(row);

    const orderIds: { id: string }[] = [];
    const orderRows = result.purchaseOrders.map((order, position) => ({
      tenant_id: this.tenantId,
      plan_id: row.id,
      position,
      ...columnsOf(order, ['supplierId', 'orderDate', 'deliveryDate', 'total', 'belowMinimumOrderValue']),
    }));
    for (let start = 0; start < orderRows.length; start += ROWS_PER_INSERT) {
      // Postgres returns the rows of a multi-row INSERT … RETURNING in VALUES order.
      orderIds.push(...(await this.db(ORDERS).insert(orderRows.slice(start, start + ROWS_PER_INSERT)).returning('id')));
    }
    const lineRows = result.purchaseOrders.flatMap((order, o) => order.lines.map((line) => ({ line, purchaseOrderId: orderIds[o].id })));
    for (let start = 0; start < lineRows.length; start += ROWS_PER_INSERT) {
      await this.db(LINES).insert(
        lineRows.slice(start, start + ROWS_PER_INSERT).map(({ line, purchaseOrderId }, k) => ({
          tenant_id: this.tenantId,
          plan_id: row.id,
          purchase_order_id: purchaseOrderId,
          position: start + k,
          ...columnsOf(line, LINE_FIELDS),
        })),
      );
    }
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

  /** Of `planIds`, those with a purchase order already SUBMITTED or (partly) RECEIVED (a planner's, never superseded). */
  async findPlansWithSentOrders(planIds: readonly string[]): Promise<Set<string>> {
    if (planIds.length === 0) return new Set();
    const rows: { plan_id: string }[] = await this.rowsOf(ORDERS)
      .whereRaw('plan_id = any(?::uuid[])', [[...planIds]])
      .whereIn('status', SENT_STATUSES)
      .distinct('plan_id');
    return new Set(rows.map((row) => row.plan_id));
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

  async findPurchaseOrdersByIds(ids: readonly string[]): Promise<PurchaseOrder[]> {
    return findByUuids(this.rowsOf(ORDERS), 'id', ids, toPurchaseOrder);
  }

  /** Purchase orders of many plans in one query, each plan's in the engine's order. */
  async findPurchaseOrdersByPlanIds(planIds: readonly string[]): Promise<PurchaseOrder[]> {
    const query = this.rowsOf(ORDERS).orderBy([{ column: 'plan_id' }, { column: 'position' }]);
    return findByUuids(query, 'plan_id', planIds, toPurchaseOrder);
  }

  /** Statuses of a plan's purchase orders, with how many have each. */
  async countPurchaseOrdersByStatus(planId: string): Promise<Partial<Record<PurchaseOrderStatus, number>>> {
    const rows: { status: PurchaseOrderStatus; count: number }[] = await this.db(ORDERS)
      .where({ tenant_id: this.tenantId, plan_id: planId })
      .groupBy('status')
      .select('status')
      .count({ count: '*' });
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Cancels a plan's DRAFT purchase orders (a cancelled plan orders nothing). */
  async cancelDraftPurchaseOrders(planId: string): Promise<void> {
    await this.db(ORDERS).where({ tenant_id: this.tenantId, plan_id: planId, status: 'DRAFT' }).update({ status: 'CANCELLED', cancelled_at: this.db.fn.now() });
  }

  /**
   * Moves a purchase order to `to` when it is in one of `from` (one conditional UPDATE, so two
   * concurrent calls cannot both apply). Returns the order after the update, or as it is when
   * the condition did not hold (`changed: false`); `undefined` when the tenant has no such order.
   */
  async transitionPurchaseOrder(
    id: string,
    from: readonly PurchaseOrderStatus[],
    to: PurchaseOrderStatus,
    /** Columns the move sets besides the status and its timestamp (`sent_on` on submit). */
    columns: Record<string, unknown> = {},
  ): Promise<{ order: PurchaseOrder; changed: boolean } | undefined> {
    const stamp = { SUBMITTED: 'submitted_at', RECEIVED: 'received_at', CANCELLED: 'cancelled_at', DRAFT: null, PARTIALLY_RECEIVED: null }[to];
    const [updated]: PurchaseOrderRow[] = await this.db(ORDERS)
      .where({ tenant_id: this.tenantId, id })
      .whereIn('status', [...from])
      .update({ status: to, ...(stamp ? { [stamp]: this.db.fn.now() } : {}), ...columns })
      .returning('*');
    if (updated) return { order: toPurchaseOrder(updated), changed: true };
    const current: PurchaseOrderRow | undefined = await this.db(ORDERS).where({ tenant_id: this.tenantId, id }).first();
    return current && { order: toPurchaseOrder(current), changed: false };
  }

  /** Lines of many plans in one query, each plan's in order. */
  async findLinesByPlanIds(planIds: readonly string[]): Promise<StoredLine[]> {
    const query = this.rowsOf(LINES).orderBy([{ column: 'plan_id' }, { column: 'position' }]);
    return findByUuids(query, 'plan_id', planIds, toLine);
  }

  /** Lines of many purchase orders in one query, each order's in order. */
  async findLinesByPurchaseOrderIds(orderIds: readonly string[]): Promise<StoredLine[]> {
    const query = this.rowsOf(LINES).orderBy([{ column: 'purchase_order_id' }, { column: 'position' }]);
    return findByUuids(query, 'purchase_order_id', orderIds, toLine);
  }

  /**
   * What SUBMITTED and PARTIALLY_RECEIVED purchase orders will still deliver, per line (its
   * quantity less what has arrived), for deliveries before `deliveredBefore`: the receipts a new
   * plan counts on (overdue ones included; the engine books them on the plan date until they
   * arrive or the order is cancelled).
   */
  async findScheduledReceipts(deliveredBefore: string): Promise<ScheduledReceipt[]> {
    const rows: { ingredient_id: string; supplier_id: string; delivery_date: string; quantity: number }[] = await this.rowsOf(`${LINES} as l`)
      .join(`${ORDERS} as o`, (join) => join.on('o.tenant_id', 'l.tenant_id').andOn('o.id', 'l.purchase_order_id'))
      .whereIn('o.status', ['SUBMITTED', 'PARTIALLY_RECEIVED'])
      .where('l.delivery_date', '<', deliveredBefore)
      .whereRaw('l.quantity > l.received_quantity')
      .orderBy([{ column: 'l.delivery_date' }, { column: 'l.ingredient_id' }, { column: 'l.id' }])
      .select('l.ingredient_id', 'l.supplier_id', 'l.delivery_date', this.db.raw('l.quantity - l.received_quantity as quantity'));
    return rows.map((row) => ({
      ingredientId: row.ingredient_id,
      supplierId: row.supplier_id,
      deliveryDate: row.delivery_date,
      quantity: row.quantity,
    }));
  }

  /** The tenant's purchase order `id`, locked until the transaction ends; `undefined` when there is none. */
  async lockPurchaseOrder(id: string): Promise<PurchaseOrder | undefined> {
    const row: PurchaseOrderRow | undefined = await this.db(ORDERS).where({ tenant_id: this.tenantId, id }).forUpdate().first();
    return row && toPurchaseOrder(row);
  }

  /** Adds arrived quantities to lines of one order (one statement), `received` per line id. */
  async addReceivedQuantities(received: ReadonlyMap<string, number>): Promise<void> {
    if (received.size === 0) return;
    await this.db.raw(
      `update ${LINES} as l
          set received_quantity = l.received_quantity + v.quantity
         from unnest(?::uuid[], ?::numeric[]) as v(id, quantity)
        where l.tenant_id = ? and l.id = v.id`,
      [[...received.keys()], [...received.values()], this.tenantId],
    );
  }

  /** Sets a locked order's status after a receipt (RECEIVED stamps received_at). */
  async setReceivedStatus(
    id: string,
    status: 'PARTIALLY_RECEIVED' | 'RECEIVED',
  ): Promise<PurchaseOrder> {
    const [row]: PurchaseOrderRow[] = await this.db(ORDERS)
      .where({ tenant_id: this.tenantId, id })
      .update({ status, ...(status === 'RECEIVED' ? { received_at: this.db.fn.now() } : {}) })
      .returning('*');
    return toPurchaseOrder(row);
  }
}
