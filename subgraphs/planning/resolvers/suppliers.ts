import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { measuredSuppliers } from '../services/supplier-performance.ts';
import { parsePastDayOrToday } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { entity } from './references.ts';

export const supplierResolvers: Resolvers = {
  Query: {
    supplierPerformance: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const supplierIds = args.supplierIds ? parseIdBatch(args.supplierIds, 'supplierIds') : undefined;
      const asOf = parsePastDayOrToday('asOf', args.asOf, await bakeryToday(context));
      return measuredSuppliers(context.loaders.repository, { asOf, supplierIds });
    },
  },

  SupplierPerformance: {
    supplier: (performance) => entity('Supplier', performance.supplierId),
  },
};
