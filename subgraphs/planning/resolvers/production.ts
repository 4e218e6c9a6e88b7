import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { cancelProductionSchedule } from '../services/plan-actions.ts';
import { parseIdOrDate } from '../validation.ts';
import { productionDays } from './baking.ts';
import { entity } from './references.ts';
import { namedRun } from './runs.ts';

export const productionResolvers: Resolvers = {
  Query: {
    productionSchedule: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const key = parseIdOrDate(args);
      if ('id' in key) return context.loaders.scheduleById.load(key.id);
      return (await context.loaders.repository.production.findCurrentSchedule(key.date)) ?? null;
    },
  },

  Mutation: {
    cancelProductionSchedule: (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      return cancelProductionSchedule(context.loaders.repository, parseId(args.id));
    },
  },

  ProductionSchedule: {
    __resolveReference: (reference, context) => {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.scheduleById.load(reference.id);
    },
    batches: (schedule, _, context) => context.loaders.batchesByScheduleId.load(schedule.id),
    ingredientRequirements: (schedule, _, context) => context.loaders.requirementsByScheduleId.load(schedule.id),
    run: (schedule, _, context) => namedRun(context, schedule.runId),
    days: (schedule, _, context) => productionDays(schedule, context),
  },

  ProductionBatch: {
    recipe: (batch) => entity('Recipe', batch.recipeId),
    product: (batch) => entity('Product', batch.productId),
  },

  IngredientRequirement: {
    ingredient: (requirement) => entity('Ingredient', requirement.ingredientId),
    totalQuantity: (requirement) => Math.round(requirement.days.reduce((sum, day) => sum + day.quantity, 0) * 1e6) / 1e6,
  },
};
