import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../../platform/subgraph-server.ts';
import { dateIn } from '../../../platform/time-zones.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { findSales, upsertSales, type Sale } from '../repository/sales.ts';
import { parseHistoryRange, parseSalesRecords } from '../validation.ts';
import { notFound } from '../../../platform/errors.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const salesQueries = {
  salesHistory: (_: unknown, args: { from: string; to: string; productIds?: string[] | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    parseHistoryRange(args.from, args.to);
    const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
    return findSales(context.db, context.caller.tenantId, { from: args.from, to: args.to, productIds });
  },
};

export const salesMutations = {
  recordSales: async (_: unknown, args: { records: unknown }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const tenant = await context.loaders.tenantById.load(context.caller.tenantId);
    if (!tenant) throw notFound('The tenant of this token does not exist');
    const records = parseSalesRecords(args.records, dateIn(tenant.timezone));
    return { recorded: await upsertSales(context.db, context.caller.tenantId, records) };
  },
};

export const SalesRecord = {
  product: (sale: Sale) => ({ __typename: 'Product', id: sale.productId }),
};
