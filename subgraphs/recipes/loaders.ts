import type { Caller } from '../../platform/auth.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import type { Db } from '../../db/client.ts';
import { RecipesRepository } from './repository.ts';

/**
 * The per-request loaders of the recipes subgraph, for `caller`'s tenant. Each batch is one SQL
 * statement whatever the number of keys, and every statement is scoped to the caller's tenant,
 * so an id of another tenant loads as missing (null, or an empty list).
 */
export function createRecipesLoaders(db: Db, caller: Caller) {
  const repository = new RecipesRepository(db, caller.tenantId);
  return {
    /** Product by id; null when the caller's tenant has none. */
    productById: loadOne((ids) => repository.productsByIds(ids), (product) => product.id),
    /** Recipe by id; null when the caller's tenant has none. */
    recipeById: loadOne((ids) => repository.recipesByIds(ids), (recipe) => recipe.id),
    /** The recipe of a product; null when it has none. */
    recipeByProductId: loadOne((ids) => repository.recipesByProductIds(ids), (recipe) => recipe.productId),
    /** The lines of a recipe, in the order the recipe lists them. */
    ingredientsByRecipeId: loadMany((ids) => repository.linesByRecipeIds(ids), (line) => line.recipeId),
    /** Recipes that use an inventory ingredient, by name. Rows carry the ingredient they were found through: a recipe using two asked ingredients comes twice. */
    recipesByIngredientId: loadMany((ids) => repository.recipesByIngredientIds(ids), (recipe) => recipe.usedIngredientId),
    /** The tenant-scoped repository the loaders read through, for lists and mutations. */
    repository,
  };
}

export type RecipesLoaders = ReturnType<typeof createRecipesLoaders>;
