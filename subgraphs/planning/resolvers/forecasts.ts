import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../../platform/subgraph-server.ts';
import type { DemandForecast } from '../engine/index.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { findLatestForecasts } from '../repository/forecasts.ts';
import { parseForecastRange } from '../validation.ts';
import { entity } from './references.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const forecastQueries = {
  forecasts: (_: unknown, args: { from: string; to: string; productIds?: string[] | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    parseForecastRange(args.from, args.to);
    const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
    return findLatestForecasts(context.db, context.caller.tenantId, { from: args.from, to: args.to, productIds });
  },
};

export const DemandForecastResolvers = {
  product: (forecast: DemandForecast) => entity('Product', forecast.productId),
};
