import { requireRole } from '../../../platform/auth.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import { addDays } from '../../../platform/time-zones.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { ProductionSchedule } from '../repository/production.ts';
import type { ProductionRecord, ProductionRecordLine } from '../repository/production-records.ts';
import { recordProduction } from '../services/production-records.ts';
import { dispatchStockPosting } from '../services/stock-postings.ts';
import { parseProductionInput } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { entity, optionalEntity } from './references.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

export const bakingQueries = {
  productionRecord: async (_: unknown, args: { date: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return (await repositoryOf(context).productionRecords.findByDate(args.date)) ?? null;
  },
};

export const bakingMutations = {
  recordProduction: async (_: unknown, args: { input: unknown }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const input = parseProductionInput(args.input, await bakeryToday(context));
    const lookups = { products: context.products, ingredients: context.ingredients };
    const { record, postingId } = await recordProduction(repositoryOf(context), input, lookups, context.caller.userId);
    // Posted at once; a post that fails is left to the dispatcher (stockPosted says so).
    if (postingId) await dispatchStockPosting(context.db, context.inventoryService, postingId, context.logger);
    return record;
  },
};

/** ProductionSchedule.days: each horizon day, DONE when a record closed it against this schedule. */
export async function productionDays(schedule: ProductionSchedule, context: Context) {
  const records = new Map((await context.loaders.productionRecordsByScheduleId.load(schedule.id)).map((record) => [record.date, record]));
  return Array.from({ length: schedule.horizonDays }, (_, offset) => {
    const date = addDays(schedule.planDate, offset);
    const production = records.get(date) ?? null;
    return { date, status: production ? 'DONE' : 'PLANNED', production };
  });
}

export const ProductionRecordResolvers = {
  schedule: (record: ProductionRecord, _: unknown, context: Context) => (record.scheduleId ? context.loaders.scheduleById.load(record.scheduleId) : null),
  lines: (record: ProductionRecord, _: unknown, context: Context) => context.loaders.productionRecordLinesByRecordId.load(record.id),
  consumption: async (record: ProductionRecord, _: unknown, context: Context) => {
    const posting = await context.loaders.stockPostingByProductionRecordId.load(record.id);
    return record.consumption.map((line, index) => ({ ...line, posted: posting?.result?.lines[index]?.posted ?? null }));
  },
  stockPosted: async (record: ProductionRecord, _: unknown, context: Context) =>
    record.consumption.length === 0 || Boolean((await context.loaders.stockPostingByProductionRecordId.load(record.id))?.postedAt),
};

export const ProductionRecordLineResolvers = {
  product: (line: ProductionRecordLine) => entity('Product', line.productId),
  recipe: (line: ProductionRecordLine) => optionalEntity('Recipe', line.recipeId),
};

/** Consumption and shortage lines name their ingredient by id. */
export const IngredientLineResolvers = {
  ingredient: (line: { ingredientId: string }) => entity('Ingredient', line.ingredientId),
};

export const IngredientShortageResolvers = {
  ...IngredientLineResolvers,
  missing: (line: { needed: number; onHand: number }) => Math.round((line.needed - line.onHand) * 1000) / 1000,
};
