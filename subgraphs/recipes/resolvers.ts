import { requireRole } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { assertIngredientsExist, type IngredientField } from '../../platform/ingredient-lookup.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { parseId, parseIdBatch, parseSkuBatch } from '../../platform/ids.ts';
import { importRecipes } from './import.ts';
import { parsePage } from '../../platform/pagination.ts';
import { loadBatch, namedPage, primeCreated, primeUpdated } from '../../platform/loaders.ts';
import { DateTimeScalar } from '../../platform/scalars.ts';
import type { Resolvers } from './generated/resolvers.ts';
import { parseInput } from '../../platform/validation.ts';
import { CreateProductInput, CreateRecipeInput, UpdateProductInput, UpdateRecipeInput } from './validation.ts';

/** The ingredient each recipe line names, with the input field that names it (as parseInput names fields). */
function lineReferences(lines: readonly { ingredientId: string }[]): IngredientField[] {
  return lines.map((line, index) => ({ ingredientId: line.ingredientId, field: `input.ingredients.${index}.ingredientId` }));
}

/** Thin resolvers: check the role, parse arguments, then read through loaders or write through the repository. */
export const recipesResolvers: Resolvers = {
  DateTime: DateTimeScalar,

  Query: {
    recipe(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      return loaders.recipeById.load(parseId(args.id));
    },

    async recipes(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      return namedPage(page, await loaders.repository.listRecipes(page), loaders.recipeById);
    },

    async recipesByIds(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const { found, missingIds } = await loadBatch(loaders.recipeById, parseIdBatch(args.ids), args.ids);
      return { recipes: found, missingIds };
    },

    product(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      return loaders.productById.load(parseId(args.id));
    },

    async products(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      return namedPage(page, await loaders.repository.listProducts(page), loaders.productById);
    },

    async productsByIds(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const { found, missingIds } = await loadBatch(loaders.productById, parseIdBatch(args.ids), args.ids);
      return { products: found, missingIds };
    },

    async productsBySkus(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const skus = parseSkuBatch(args.skus);
      const found = new Map((await loaders.repository.productsBySkus([...new Set(skus)])).map((product) => [product.sku, product]));
      for (const product of found.values()) loaders.productById.prime(product.id, product);
      return { products: skus.flatMap((sku) => found.get(sku) ?? []), missingSkus: skus.filter((sku) => !found.has(sku)) };
    },
  },

  Mutation: {
    async createProduct(_parent, args, { caller, loaders }) {
      requireRole(caller, 'ADMIN');
      return primeCreated(loaders.productById, await loaders.repository.createProduct(parseInput(CreateProductInput, args.input)));
    },

    async updateProduct(_parent, args, { caller, loaders }) {
      requireRole(caller, 'ADMIN');
      const id = parseId(args.id);
      const product = await loaders.repository.updateProduct(id, parseInput(UpdateProductInput, args.input));
      return primeUpdated(loaders.productById, id, product, 'product');
    },

    async createRecipe(_parent, args, { caller, loaders, ingredients }) {
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

    async updateRecipe(_parent, args, { caller, loaders, ingredients }) {
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

    importRecipes(_parent, args, { caller, loaders, ingredients }) {
      requireRole(caller, 'ADMIN');
      return importRecipes(loaders.repository, ingredients, parseImportInput(args.input));
    },
  },

  Product: {
    __resolveReference(reference, { loaders }) {
      return loaders.productById.load(reference.id);
    },
    recipe(product, _args, { loaders }) {
      return loaders.recipeByProductId.load(product.id);
    },
  },

  Recipe: {
    __resolveReference(reference, { loaders }) {
      return loaders.recipeById.load(reference.id);
    },
    async product(recipe, _args, { loaders }) {
      const product = await loaders.productById.load(recipe.productId);
      // A recipe's product is in the same tenant by foreign key; a miss means it was deleted mid-request.
      if (!product) throw new Error(`product ${recipe.productId} of recipe ${recipe.id} vanished`);
      return product;
    },
    ingredients(recipe, _args, { loaders }) {
      return loaders.ingredientsByRecipeId.load(recipe.id);
    },
  },

  RecipeIngredient: {
    ingredient(line) {
      return { id: line.ingredientId };
    },
  },

  Ingredient: {
    __resolveReference(reference) {
      return reference;
    },
    usedIn(ingredient, _args, { loaders }) {
      return loaders.recipesByIngredientId.load(ingredient.id);
    },
  },
};
