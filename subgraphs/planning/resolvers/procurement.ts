import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../../platform/subgraph-server.ts';
import type { BlockedProduction, InventoryProjection, ProjectedDay } from '../engine/index.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { findLatestPlan, type ProcurementPlan, type PurchaseOrder, type StoredLine } from '../repository/procurement.ts';
import { approveProcurementPlan, cancelProcurementPlan, transitionOrder } from '../services/plan-actions.ts';
import { entity } from './references.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const procurementQueries = {
  procurementPlan: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return context.loaders.planById.load(parseId(args.id));
  },
  latestProcurementPlan: async (_: unknown, __: unknown, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return (await findLatestPlan(context.db, context.caller.tenantId)) ?? null;
  },
};

export const procurementMutations = {
  cancelProcurementPlan: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    return cancelProcurementPlan(context.db, context.caller.tenantId, parseId(args.id));
  },
  approveProcurementPlan: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return approveProcurementPlan(context.db, context.caller.tenantId, parseId(args.id), context.caller.userId);
  },
  submitPurchaseOrder: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return transitionOrder(context.db, context.caller.tenantId, parseId(args.id), 'submit');
  },
  markPurchaseOrderReceived: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return transitionOrder(context.db, context.caller.tenantId, parseId(args.id), 'receive');
  },
  cancelPurchaseOrder: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    return transitionOrder(context.db, context.caller.tenantId, parseId(args.id), 'cancel');
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
  lines: (order: PurchaseOrder, _: unknown, context: Context) => context.loaders.linesByPurchaseOrderId.load(order.id),
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
