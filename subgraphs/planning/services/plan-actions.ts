import { badUserInput, notFound } from '../../../platform/errors.ts';
import type { PlanningRepository } from '../repository.ts';
import type { ProcurementPlan } from '../repository/procurement.ts';
import { SENT_STATUSES, type PurchaseOrder, type PurchaseOrderStatus } from '../repository/purchase-orders.ts';
import type { ProductionSchedule } from '../repository/production.ts';
import { restoreSupersededBy } from './superseding.ts';

/**
 * What planners and compensations do to stored plans. Each action runs in one transaction
 * holding the row it changes; doing again what is already done changes nothing and returns
 * the row, so a retried call is harmless.
 */

/** Compensation of the production step: DRAFT or SUPERSEDED → CANCELLED. */
export async function cancelProductionSchedule(repository: PlanningRepository, id: string): Promise<ProductionSchedule> {
  return repository.transaction(async (transaction) => {
    const schedule = await transaction.production.lockSchedule(id);
    if (!schedule) throw notFound(`No production schedule ${id} in this bakery`);
    if (schedule.status === 'CANCELLED') return schedule;
    return transaction.production.cancelSchedule(id);
  });
}

/**
 * Compensation of the procurement step: DRAFT or SUPERSEDED → CANCELLED, with its DRAFT
 * purchase orders. A plan a planner approved, or one with an order already sent, is not the
 * pipeline's to undo. Cancelling a DRAFT plan gives back the drafts it had superseded.
 */
export async function cancelProcurementPlan(repository: PlanningRepository, id: string): Promise<ProcurementPlan> {
  return repository.transaction(async (transaction) => {
    // The plan date's lock before the plan's row, in the order superseding takes them.
    const [unlocked] = await transaction.procurement.findPlansByIds([id]);
    if (!unlocked) throw notFound(`No procurement plan ${id} in this bakery`);
    await transaction.procurement.lockPlanDate(unlocked.planDate);
    const plan = await transaction.procurement.lockPlan(id);
    if (!plan) throw notFound(`No procurement plan ${id} in this bakery`);
    if (plan.status === 'CANCELLED') return plan;
    if (plan.status === 'APPROVED') throw badUserInput(`Procurement plan ${id} is APPROVED by a planner and cannot be cancelled`);
    const counts = await transaction.purchaseOrders.countByStatus(id);
    const sent = SENT_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    if (sent > 0) throw badUserInput(`Procurement plan ${id} has ${sent} purchase order(s) already submitted and cannot be cancelled`);
    await transaction.purchaseOrders.cancelDrafts(id);
    const cancelled = await transaction.procurement.updatePlanStatus(id, 'CANCELLED', 'compensation');
    if (plan.status === 'DRAFT') await restoreSupersededBy(transaction, id, plan.planDate);
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
export async function approveProcurementPlan(repository: PlanningRepository, id: string, approvedBy: string): Promise<ProcurementPlan> {
  return repository.transaction(async (transaction) => {
    const plan = await transaction.procurement.lockPlan(id);
    if (!plan) throw notFound(`No procurement plan ${id} in this bakery`);
    if (plan.status === 'APPROVED') return plan;
    if (plan.status === 'CANCELLED' || plan.status === 'SUPERSEDED') throw badUserInput(`${planIsClosed(plan)}; only a DRAFT plan can be approved`);
    return transaction.procurement.updatePlanStatus(id, 'APPROVED', approvedBy);
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
  repository: PlanningRepository,
  id: string,
  action: keyof typeof PURCHASE_ORDER_TRANSITIONS,
  /** submit: the bakery's day the order went to the supplier. */
  options: { sentOn?: string } = {},
): Promise<PurchaseOrder> {
  const { from, to, verb } = PURCHASE_ORDER_TRANSITIONS[action];
  return repository.transaction(async (transaction) => {
    const [order] = await transaction.purchaseOrders.findByIds([id]);
    if (!order) throw notFound(`No purchase order ${id} in this bakery`);
    if (action === 'submit') {
      const plan = await transaction.procurement.lockPlan(order.planId);
      if (plan?.status === 'CANCELLED' || plan?.status === 'SUPERSEDED') {
        throw badUserInput(`Purchase order ${id} cannot be submitted: ${planIsClosed(plan)}`);
      }
    }
    const result = await transaction.purchaseOrders.transition(id, from, to, options.sentOn ? { sent_on: options.sentOn } : {});
    if (!result) throw notFound(`No purchase order ${id} in this bakery`);
    if (result.changed || result.order.status === to) return result.order;
    throw badUserInput(`Purchase order ${id} is ${result.order.status}; only a ${from.join(' or ')} order can be ${verb}`);
  });
}
