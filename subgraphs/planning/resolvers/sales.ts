import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { Sale } from '../repository/sales.ts';
import { parseHistoryRange, parseSalesRecords } from '../validation.ts';
import { parseImportInput } from '../../../platform/csv-import.ts';
import { importSales } from '../services/sales-import.ts';
import { bakeryToday } from './bakery-day.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const salesQueries = {
  salesHistory: (_: unknown, args: { from: string; to: string; productIds?: string[] | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    parseHistoryRange(args.from, args.to);
    const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
    return repositoryOf(context).sales.find({ from: args.from, to: args.to, productIds });
  },
};

export const salesMutations = {
  recordSales: async (_: unknown, args: { records: unknown }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const records = parseSalesRecords(args.records, await bakeryToday(context));
    const { created, updated } = await repositoryOf(context).sales.upsert(records);
    return { recorded: created + updated };
  },
  importSales: async (_: unknown, args: { input: unknown }, context: Context) => {
    requireRole(context.caller, 'ADMIN');
    const csv = parseImportInput(args.input);
    return importSales(repositoryOf(context), context.products, csv, await bakeryToday(context));
  },
};

export const SalesRecord = {
  product: (sale: Sale) => ({ __typename: 'Product', id: sale.productId }),
};
