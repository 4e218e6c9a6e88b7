import { DateScalar, DateTimeScalar } from '../../../platform/scalars.ts';
import { salesMutations, salesQueries, SalesRecord } from './sales.ts';
import { settingsMutations, settingsQueries } from './settings.ts';

export const planningResolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: { ...settingsQueries, ...salesQueries },
  Mutation: { ...settingsMutations, ...salesMutations },
  SalesRecord,
};
