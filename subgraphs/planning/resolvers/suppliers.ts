import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { measuredSuppliers, type MeasuredSupplier } from '../services/supplier-performance.ts';
import { parsePastDayOrToday } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { repositoryOf } from './repository.ts';
import { entity } from './references.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const supplierQueries = {
  supplierPerformance: async (_: unknown, args: { supplierIds?: string[] | null; asOf?: string | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    const supplierIds = args.supplierIds ? parseIdBatch(args.supplierIds, 'supplierIds') : undefined;
    const asOf = parsePastDayOrToday('asOf', args.asOf, await bakeryToday(context));
    return measuredSuppliers(repositoryOf(context), { asOf, supplierIds });
  },
};

export const SupplierPerformanceResolvers = {
  supplier: (performance: MeasuredSupplier) => entity('Supplier', performance.supplierId),
};
