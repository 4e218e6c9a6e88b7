import { requireRole } from '../../../platform/auth.ts';
import { parseIdBatch } from '../../../platform/ids.ts';
import { ACCURACY_WINDOWS, CANDIDATE_LOOKBACK_DAYS, forecastAccuracy } from '../engine/index.ts';
import { notFound } from '../../../platform/errors.ts';
import { addDays, dateIn } from '../../../platform/time-zones.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { parseForecastRange } from '../validation.ts';
import { entity } from './references.ts';

export const forecastResolvers: Resolvers = {
  Query: {
    forecastAccuracy: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
      const tenant = await context.loaders.tenantById.load(context.caller.tenantId);
      if (!tenant) throw notFound('The tenant of this token does not exist');
      const asOf = dateIn(tenant.timezone);
      const window = { from: addDays(asOf, -Math.max(...ACCURACY_WINDOWS)), to: addDays(asOf, -1) };
      // Every product's sales, even when some products are asked: they tell which days were recorded at all.
      const repository = context.loaders.repository;
      const [forecasts, sales, scored] = await Promise.all([
        repository.forecasts.findLatest({ ...window, productIds }),
        repository.sales.find(window),
        repository.candidateForecasts.findScored({ from: addDays(asOf, -CANDIDATE_LOOKBACK_DAYS), to: window.to, productIds }),
      ]);
      return forecastAccuracy(forecasts, sales, asOf, scored);
    },
    forecasts: (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      parseForecastRange(args.from, args.to);
      const productIds = args.productIds ? parseIdBatch(args.productIds, 'productIds') : null;
      return context.loaders.repository.forecasts.findLatest({ from: args.from, to: args.to, productIds });
    },
  },

  ProductForecastAccuracy: {
    product: (accuracy) => entity('Product', accuracy.productId),
  },

  DemandForecast: {
    product: (forecast) => entity('Product', forecast.productId),
  },
};
