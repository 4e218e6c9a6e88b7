import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { ProductionSchedule, StoredBatch, StoredRequirement } from '../repository/production.ts';
import { cancelProductionSchedule } from '../services/plan-actions.ts';
import { parseIdOrDate } from '../validation.ts';
import { productionDays } from './baking.ts';
import { entity } from './references.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const productionQueries = {
  productionSchedule: async (_: unknown, args: { id?: string | null; date?: string | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    const key = parseIdOrDate(args);
    if ('id' in key) return context.loaders.scheduleById.load(key.id);
    return (await repositoryOf(context).production.findCurrentSchedule(key.date)) ?? null;
  },
};

export const productionMutations = {
  cancelProductionSchedule: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    return cancelProductionSchedule(repositoryOf(context), parseId(args.id));
  },
};

export const ProductionScheduleResolvers = {
  __resolveReference: (reference: { id: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return context.loaders.scheduleById.load(reference.id);
  },
  batches: (schedule: ProductionSchedule, _: unknown, context: Context) => context.loaders.batchesByScheduleId.load(schedule.id),
  ingredientRequirements: (schedule: ProductionSchedule, _: unknown, context: Context) =>
    context.loaders.requirementsByScheduleId.load(schedule.id),
  run: (schedule: ProductionSchedule, _: unknown, context: Context) => context.loaders.runById.load(schedule.runId),
  days: (schedule: ProductionSchedule, _: unknown, context: Context) => productionDays(schedule, context),
};

export const ProductionBatchResolvers = {
  recipe: (batch: StoredBatch) => entity('Recipe', batch.recipeId),
  product: (batch: StoredBatch) => entity('Product', batch.productId),
};

export const IngredientRequirementResolvers = {
  ingredient: (requirement: StoredRequirement) => entity('Ingredient', requirement.ingredientId),
  totalQuantity: (requirement: StoredRequirement) =>
    Math.round(requirement.days.reduce((sum, day) => sum + day.quantity, 0) * 1e6) / 1e6,
};
