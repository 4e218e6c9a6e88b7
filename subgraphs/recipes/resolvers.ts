import { requireRole } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { assertIngredientsExist, type IngredientField } from '../../platform/ingredient-lookup.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { parseId, parseSkuBatch } from '../../platform/ids.ts';
import { importRecipes } from './import.ts';
import { DateTimeScalar } from '../../platform/scalars.ts';
import { entityReads, entityWrites } from '../entity-resolvers.ts';
import type { Resolvers } from './generated/resolvers.ts';
import type { RecipesLoaders } from './loaders.ts';
import { parseInput } from '../../platform/validation.ts';
import { CreateProductInput, CreateRecipeInput, UpdateProductInput, UpdateRecipeInput } from './validation.ts';

const recipeReads = entityReads('recipes', (loaders: RecipesLoaders) => loaders.recipeById, (loaders, page) => loaders.repository.listRecipes(page));
const productReads = entityReads('products', (loaders: RecipesLoaders) => loaders.productById, (loaders, page) => loaders.repository.listProducts(page));
const productWrites = entityWrites('product', (loaders: RecipesLoaders) => loaders.productById, {
  create: (loaders, input) => loaders.repository.createProduct(parseInput(CreateProductInput, input)),
  update: (loaders, id, input) => loaders.repository.updateProduct(id, parseInput(UpdateProductInput, input)),
});

/** The ingredient each recipe line names, with the input field that names it (as parseInput names fields). */
function lineReferences(lines: readonly { ingredientId: string }[]): IngredientField[] {
  return lines.map((line, index) => ({ ingredientId: line.ingredientId, field: `input.ingredients.${index}.ingredientId` }));
}

/** Thin resolvers: check the role, parse arguments, then read through loaders or write through the repository. */
export const recipesResolvers: Resolvers = {
  DateTime: DateTimeScalar,

  Query: {
    recipe: recipeReads.one,
    recipes: recipeReads.page,
    recipesByIds: recipeReads.batch,
    product: productReads.one,
    products: productReads.page,
    productsByIds: productReads.batch,

    async productsBySkus(_parent, args, { caller, loaders }) {
      requireRole(caller, 'VIEWER');
      const skus = parseSkuBatch(args.skus);
      const found = new Map((await loaders.repository.productsBySkus([...new Set(skus)])).map((product) => [product.sku, product]));
      for (const product of found.values()) loaders.productById.prime(product.id, product);
      return { products: skus.flatMap((sku) => found.get(sku) ?? []), missingSkus: skus.filter((sku) => !found.has(sku)) };
    },
  },

  Mutation: {
    createProduct: productWrites.create,
    updateProduct: productWrites.update,

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
