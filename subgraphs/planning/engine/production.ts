import { toEpochDay } from './dates.ts';
import { PlanningInputError } from './errors.ts';
import { byId, compareStrings } from './ordering.ts';
import { ceilQuantity, roundQuantity } from './rounding.ts';
import { convertQuantity } from './units.ts';
import type {
  DemandForecast,
  IngredientInput,
  IngredientRequirement,
  PlanWarning,
  ProductionBatch,
  ProductionResult,
  RecipeInput,
} from './types.ts';

/**
 * Production batches and the ingredient demand they create.
 *
 * Per product with a recipe and forecast day d: `batches = ceil(forecast / yield)`,
 * `quantity = batches × yield`. Each ingredient's requirement on d is Σ batches × quantity
 * per batch, converted to the ingredient's unit (G↔KG, ML↔L by 1000). A recipe line whose
 * unit cannot be converted is left out with an UNIT_MISMATCH warning.
 *
 * `demandSigma` of an ingredient is √Σ_p (sigma_p × qty_{p,i} / yield_p)², the daily
 * standard deviation the forecast uncertainty puts on that ingredient (STATISTICAL safety
 * stock).
 *
 * A product with several recipes uses the one with the smallest id; forecasts of products
 * without a recipe make no batches. Days with 0 batches are not listed.
 *
 * @param forecasts usually `forecast(...).forecasts`
 * @param recipes quantities per batch; `yieldQuantity` > 0 product units per batch
 * @param ingredients used for their unit
 * @throws PlanningInputError when a recipe names an ingredient that is not in `ingredients`
 *   or has a yield ≤ 0
 */
/** What one batch of a product takes, per ingredient, in the ingredient's unit. */
export interface BatchRecipe {
  recipe: RecipeInput;
  /** Ingredient id → quantity per batch, converted to the ingredient's unit. */
  perBatch: Map<string, number>;
}

/**
 * Per product, the recipe production bakes (the smallest id among its recipes) with its lines in
 * the ingredients' own units. A line whose unit cannot be converted is left out with a
 * UNIT_MISMATCH warning pushed to `warnings`.
 *
 * @throws PlanningInputError for a yield ≤ 0 or a line naming an ingredient not in `ingredientById`
 */
export function recipesByProduct(
  recipes: readonly RecipeInput[],
  ingredientById: ReadonlyMap<string, Pick<IngredientInput, 'id' | 'name' | 'unit'>>,
  warnings: PlanWarning[] = [],
): Map<string, BatchRecipe> {
  const recipeByProduct = new Map<string, BatchRecipe>();
  for (const recipe of [...recipes].sort(byId)) {
    if (recipeByProduct.has(recipe.productId)) continue;
    if (!(recipe.yieldQuantity > 0)) {
      throw new PlanningInputError(
        `recipe ${recipe.id} must yield more than 0 units per batch, got yieldQuantity ${recipe.yieldQuantity}`,
      );
    }
    const perBatch = new Map<string, number>();
    for (const line of recipe.ingredients) {
      const ingredient = ingredientById.get(line.ingredientId);
      if (!ingredient) {
        throw new PlanningInputError(
          `recipe ${recipe.id} uses ingredient ${line.ingredientId}, which is not among the ${ingredientById.size} ingredients given`,
        );
      }
      const quantity = convertQuantity(line.quantity, line.unit, ingredient.unit);
      if (quantity === null) {
        warnings.push({
          code: 'UNIT_MISMATCH',
          message:
            `Recipe ${recipe.name ?? recipe.id} measures ${ingredient.name} in ${line.unit}, but it is stocked in ` +
            `${ingredient.unit}; this requirement is left out of the plan until the units agree`,
          ingredientId: ingredient.id,
          productId: recipe.productId,
        });
        continue;
      }
      perBatch.set(ingredient.id, (perBatch.get(ingredient.id) ?? 0) + quantity);
    }
    recipeByProduct.set(recipe.productId, { recipe, perBatch });
  }
  return recipeByProduct;
}

/**
 * What baking `batches` uses of each ingredient: Σ batches × the recipe's quantity per batch, in
 * the ingredient's unit, rounded to the 3 decimals inventory keeps. Ingredients used by nothing
 * baked (0 batches) are absent.
 *
 * @throws PlanningInputError for a product without a recipe in `recipeByProduct`
 */
export function ingredientsConsumed(
  batches: readonly { productId: string; batches: number }[],
  recipeByProduct: ReadonlyMap<string, BatchRecipe>,
): Map<string, number> {
  const consumed = new Map<string, number>();
  for (const { productId, batches: count } of batches) {
    if (count === 0) continue;
    const recipe = recipeByProduct.get(productId);
    if (!recipe) throw new PlanningInputError(`product ${productId} has no recipe`);
    for (const [ingredientId, perBatch] of recipe.perBatch) consumed.set(ingredientId, (consumed.get(ingredientId) ?? 0) + count * perBatch);
  }
  return new Map([...consumed].map(([ingredientId, quantity]) => [ingredientId, Math.round(quantity * 1000) / 1000]));
}

export function planProduction(
  forecasts: readonly DemandForecast[],
  recipes: readonly RecipeInput[],
  ingredients: readonly IngredientInput[],
): ProductionResult {
  const ingredientById = new Map(ingredients.map((ingredient) => [ingredient.id, ingredient]));
  const warnings: PlanWarning[] = [];

  const recipeByProduct = recipesByProduct(recipes, ingredientById, warnings);

  const dates = [...new Set(forecasts.map((row) => row.date))].sort(
    (a, b) => toEpochDay(a) - toEpochDay(b),
  );
  const dateIndex = new Map(dates.map((date, k) => [date, k]));

  const batches: ProductionBatch[] = [];
  const demandByIngredient = new Map<string, { daily: number[]; sigmaSquares: number }>();
  const sigmaByProduct = new Map<string, number>();
  const sortedForecasts = [...forecasts].sort(
    (a, b) => dateIndex.get(a.date)! - dateIndex.get(b.date)! || compareStrings(a.productId, b.productId),
  );
  for (const row of sortedForecasts) {
    const plan = recipeByProduct.get(row.productId);
    if (!plan) continue;
    sigmaByProduct.set(row.productId, Math.max(sigmaByProduct.get(row.productId) ?? 0, row.sigma));
    const count = Math.max(0, ceilQuantity(row.quantity / plan.recipe.yieldQuantity));
    if (count > 0) {
      batches.push({
        date: row.date,
        recipeId: plan.recipe.id,
        productId: row.productId,
        batches: count,
        quantity: roundQuantity(count * plan.recipe.yieldQuantity),
        forecastQuantity: row.quantity,
      });
    }
    for (const [ingredientId, quantity] of plan.perBatch) {
      let demand = demandByIngredient.get(ingredientId);
      if (!demand) demandByIngredient.set(ingredientId, (demand = { daily: new Array(dates.length).fill(0), sigmaSquares: 0 }));
      demand.daily[dateIndex.get(row.date)!] += count * quantity;
    }
  }

  for (const [productId, sigma] of sigmaByProduct) {
    const { recipe, perBatch } = recipeByProduct.get(productId)!;
    for (const [ingredientId, quantity] of perBatch) {
      demandByIngredient.get(ingredientId)!.sigmaSquares += ((sigma * quantity) / recipe.yieldQuantity) ** 2;
    }
  }

  const requirements: IngredientRequirement[] = [...demandByIngredient.keys()].sort(compareStrings).map((ingredientId) => {
    const demand = demandByIngredient.get(ingredientId)!;
    return {
      ingredientId,
      unit: ingredientById.get(ingredientId)!.unit,
      demandSigma: roundQuantity(Math.sqrt(demand.sigmaSquares)),
      days: dates.map((date, k) => ({ date, quantity: roundQuantity(demand.daily[k]) })),
    };
  });

  return { batches, requirements, warnings };
}
