import { requireRole } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { assertIngredientsExist, type IngredientField } from '../../platform/ingredient-lookup.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { parseId, parseIdBatch, parseSkuBatch } from '../../platform/ids.ts';
import { importRecipes } from './import.ts';
import { parsePage, toConnection } from '../../platform/pagination.ts';
import { DateTimeScalar } from '../../platform/scalars.ts';
import type { SubgraphContext, SubgraphDefinition } from '../subgraph-server.ts';
import type { RecipesLoaders } from './loaders.ts';
import type { Product, Recipe, RecipeIngredient } from './models.ts';
import { parseInput } from '../../platform/validation.ts';
import { CreateProductInput, CreateRecipeInput, UpdateProductInput, UpdateRecipeInput } from './validation.ts';

type Context = SubgraphContext<RecipesLoaders>;

type PageArgs = { first?: number | null; after?: string | null };

/** An Ingredient as this subgraph knows it: its key, nothing else (inventory owns the rest). */
interface IngredientReference {
  id: string;
}

/** Splits loader results for `askedIds` into those found (in order) and the ids missing, as asked. */
function splitFound<T>(askedIds: readonly string[], found: readonly (T | null | Error)[]): { found: T[]; missingIds: string[] } {
  const present: T[] = [];
  const missingIds: string[] = [];
  found.forEach((value, index) => {
    if (value instanceof Error) throw value;
    if (value) present.push(value);
    else missingIds.push(askedIds[index]);
  });
  return { found: present, missingIds };
}

/** The ingredient each recipe line names, with the input field that names it (as parseInput names fields). */
function lineReferences(lines: readonly { ingredientId: string }[]): IngredientField[] {
  return lines.map((line, index) => ({ ingredientId: line.ingredientId, field: `input.ingredients.${index}.ingredientId` }));
}

/** Thin resolvers: check the role, parse arguments, then read through loaders or write through the repository. */
export const recipesResolvers: SubgraphDefinition<RecipesLoaders>['resolvers'] = {
  DateTime: DateTimeScalar,

  Query: {
    recipe(_parent, args: { id: string }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      return loaders.recipeById.load(parseId(args.id));
    },

    async recipes(_parent, args: PageArgs, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      const { rows, totalCount } = await loaders.repository.listRecipes(page);
      for (const recipe of rows) loaders.recipeById.prime(recipe.id, recipe);
      return toConnection(rows, page, totalCount, (recipe) => ({ sortKey: recipe.name, id: recipe.id }));
    },

    async recipesByIds(_parent, args: { ids: string[] }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const { found, missingIds } = splitFound(args.ids, await loaders.recipeById.loadMany(parseIdBatch(args.ids)));
      return { recipes: found, missingIds };
    },

    product(_parent, args: { id: string }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      return loaders.productById.load(parseId(args.id));
    },

    async products(_parent, args: PageArgs, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      const { rows, totalCount } = await loaders.repository.listProducts(page);
      for (const product of rows) loaders.productById.prime(product.id, product);
      return toConnection(rows, page, totalCount, (product) => ({ sortKey: product.name, id: product.id }));
    },

    async productsByIds(_parent, args: { ids: string[] }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const { found, missingIds } = splitFound(args.ids, await loaders.productById.loadMany(parseIdBatch(args.ids)));
      return { products: found, missingIds };
    },

    async productsBySkus(_parent, args: { skus: string[] }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const skus = parseSkuBatch(args.skus);
      const found = new Map((await loaders.repository.productsBySkus([...new Set(skus)])).map((product) => [product.sku, product]));
      for (const product of found.values()) loaders.productById.prime(product.id, product);
      return { products: skus.flatMap((sku) => found.get(sku) ?? []), missingSkus: skus.filter((sku) => !found.has(sku)) };
    },
  },

  Mutation: {
    async createProduct(_parent, args: { input: unknown }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      const product = await loaders.repository.createProduct(parseInput(CreateProductInput, args.input));
      loaders.productById.prime(product.id, product);
      return product;
    },

    async updateProduct(_parent, args: { id: string; input: unknown }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      const id = parseId(args.id);
      const product = await loaders.repository.updateProduct(id, parseInput(UpdateProductInput, args.input));
      if (!product) throw notFound(`No product with id ${id}`);
      loaders.productById.clear(id).prime(id, product);
      return product;
    },

    async createRecipe(_parent, args: { input: unknown }, { caller, loaders, ingredients }: Context) {
      requireRole(caller, 'ADMIN');
      const input = parseInput(CreateRecipeInput, args.input);
      await assertIngredientsExist(ingredients, lineReferences(input.ingredients));
      const { recipe, lines } = await loaders.repository.createRecipe(input);
      loaders.recipeById.prime(recipe.id, recipe);
      loaders.recipeByProductId.clear(recipe.productId).prime(recipe.productId, recipe);
      loaders.ingredientsByRecipeId.prime(recipe.id, lines);
      loaders.recipesByIngredientId.clearAll();
      return recipe;
    },

    async updateRecipe(_parent, args: { id: string; input: unknown }, { caller, loaders, ingredients }: Context) {
      requireRole(caller, 'ADMIN');
      const id = parseId(args.id);
      const input = parseInput(UpdateRecipeInput, args.input);
      if (input.ingredients) await assertIngredientsExist(ingredients, lineReferences(input.ingredients));
      const updated = await loaders.repository.updateRecipe(id, input);
      if (!updated) throw notFound(`No recipe with id ${id}`);
      const { recipe, lines } = updated;
      loaders.recipeById.clear(id).prime(id, recipe);
      loaders.recipeByProductId.clear(recipe.productId).prime(recipe.productId, recipe);
      if (lines) loaders.ingredientsByRecipeId.clear(id).prime(id, lines);
      loaders.recipesByIngredientId.clearAll();
      return recipe;
    },

    importRecipes(_parent, args: { input: unknown }, { caller, loaders, ingredients }: Context) {
      requireRole(caller, 'ADMIN');
      return importRecipes(loaders.repository, ingredients, parseImportInput(args.input));
    },
  },

  Product: {
    __resolveReference(reference: { id: string }, { loaders }: Context) {
      return loaders.productById.load(reference.id);
    },
    recipe(product: Product, _args, { loaders }: Context) {
      return loaders.recipeByProductId.load(product.id);
    },
  },

  Recipe: {
    __resolveReference(reference: { id: string }, { loaders }: Context) {
      return loaders.recipeById.load(reference.id);
    },
    async product(recipe: Recipe, _args, { loaders }: Context) {
      const product = await loaders.productById.load(recipe.productId);
      // A recipe's product is in the same tenant by foreign key; a miss means it was deleted mid-request.
      if (!product) throw new Error(`product ${recipe.productId} of recipe ${recipe.id} vanished`);
      return product;
    },
    ingredients(recipe: Recipe, _args, { loaders }: Context) {
      return loaders.ingredientsByRecipeId.load(recipe.id);
    },
  },

  RecipeIngredient: {
    ingredient(line: RecipeIngredient): IngredientReference {
      return { id: line.ingredientId };
    },
  },

  Ingredient: {
    __resolveReference(reference: IngredientReference): IngredientReference {
      return reference;
    },
    usedIn(ingredient: IngredientReference, _args, { loaders }: Context): Promise<Recipe[]> {
      return loaders.recipesByIngredientId.load(ingredient.id);
    },
  },
};
