import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import type { Db } from '../../db/client.ts';
import type { Product, Recipe, RecipeIngredient } from './models.ts';
import { RecipesRepository } from './repository.ts';

/**
 * The per-request loaders of the recipes subgraph. Each batch is one SQL statement whatever the
 * number of keys, and every statement is scoped to the caller's tenant, so an id of another
 * tenant loads as missing (null, or an empty list).
 */
export interface RecipesLoaders {
  /** Product by id; null when the caller's tenant has none. */
  productById: DataLoader<string, Product | null>;
  /** Recipe by id; null when the caller's tenant has none. */
  recipeById: DataLoader<string, Recipe | null>;
  /** The recipe of a product; null when it has none. */
  recipeByProductId: DataLoader<string, Recipe | null>;
  /** The lines of a recipe, in the order the recipe lists them. */
  ingredientsByRecipeId: DataLoader<string, RecipeIngredient[]>;
  /** Recipes that use an inventory ingredient, by name. */
  recipesByIngredientId: DataLoader<string, Recipe[]>;
  /** The tenant-scoped repository the loaders read through, for lists and mutations. */
  repository: RecipesRepository;
}

/** Creates the loaders of one request, for `caller`'s tenant. */
export function createRecipesLoaders(db: Db, caller: Caller): RecipesLoaders {
  const repository = new RecipesRepository(db, caller.tenantId);
  return {
    productById: loadOne((ids) => repository.productsByIds(ids), (product) => product.id),
    recipeById: loadOne((ids) => repository.recipesByIds(ids), (recipe) => recipe.id),
    recipeByProductId: loadOne((ids) => repository.recipesByProductIds(ids), (recipe) => recipe.productId),
    ingredientsByRecipeId: loadMany((ids) => repository.linesByRecipeIds(ids), (line) => line.recipeId),
    // Rows carry the ingredient they were found through; a recipe using two asked ingredients comes twice.
    recipesByIngredientId: loadMany((ids) => repository.recipesByIngredientIds(ids), (recipe) => recipe.usedIngredientId),
    repository,
  };
}
