import { createHash } from 'node:crypto';
import { badUserInput } from '../../../platform/errors.ts';
import type { IngredientLookup } from '../../../platform/ingredient-lookup.ts';
import type { ProductLookup, ProductRecipe } from '../../../platform/product-lookup.ts';
import { ingredientsConsumed, recipesByProduct, type PlanWarning } from '../engine/index.ts';
import type { PlanningRepository } from '../repository.ts';
import { RECORD_DATE_CONSTRAINT, type ProductionRecord } from '../repository/production-records.ts';
import { refuseInput, type ProductionInput } from '../validation.ts';
import { violates } from '../../../db/constraints.ts';

/**
 * recordProduction: what was baked on a day. The recipes come from the recipes subgraph (ONE
 * request, as the caller) and the stock from inventory (ONE request); the consumption is posted
 * to inventory as PRODUCTION movements (FEFO there) through the same outbox as receipts, so
 * exactly once. A day is recorded once: the same input again is a retry and returns the first
 * record; other batches for a recorded day are refused (correct stock with recordStockMovement).
 */

export interface ProductionOutcome {
  record: ProductionRecord;
  /** The outbox row posting the consumption; null when nothing was consumed. */
  postingId: string | null;
}

export async function recordProduction(
  repository: PlanningRepository,
  input: ProductionInput,
  lookups: { products: ProductLookup; ingredients: IngredientLookup },
  recordedBy: string,
): Promise<ProductionOutcome> {
  const contentHash = hashProduction(input);
  const earlier = await repository.productionRecords.findByDate(input.date);
  if (earlier) return replay(repository, earlier, contentHash);

  const recipes = await lookups.products.recipesByProductIds(input.batches.map((line) => line.productId));
  const problems: { path: string; message: string }[] = [];
  input.batches.forEach((line, index) => {
    if (!recipes.has(line.productId)) problems.push({ path: `input.batches.${index}.productId`, message: `names no product of this bakery (${line.productId})` });
    else if (recipes.get(line.productId) === null && line.batches > 0) {
      problems.push({ path: `input.batches.${index}.productId`, message: `product ${line.productId} has no recipe: nothing says what its batches use` });
    }
  });
  refuseInput(problems);
  const baked = input.batches.filter((line) => line.batches > 0);
  const bakedRecipes = baked.map((line) => recipes.get(line.productId)!);
  const stock = await lookups.ingredients.stockByIds(bakedRecipes.flatMap((recipe) => recipe.ingredients.map((line) => line.ingredientId)));
  for (const recipe of bakedRecipes) {
    for (const line of recipe.ingredients) {
      if (!stock.has(line.ingredientId)) problems.push({ path: 'input.batches', message: `recipe ${recipe.name} uses ingredient ${line.ingredientId}, which inventory does not have; fix the recipe first` });
    }
  }
  refuseInput(problems);
  const warnings: PlanWarning[] = [];
  const batchRecipes = recipesByProduct(bakedRecipes.map(toRecipeInput), stock, warnings);
  refuseInput(warnings.map((warning) => ({ path: 'input.batches', message: `${warning.message} (fix the recipe before recording its baking)` })));
  const consumed = ingredientsConsumed(baked, batchRecipes);

  const consumption = [...consumed].map(([ingredientId, quantity]) => ({ ingredientId, quantity, unit: stock.get(ingredientId)!.unit }));
  const shortages = consumption
    .filter((line) => Math.round(line.quantity * 1000) > Math.round(stock.get(line.ingredientId)!.onHand * 1000))
    .map((line) => ({ ingredientId: line.ingredientId, needed: line.quantity, onHand: stock.get(line.ingredientId)!.onHand, unit: line.unit }));
  if (shortages.length > 0 && !input.allowShortage) {
    const words = shortages.map((short) => `${stock.get(short.ingredientId)!.name}: ${short.needed} ${short.unit} needed, ${short.onHand} ${short.unit} on hand`);
    throw badUserInput(`The stock cannot cover this baking (${words.join('; ')}). Nothing was recorded; record the missing stock first, or set allowShortage to record it anyway`, {
      field: 'input.batches',
      shortages: shortages.map((short) => ({ ...short, name: stock.get(short.ingredientId)!.name, missing: Math.round((short.needed - short.onHand) * 1000) / 1000 })),
    });
  }

  const schedule = await repository.production.findCurrentSchedule(input.date);
  const planned = new Map(
    schedule ? (await repository.production.findBatchesByScheduleIds([schedule.id])).filter((batch) => batch.date === input.date).map((batch) => [batch.productId, batch]) : [],
  );
  const productIds = [...new Set([...input.batches.map((line) => line.productId), ...planned.keys()])].sort();
  const actual = new Map(input.batches.map((line) => [line.productId, line.batches]));
  const lines = productIds.map((productId) => ({
    productId,
    recipeId: recipes.get(productId)?.id ?? planned.get(productId)?.recipeId ?? null,
    plannedBatches: planned.get(productId)?.batches ?? 0,
    actualBatches: actual.get(productId) ?? 0,
  }));

  try {
    return await repository.transaction(async (transaction) => {
      const record = await transaction.productionRecords.insert(
        { date: input.date, scheduleId: schedule?.id ?? null, allowShortage: input.allowShortage, consumption, shortages, contentHash, recordedBy },
        lines,
      );
      if (consumption.length === 0) return { record, postingId: null };
      const posting = await transaction.stockPostings.insert(
        { kind: 'PRODUCTION_RECORD', id: record.id },
        {
          kind: 'PRODUCTION',
          occurredOn: input.date,
          note: `Production of ${input.date}, record ${record.id}`,
          lines: consumption.map(({ ingredientId, quantity }) => ({ ingredientId, quantity })),
        },
      );
      return { record, postingId: posting.id };
    });
  } catch (error) {
    // Another call recorded the day meanwhile: answer as if it had come first.
    if (!violates(error, RECORD_DATE_CONSTRAINT)) throw error;
    return replay(repository, (await repository.productionRecords.findByDate(input.date))!, contentHash);
  }
}

/** A day already recorded: the same input is a retry (the first record); other batches are refused. */
async function replay(repository: PlanningRepository, earlier: ProductionRecord, contentHash: string): Promise<ProductionOutcome> {
  if (earlier.contentHash !== contentHash) {
    throw badUserInput(
      `Invalid input: input.date: production of ${earlier.date} is already recorded (record ${earlier.id}); a day is recorded once — correct stock with recordStockMovement`,
      { field: 'input.date' },
    );
  }
  const [posting] = await repository.stockPostings.findBySourceIds('PRODUCTION_RECORD', [earlier.id]);
  return { record: earlier, postingId: posting?.id ?? null };
}

function toRecipeInput(recipe: ProductRecipe) {
  return { id: recipe.id, name: recipe.name, productId: recipe.productId, yieldQuantity: recipe.yieldQuantity, ingredients: recipe.ingredients };
}

/** SHA-256 of the day, the batches (by product) and the shortage choice. */
function hashProduction(input: ProductionInput): string {
  const batches = [...input.batches].sort((a, b) => (a.productId < b.productId ? -1 : 1)).map((line) => [line.productId, line.batches]);
  return createHash('sha256').update(JSON.stringify({ date: input.date, batches, allowShortage: input.allowShortage })).digest('hex');
}
