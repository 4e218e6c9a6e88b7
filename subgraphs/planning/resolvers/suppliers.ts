import { requireRole } from '../../../platform/auth.ts';
import { notFound } from '../../../platform/errors.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../../platform/subgraph-server.ts';
import { dateIn } from '../../../platform/time-zones.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { measuredSuppliers, type MeasuredSupplier } from '../services/supplier-performance.ts';
import { entity } from './references.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const supplierQueries = {
  supplierPerformance: async (_: unknown, args: { supplierIds?: string[] | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    const supplierIds = args.supplierIds ? parseIdBatch(args.supplierIds, 'supplierIds') : undefined;
    const tenant = await context.loaders.tenantById.load(context.caller.tenantId);
    if (!tenant) throw notFound('The tenant of this token does not exist');
    return measuredSuppliers(context.db, context.caller.tenantId, { timeZone: tenant.timezone, today: dateIn(tenant.timezone), supplierIds });
  },
};

export const SupplierPerformanceResolvers = {
  supplier: (performance: MeasuredSupplier) => entity('Supplier', performance.supplierId),
};
