import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { parseHistoryRange, parseSalesRecords } from '../validation.ts';
import { parseImportInput } from '../../../platform/csv-import.ts';
import { importSales } from '../services/sales-import.ts';
import { bakeryToday } from './bakery-day.ts';
import { entity } from './references.ts';

export const salesResolvers: Resolvers = {
  Query: {
    salesHistory: (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      parseHistoryRange(args.from, args.to);
      const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
      return context.loaders.repository.sales.find({ from: args.from, to: args.to, productIds });
    },
  },

  Mutation: {
    recordSales: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const records = parseSalesRecords(args.records, await bakeryToday(context));
      const { created, updated } = await context.loaders.repository.sales.upsert(records);
      return { recorded: created + updated };
    },
    importSales: async (_, args, context) => {
      requireRole(context.caller, 'ADMIN');
      const csv = parseImportInput(args.input);
      return importSales(context.loaders.repository, context.products, csv, await bakeryToday(context));
    },
  },

  SalesRecord: {
    product: (sale) => entity('Product', sale.productId),
  },
};
