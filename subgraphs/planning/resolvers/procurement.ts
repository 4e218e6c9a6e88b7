import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { ProjectedDay } from '../engine/index.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { approveProcurementPlan, cancelProcurementPlan, transitionOrder } from '../services/plan-actions.ts';
import { receiveEverythingOutstanding } from '../services/receiving.ts';
import { parseIdOrDate, parsePastDayOrToday } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { postStockAtOnce } from './receiving.ts';
import { entity } from './references.ts';
import { namedRun } from './runs.ts';

export const procurementResolvers: Resolvers = {
  Query: {
    procurementPlan: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const key = parseIdOrDate(args);
      if ('id' in key) return context.loaders.planById.load(key.id);
      return (await context.loaders.repository.procurement.findCurrentPlan({ on: key.date })) ?? null;
    },
    /** Today's plan: "today" is the bakery's calendar day (its own time zone, not the server's). */
    latestProcurementPlan: async (_, __, context) => {
      requireRole(context.caller, 'VIEWER');
      return (await context.loaders.repository.procurement.findCurrentPlan({ onOrBefore: await bakeryToday(context) })) ?? null;
    },
  },

  Mutation: {
    cancelProcurementPlan: (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      return cancelProcurementPlan(context.loaders.repository, parseId(args.id));
    },
    approveProcurementPlan: (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      return approveProcurementPlan(context.loaders.repository, parseId(args.id), context.caller.userId);
    },
    submitPurchaseOrder: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const id = parseId(args.id);
      const sentOn = parsePastDayOrToday('sentOn', args.sentOn, await bakeryToday(context));
      return transitionOrder(context.loaders.repository, id, 'submit', { sentOn });
    },
    markPurchaseOrderReceived: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const id = parseId(args.id);
      const outcome = await receiveEverythingOutstanding(context.loaders.repository, id, context.caller.userId, await bakeryToday(context));
      await postStockAtOnce(context, outcome.postingId);
      return outcome.order;
    },
    cancelPurchaseOrder: (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      return transitionOrder(context.loaders.repository, parseId(args.id), 'cancel');
    },
  },

  ProcurementPlan: {
    __resolveReference: (reference, context) => {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.planById.load(reference.id);
    },
    lines: (plan, _, context) => context.loaders.linesByPlanId.load(plan.id),
    purchaseOrders: (plan, _, context) => context.loaders.purchaseOrdersByPlanId.load(plan.id),
    run: (plan, _, context) => namedRun(context, plan.runId),
  },

  PurchaseOrder: {
    supplier: (order) => entity('Supplier', order.supplierId),
    currency: async (order, _, context) => {
      const plan = await context.loaders.planById.load(order.planId);
      if (!plan) throw new Error(`procurement plan ${order.planId} vanished`);
      return plan.currency;
    },
    lines: (order, _, context) => context.loaders.linesByPurchaseOrderId.load(order.id),
    receipts: (order, _, context) => context.loaders.receiptsByPurchaseOrderId.load(order.id),
  },

  ProcurementLine: {
    ingredient: (line) => entity('Ingredient', line.ingredientId),
    supplier: (line) => entity('Supplier', line.supplierId),
  },

  InventoryProjection: {
    ingredient: (projection) => entity('Ingredient', projection.ingredientId),
  },

  /** Plans stored before lost-sales projections (issue 11) have neither field: nothing was lost or blocked then. */
  ProjectedDay: {
    shortfall: (day: Partial<ProjectedDay>) => day.shortfall ?? 0,
    blockedProduction: (day: Partial<ProjectedDay>) => day.blockedProduction ?? [],
  },

  BlockedProduction: {
    product: (blocked) => entity('Product', blocked.productId),
  },
};
