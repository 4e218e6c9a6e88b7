import type { Db } from '../../../db/client.ts';
import { badUserInput, notFound } from '../../../platform/errors.ts';
import {
  cancelDraftPurchaseOrders,
  countPurchaseOrdersByStatus,
  findPlansByIds,
  findPurchaseOrdersByIds,
  lockPlan,
  lockPlanDate,
  SENT_STATUSES,
  transitionPurchaseOrder,
  updatePlanStatus,
  type ProcurementPlan,
  type PurchaseOrder,
  type PurchaseOrderStatus,
} from '../repository/procurement.ts';
import { cancelScheduleRow, lockSchedule, type ProductionSchedule } from '../repository/production.ts';
import { restoreSupersededBy } from './superseding.ts';

/**
 * What planners and compensations do to stored plans. Each action runs in one transaction
 * holding the row it changes; doing again what is already done changes nothing and returns
 * the row, so a retried call is harmless.
 */

/** Compensation of the production step: DRAFT or SUPERSEDED → CANCELLED. */
export async function cancelProductionSchedule(db: Db, tenantId: string, id: string): Promise<ProductionSchedule> {
  return db.transaction(async (trx) => {
    const schedule = await lockSchedule(trx, tenantId, id);
    if (!schedule) throw notFound(`No production schedule ${id} in this bakery`);
    if (schedule.status === 'CANCELLED') return schedule;
    return cancelScheduleRow(trx, tenantId, id);
  });
}

/**
 * Compensation of the procurement step: DRAFT or SUPERSEDED → CANCELLED, with its DRAFT
 * purchase orders. A plan a planner approved, or one with an order already sent, is not the
 * pipeline's to undo. Cancelling a DRAFT plan gives back the drafts it had superseded.
 */
export async function cancelProcurementPlan(db: Db, tenantId: string, id: string): Promise<ProcurementPlan> {
  return db.transaction(async (trx) => {
    // The plan date's lock before the plan's row, in the order superseding takes them.
    const [unlocked] = await findPlansByIds(trx, tenantId, [id]);
    if (!unlocked) throw notFound(`No procurement plan ${id} in this bakery`);
    await lockPlanDate(trx, tenantId, unlocked.planDate);
    const plan = await lockPlan(trx, tenantId, id);
    if (!plan) throw notFound(`No procurement plan ${id} in this bakery`);
    if (plan.status === 'CANCELLED') return plan;
    if (plan.status === 'APPROVED') throw badUserInput(`Procurement plan ${id} is APPROVED by a planner and cannot be cancelled`);
    const counts = await countPurchaseOrdersByStatus(trx, tenantId, id);
    const sent = SENT_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    if (sent > 0) throw badUserInput(`Procurement plan ${id} has ${sent} purchase order(s) already submitted and cannot be cancelled`);
    await cancelDraftPurchaseOrders(trx, tenantId, id);
    const cancelled = await updatePlanStatus(trx, tenantId, id, 'CANCELLED', 'compensation');
    if (plan.status === 'DRAFT') await restoreSupersededBy(trx, tenantId, id, plan.planDate);
    return cancelled;
  });
}

/** Why a CANCELLED or SUPERSEDED plan takes no planner action, and what to do instead. */
function planIsClosed(plan: ProcurementPlan): string {
  if (plan.status === 'SUPERSEDED') {
    return `procurement plan ${plan.id} is SUPERSEDED by the newer plan ${plan.supersededBy} for ${plan.planDate}; act on that one`;
  }
  return `procurement plan ${plan.id} is ${plan.status}`;
}

/** A planner approves a DRAFT plan. */
export async function approveProcurementPlan(db: Db, tenantId: string, id: string, approvedBy: string): Promise<ProcurementPlan> {
  return db.transaction(async (trx) => {
    const plan = await lockPlan(trx, tenantId, id);
    if (!plan) throw notFound(`No procurement plan ${id} in this bakery`);
    if (plan.status === 'APPROVED') return plan;
    if (plan.status === 'CANCELLED' || plan.status === 'SUPERSEDED') throw badUserInput(`${planIsClosed(plan)}; only a DRAFT plan can be approved`);
    return updatePlanStatus(trx, tenantId, id, 'APPROVED', approvedBy);
  });
}

const PURCHASE_ORDER_TRANSITIONS = {
  submit: { from: ['DRAFT'], to: 'SUBMITTED', verb: 'submitted' },
  cancel: { from: ['DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED'], to: 'CANCELLED', verb: 'cancelled' },
} as const satisfies Record<string, { from: readonly PurchaseOrderStatus[]; to: PurchaseOrderStatus; verb: string }>;

/**
 * Moves a purchase order through its life: submit (DRAFT → SUBMITTED), cancel (DRAFT, SUBMITTED
 * or PARTIALLY_RECEIVED → CANCELLED: what arrived stays in stock, the remainder is no longer
 * expected). Receiving is services/receiving.ts. Submitting holds the plan's row, so it cannot
 * cross a concurrent cancellation of the plan.
 */
export async function transitionOrder(
  db: Db,
  tenantId: string,
  id: string,
  action: keyof typeof PURCHASE_ORDER_TRANSITIONS,
  /** submit: the bakery's day the order went to the supplier. */
  options: { sentOn?: string } = {},
): Promise<PurchaseOrder> {
  const { from, to, verb } = PURCHASE_ORDER_TRANSITIONS[action];
  return db.transaction(async (trx) => {
    const [order] = await findPurchaseOrdersByIds(trx, tenantId, [id]);
    if (!order) throw notFound(`No purchase order ${id} in this bakery`);
    if (action === 'submit') {
      const plan = await lockPlan(trx, tenantId, order.planId);
      if (plan?.status === 'CANCELLED' || plan?.status === 'SUPERSEDED') {
        throw badUserInput(`Purchase order ${id} cannot be submitted: ${planIsClosed(plan)}`);
      }
    }
    const result = await transitionPurchaseOrder(trx, tenantId, id, from, to, options.sentOn ? { sent_on: options.sentOn } : {});
    if (!result) throw notFound(`No purchase order ${id} in this bakery`);
    if (result.changed || result.order.status === to) return result.order;
    throw badUserInput(`Purchase order ${id} is ${result.order.status}; only a ${from.join(' or ')} order can be ${verb}`);
  });
}
