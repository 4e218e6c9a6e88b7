import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import { isUuid } from '../../platform/ids.ts';
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

// Keys may come from the gateway (`_entities` representations) in any case or shape: ids are
// compared lower-cased, and a key that is not a UUID is answered as missing without reaching SQL.
const cacheKeyFn = (key: string) => key.toLowerCase();

function uuidKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.map(cacheKeyFn).filter(isUuid))];
}

/** A loader of one row per key: `fetch` returns the rows found, in any order. */
function oneBy<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (keys) => {
      const ids = uuidKeys(keys);
      const found = new Map((ids.length > 0 ? await fetch(ids) : []).map((row) => [keyOf(row), row]));
      return keys.map((key) => found.get(cacheKeyFn(key)) ?? null);
    },
    { cacheKeyFn },
  );
}

/** A loader of a list per key: `fetch` returns every matching row, in the order each list keeps. */
function manyBy<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const ids = uuidKeys(keys);
      const groups = new Map<string, T[]>();
      for (const row of ids.length > 0 ? await fetch(ids) : []) {
        const group = groups.get(keyOf(row));
        if (group) group.push(row);
        else groups.set(keyOf(row), [row]);
      }
      return keys.map((key) => groups.get(cacheKeyFn(key)) ?? []);
    },
    { cacheKeyFn },
  );
}

/** Creates the loaders of one request, for `caller`'s tenant. */
export function createRecipesLoaders(db: Db, caller: Caller): RecipesLoaders {
  const repository = new RecipesRepository(db, caller.tenantId);
  return {
    productById: oneBy((ids) => repository.productsByIds(ids), (product) => product.id),
    recipeById: oneBy((ids) => repository.recipesByIds(ids), (recipe) => recipe.id),
    recipeByProductId: oneBy((ids) => repository.recipesByProductIds(ids), (recipe) => recipe.productId),
    ingredientsByRecipeId: manyBy((ids) => repository.linesByRecipeIds(ids), (line) => line.recipeId),
    // Rows carry the ingredient they were found through; a recipe using two asked ingredients comes twice.
    recipesByIngredientId: manyBy((ids) => repository.recipesByIngredientIds(ids), (recipe) => recipe.usedIngredientId),
    repository,
  };
}
