import { querySubgraph, type SubgraphQueryOptions } from './subgraph-query.ts';

/**
 * Asks recipes, the owner of products, which product each sku names — for planning's sales
 * import, whose file names products by sku. Like platform/ingredient-lookup.ts: ONE request to
 * recipes' `productsBySkus` as the caller (its token decides the bakery), one SQL query there.
 */
export interface ProductLookup {
  /** The product id of each sku among `skus` that the caller's bakery has (unknown skus absent). */
  idsBySkus(skus: readonly string[]): Promise<Map<string, string>>;
}

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
  };
}
