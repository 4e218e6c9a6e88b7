import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { BlockedProduction, InventoryProjection, ProjectedDay } from '../engine/index.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { ProcurementPlan, PurchaseOrder, StoredLine } from '../repository/procurement.ts';
import { approveProcurementPlan, cancelProcurementPlan, transitionOrder } from '../services/plan-actions.ts';
import { receiveEverythingOutstanding } from '../services/receiving.ts';
import { parseIdOrDate, parsePastDayOrToday } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { postReceiptStock } from './receiving.ts';
import { entity } from './references.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const procurementQueries = {
  procurementPlan: async (_: unknown, args: { id?: string | null; date?: string | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    const key = parseIdOrDate(args);
    if ('id' in key) return context.loaders.planById.load(key.id);
    return (await repositoryOf(context).procurement.findCurrentPlan({ on: key.date })) ?? null;
  },
  /** Today's plan: "today" is the bakery's calendar day (its own time zone, not the server's). */
  latestProcurementPlan: async (_: unknown, __: unknown, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return (await repositoryOf(context).procurement.findCurrentPlan({ onOrBefore: await bakeryToday(context) })) ?? null;
  },
};

export const procurementMutations = {
  cancelProcurementPlan: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    return cancelProcurementPlan(repositoryOf(context), parseId(args.id));
  },
  approveProcurementPlan: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return approveProcurementPlan(repositoryOf(context), parseId(args.id), context.caller.userId);
  },
  submitPurchaseOrder: async (_: unknown, args: { id: string; sentOn?: string | null }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const id = parseId(args.id);
    const sentOn = parsePastDayOrToday('sentOn', args.sentOn, await bakeryToday(context));
    return transitionOrder(repositoryOf(context), id, 'submit', { sentOn });
  },
  markPurchaseOrderReceived: async (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const id = parseId(args.id);
    const outcome = await receiveEverythingOutstanding(repositoryOf(context), id, context.caller.userId, await bakeryToday(context));
    await postReceiptStock(context, outcome.postingId);
    return outcome.order;
  },
  cancelPurchaseOrder: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return transitionOrder(repositoryOf(context), parseId(args.id), 'cancel');
  },
};

export const ProcurementPlanResolvers = {
  __resolveReference: (reference: { id: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return context.loaders.planById.load(reference.id);
  },
  lines: (plan: ProcurementPlan, _: unknown, context: Context) => context.loaders.linesByPlanId.load(plan.id),
  purchaseOrders: (plan: ProcurementPlan, _: unknown, context: Context) => context.loaders.purchaseOrdersByPlanId.load(plan.id),
  run: (plan: ProcurementPlan, _: unknown, context: Context) => context.loaders.runById.load(plan.runId),
};

export const PurchaseOrderResolvers = {
  supplier: (order: PurchaseOrder) => entity('Supplier', order.supplierId),
  currency: async (order: PurchaseOrder, _: unknown, context: Context) => (await context.loaders.planById.load(order.planId))!.currency,
  lines: (order: PurchaseOrder, _: unknown, context: Context) => context.loaders.linesByPurchaseOrderId.load(order.id),
  receipts: (order: PurchaseOrder, _: unknown, context: Context) => context.loaders.receiptsByPurchaseOrderId.load(order.id),
};

export const ProcurementLineResolvers = {
  ingredient: (line: StoredLine) => entity('Ingredient', line.ingredientId),
  supplier: (line: StoredLine) => entity('Supplier', line.supplierId),
};

export const InventoryProjectionResolvers = {
  ingredient: (projection: InventoryProjection) => entity('Ingredient', projection.ingredientId),
};

/** Plans stored before lost-sales projections (issue 11) have neither field: nothing was lost or blocked then. */
export const ProjectedDayResolvers = {
  shortfall: (day: Partial<ProjectedDay>) => day.shortfall ?? 0,
  blockedProduction: (day: Partial<ProjectedDay>) => day.blockedProduction ?? [],
};

export const BlockedProductionResolvers = {
  product: (blocked: BlockedProduction) => entity('Product', blocked.productId),
};
