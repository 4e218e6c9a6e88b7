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

/** One per module; no two name the same object type (Query and Mutation aside, merged below). */
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

export const planningResolvers: Resolvers = {
  ...Object.assign({}, ...modules),
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: Object.assign({}, ...modules.map((module) => module.Query)),
  Mutation: Object.assign({}, ...modules.map((module) => module.Mutation)),
};
