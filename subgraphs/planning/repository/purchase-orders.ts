import { columnsOf, rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { ProcurementLine as EngineLine, ProcurementResult, ScheduledReceipt, Unit } from '../engine/index.ts';

export type PurchaseOrderStatus = 'DRAFT' | 'SUBMITTED' | 'PARTIALLY_RECEIVED' | 'RECEIVED' | 'CANCELLED';

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

type PurchaseOrderRow = RowOf<PurchaseOrder>;

const ORDERS = 'planning.purchase_orders';
const LINES = 'planning.procurement_lines';
const ROWS_PER_INSERT = 1000;

/** What a stored line copies from the engine's line. */
const LINE_FIELDS = [
  'ingredientId', 'supplierId', 'offerId', 'quantity', 'unit', 'orderDate', 'deliveryDate', 'neededBy', 'safetyStock', 'unitPrice', 'cost', 'urgent', 'reason',
] as const;

/** Statuses of an order the supplier has: a plan holding one is a planner's, never superseded or cancelled. */
export const SENT_STATUSES: readonly PurchaseOrderStatus[] = ['SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED'];

const toPurchaseOrder = rowMapper<PurchaseOrder>({
  id: true, planId: true, position: true, supplierId: true, orderDate: true, deliveryDate: true, total: true,
  belowMinimumOrderValue: true, status: true, sentOn: true,
});

const toLine = rowMapper<StoredLine>({
  id: true, planId: true, purchaseOrderId: true, position: true, ingredientId: true, supplierId: true, offerId: true,
  quantity: true, unit: true, orderDate: true, deliveryDate: true, neededBy: true, safetyStock: true, unitPrice: true,
  cost: true, urgent: true, reason: true, receivedQuantity: true,
});

/** The tenant's purchase orders (`planning.purchase_orders`) and their lines (`planning.procurement_lines`). */
export class PurchaseOrdersRepository extends TenantRepository {
  /**
   * Stores a new plan's purchase orders in the engine's order, and every line under its order
   * (in the transaction that stored the plan: ProcurementRepository.insertPlan).
   */
  async insertForPlan(planId: string, purchaseOrders: ProcurementResult['purchaseOrders']): Promise<void> {
    const orderIds: { id: string }[] = [];
    const orderRows = purchaseOrders.map((order, position) => ({
      tenant_id: this.tenantId,
      plan_id: planId,
      position,
      ...columnsOf(order, ['supplierId', 'orderDate', 'deliveryDate', 'total', 'belowMinimumOrderValue']),
    }));
    for (let start = 0; start < orderRows.length; start += ROWS_PER_INSERT) {
      // Postgres returns the rows of a multi-row INSERT … RETURNING in VALUES order.
      orderIds.push(...(await this.db(ORDERS).insert(orderRows.slice(start, start + ROWS_PER_INSERT)).returning('id')));
    }
    const lineRows = purchaseOrders.flatMap((order, o) => order.lines.map((line) => ({ line, purchaseOrderId: orderIds[o].id })));
    for (let start = 0; start < lineRows.length; start += ROWS_PER_INSERT) {
      await this.db(LINES).insert(
        lineRows.slice(start, start + ROWS_PER_INSERT).map(({ line, purchaseOrderId }, k) => ({
          tenant_id: this.tenantId,
          plan_id: planId,
          purchase_order_id: purchaseOrderId,
          position: start + k,
          ...columnsOf(line, LINE_FIELDS),
        })),
      );
    }
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

  async findByIds(ids: readonly string[]): Promise<PurchaseOrder[]> {
    return findByUuids(this.rowsOf(ORDERS), 'id', ids, toPurchaseOrder);
  }

  /** Purchase orders of many plans in one query, each plan's in the engine's order. */
  async findByPlanIds(planIds: readonly string[]): Promise<PurchaseOrder[]> {
    const query = this.rowsOf(ORDERS).orderBy([{ column: 'plan_id' }, { column: 'position' }]);
    return findByUuids(query, 'plan_id', planIds, toPurchaseOrder);
  }

  /** Statuses of a plan's purchase orders, with how many have each. */
  async countByStatus(planId: string): Promise<Partial<Record<PurchaseOrderStatus, number>>> {
    const rows: { status: PurchaseOrderStatus; count: number }[] = await this.db(ORDERS)
      .where({ tenant_id: this.tenantId, plan_id: planId })
      .groupBy('status')
      .select('status')
      .count({ count: '*' });
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Cancels a plan's DRAFT purchase orders (a cancelled plan orders nothing). */
  async cancelDrafts(planId: string): Promise<void> {
    await this.db(ORDERS).where({ tenant_id: this.tenantId, plan_id: planId, status: 'DRAFT' }).update({ status: 'CANCELLED', cancelled_at: this.db.fn.now() });
  }

  /**
   * Moves a purchase order to `to` when it is in one of `from` (one conditional UPDATE, so two
   * concurrent calls cannot both apply). Returns the order after the update, or as it is when
   * the condition did not hold (`changed: false`); `undefined` when the tenant has no such order.
   */
  async transition(
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
  async lock(id: string): Promise<PurchaseOrder | undefined> {
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
