import { DateScalar, DateTimeScalar } from '../../../platform/scalars.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { bakingResolvers } from './baking.ts';
import { forecastResolvers } from './forecasts.ts';
import { orchestrationResolvers } from './orchestration.ts';
import { pipelineResolvers } from './pipeline.ts';
import { procurementResolvers } from './procurement.ts';
import { productionResolvers } from './production.ts';
import { receivingResolvers } from './receiving.ts';
import { referenceResolvers } from './references.ts';
import { runResolvers } from './runs.ts';
import { salesResolvers } from './sales.ts';
import { settingsResolvers } from './settings.ts';
import { supplierResolvers } from './suppliers.ts';

/** One per module, each typed by the generated resolver types. */
const modules: Resolvers[] = [
  settingsResolvers,
  salesResolvers,
  forecastResolvers,
  runResolvers,
  pipelineResolvers,
  productionResolvers,
  procurementResolvers,
  receivingResolvers,
  bakingResolvers,
  orchestrationResolvers,
  supplierResolvers,
  referenceResolvers,
];

/** The modules' maps as one, field by field; a field two modules both define is refused at start. */
function mergeModules(maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) {
      const target = (merged[typeName] ??= {});
      for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
        if (field in target) throw new Error(`planning resolvers: ${typeName}.${field} is defined by two modules`);
        target[field] = resolver;
      }
    }
  }
  return merged as Resolvers;
}

export const planningResolvers: Resolvers = { ...mergeModules(modules), Date: DateScalar, DateTime: DateTimeScalar };
