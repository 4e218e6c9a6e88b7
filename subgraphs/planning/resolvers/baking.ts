import { requireRole } from '../../../platform/auth.ts';
import { addDays } from '../../../platform/time-zones.ts';
import type { PlanningContext } from '../context.ts';
import type { ProductionDay, Resolvers } from '../generated/resolvers.ts';
import type { ProductionSchedule } from '../repository/production.ts';
import type { ProductionRecord } from '../repository/production-records.ts';
import { recordProduction } from '../services/production-records.ts';
import { parseProductionInput } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { postStockAtOnce } from './receiving.ts';
import { entity, optionalEntity } from './references.ts';

/** ProductionSchedule.days: each horizon day, DONE when a record closed it against this schedule. */
export async function productionDays(
  schedule: ProductionSchedule,
  context: PlanningContext,
): Promise<(Omit<ProductionDay, 'production'> & { production: ProductionRecord | null })[]> {
  const records = new Map((await context.loaders.productionRecordsByScheduleId.load(schedule.id)).map((record) => [record.date, record]));
  return Array.from({ length: schedule.horizonDays }, (_, offset) => {
    const date = addDays(schedule.planDate, offset);
    const production = records.get(date) ?? null;
    return { date, status: production ? 'DONE' : 'PLANNED', production };
  });
}

/** Consumption and shortage lines name their ingredient by id. */
const ingredientOf = (line: { ingredientId: string }) => entity('Ingredient', line.ingredientId);

export const bakingResolvers: Resolvers = {
  Query: {
    productionRecord: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      return (await context.loaders.repository.productionRecords.findByDate(args.date)) ?? null;
    },
  },

  Mutation: {
    recordProduction: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const input = parseProductionInput(args.input, await bakeryToday(context));
      const lookups = { products: context.products, ingredients: context.ingredients };
      const { record, postingId } = await recordProduction(context.loaders.repository, input, lookups, context.caller.userId);
      await postStockAtOnce(context, postingId);
      return record;
    },
  },

  ProductionRecord: {
    schedule: (record, _, context) => (record.scheduleId ? context.loaders.scheduleById.load(record.scheduleId) : null),
    lines: (record, _, context) => context.loaders.productionRecordLinesByRecordId.load(record.id),
    consumption: async (record, _, context) => {
      const posting = await context.loaders.stockPostingByProductionRecordId.load(record.id);
      return record.consumption.map((line, index) => ({ ...line, posted: posting?.result?.lines[index]?.posted ?? null }));
    },
    stockPosted: async (record, _, context) =>
      record.consumption.length === 0 || Boolean((await context.loaders.stockPostingByProductionRecordId.load(record.id))?.postedAt),
  },

  ProductionRecordLine: {
    product: (line) => entity('Product', line.productId),
    recipe: (line) => optionalEntity('Recipe', line.recipeId),
  },

  IngredientConsumption: {
    ingredient: ingredientOf,
  },

  IngredientShortage: {
    ingredient: ingredientOf,
    missing: (line) => Math.round((line.needed - line.onHand) * 1000) / 1000,
  },
};
