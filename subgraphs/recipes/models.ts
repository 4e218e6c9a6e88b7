/** The recipes subgraph's domain objects, as the repository returns them and resolvers read them. */

export const UNITS = ['G', 'KG', 'ML', 'L', 'UNIT'] as const;
export type Unit = (typeof UNITS)[number];

export interface Product {
  id: string;
  sku: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Recipe {
  id: string;
  productId: string;
  name: string;
  /** Units of the product one batch makes. */
  yieldQuantity: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One line of a recipe: per batch, in `unit`. */
export interface RecipeIngredient {
  recipeId: string;
  /** An inventory ingredient, known here by id only. */
  ingredientId: string;
  quantity: number;
  unit: Unit;
}

/** A recipe found through one of its ingredients (`Ingredient.usedIn`). */
export interface RecipeUsingIngredient extends Recipe {
  usedIngredientId: string;
}

export interface ProductFields {
  sku: string;
  name: string;
}

export interface RecipeLineFields {
  ingredientId: string;
  quantity: number;
  unit: Unit;
}

export interface RecipeFields {
  productId: string;
  name: string;
  yieldQuantity: number;
  ingredients: RecipeLineFields[];
}

export type RecipeChanges = Partial<Omit<RecipeFields, 'productId'>>;

/** An Ingredient as this subgraph knows it: its key, nothing else (inventory owns the rest). */
export interface IngredientReference {
  id: string;
}
