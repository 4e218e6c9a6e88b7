import { querySubgraph, type SubgraphQueryOptions } from './subgraph-query.ts';

/**
 * Asks recipes, the owner of products, which product each sku names — for planning's sales
 * import, whose file names products by sku — and which recipe each product is baked by, for
 * recordProduction. Like platform/ingredient-lookup.ts: ONE request to
 * recipes' `productsBySkus` as the caller (its token decides the bakery), one SQL query there.
 */
export interface ProductLookup {
  /** The product id of each sku among `skus` that the caller's bakery has (unknown skus absent). */
  idsBySkus(skus: readonly string[]): Promise<Map<string, string>>;
  /** Each of `ids` the caller's bakery has (unknown ids absent), with its recipe (null when it has none): ONE request to recipes. */
  recipesByProductIds(ids: readonly string[]): Promise<Map<string, ProductRecipe | null>>;
}

/** A product's recipe as recipes reports it: what one batch makes and needs. */
export interface ProductRecipe {
  id: string;
  productId: string;
  name: string;
  /** Product units one batch makes. */
  yieldQuantity: number;
  ingredients: { ingredientId: string; quantity: number; unit: 'G' | 'KG' | 'ML' | 'L' | 'UNIT' }[];
}

const RECIPES = `query ProductRecipeLookup($ids: [ID!]!) { productsByIds(ids: $ids) { products { id recipe {
  id name yieldQuantity ingredients { ingredient { id } quantity unit }
} } } }`;
const BY_SKUS = 'query ProductSkuLookup($skus: [String!]!) { productsBySkus(skus: $skus) { products { id sku } } }';

/** A lookup bound to one request's caller; `options.url` is recipes' GraphQL URL. */
export function createProductLookup(options: SubgraphQueryOptions): ProductLookup {
  return {
    async idsBySkus(skus) {
      const distinct = [...new Set(skus)];
      if (distinct.length === 0) return new Map();
      const found = await querySubgraph('recipes', 'products', options, BY_SKUS, { skus: distinct }, (data) =>
        Array.isArray(data.productsBySkus?.products) ? (data.productsBySkus.products as { id: string; sku: string }[]) : undefined,
      );
      return new Map(found.map((product) => [product.sku, product.id]));
    },
    async recipesByProductIds(ids) {
      const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
      if (distinct.length === 0) return new Map();
      type Found = {
        id: string;
        recipe: { id: string; name: string; yieldQuantity: number; ingredients: { ingredient: { id: string }; quantity: number; unit: ProductRecipe['ingredients'][number]['unit'] }[] } | null;
      };
      const found = await querySubgraph('recipes', 'recipes', options, RECIPES, { ids: distinct }, (data) =>
        Array.isArray(data.productsByIds?.products) ? (data.productsByIds.products as Found[]) : undefined,
      );
      return new Map(
        found.map(({ id, recipe }) => [
          id.toLowerCase(),
          recipe && {
            id: recipe.id,
            productId: id.toLowerCase(),
            name: recipe.name,
            yieldQuantity: recipe.yieldQuantity,
            ingredients: recipe.ingredients.map((line) => ({ ingredientId: line.ingredient.id.toLowerCase(), quantity: line.quantity, unit: line.unit })),
          },
        ]),
      );
    },
  };
}
