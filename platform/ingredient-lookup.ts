import { badUserInput } from './errors.ts';
import { querySubgraph, type SubgraphQueryOptions } from './subgraph-query.ts';

/**
 * Asks inventory, the owner of ingredients, which ingredient ids a caller's bakery does not
 * have — for the subgraphs whose writes name ingredients (suppliers' offers, recipes' lines) —
 * and which ingredient each sku names, for the CSV imports that name ingredients by sku.
 * DESIGN.md §1: a subgraph never reads another's tables, so it asks over HTTP, as the caller:
 * inventory's `ingredientsByIds` / `ingredientsBySkus` with the caller's own token (its tenant
 * decides what exists). Each question is ONE request, answered by one SQL query.
 */

/** One request's view of inventory's ingredients. */
export interface IngredientLookup {
  /** The ids among `ids` (UUIDs) that the caller's bakery has no ingredient for: ONE request to inventory, whatever their number. */
  missingIds(ids: readonly string[]): Promise<Set<string>>;
  /** The ingredient id of each sku among `skus` that the caller's bakery has (unknown skus absent): ONE request to inventory. */
  idsBySkus(skus: readonly string[]): Promise<Map<string, string>>;
  /** Name, unit and stock on hand of each of `ids` the caller's bakery has (unknown ids absent): ONE request to inventory. */
  stockByIds(ids: readonly string[]): Promise<Map<string, IngredientStock>>;
}

/** An ingredient's stock as inventory reports it, in its unit. */
export interface IngredientStock {
  id: string;
  name: string;
  unit: 'G' | 'KG' | 'ML' | 'L' | 'UNIT';
  onHand: number;
}

/** A write's reference to an ingredient: the id, and the input field that names it (`input.ingredients.2.ingredientId`). */
export interface IngredientField {
  ingredientId: string;
  field: string;
}

export interface IngredientLookupOptions {
  /** inventory's GraphQL URL: the one the gateway uses (platform/config.ts `subgraphUrl`); unset → every lookup fails. */
  inventoryUrl: string | undefined;
  /** The caller's `Authorization` header, forwarded as it came. */
  authorization: string | undefined;
  /** The caller's request id, forwarded so the two requests are found together in the logs. */
  forwardedHeaders?: Record<string, string | undefined>;
}

const BY_IDS = 'query IngredientLookup($ids: [ID!]!) { ingredientsByIds(ids: $ids) { missingIds } }';
const STOCK = 'query IngredientStockLookup($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id name unit stock { onHand } } } }';
const BY_SKUS = 'query IngredientSkuLookup($skus: [String!]!) { ingredientsBySkus(skus: $skus) { ingredients { id sku } } }';

/** A lookup bound to one request's caller. */
export function createIngredientLookup(options: IngredientLookupOptions): IngredientLookup {
  const target: SubgraphQueryOptions = { url: options.inventoryUrl, authorization: options.authorization, forwardedHeaders: options.forwardedHeaders };
  return {
    async missingIds(ids) {
      const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
      if (distinct.length === 0) return new Set();
      const missing = await querySubgraph('inventory', 'ingredients', target, BY_IDS, { ids: distinct }, (data) =>
        Array.isArray(data.ingredientsByIds?.missingIds) ? (data.ingredientsByIds.missingIds as string[]) : undefined,
      );
      return new Set(missing.map((id) => id.toLowerCase()));
    },
    async idsBySkus(skus) {
      const distinct = [...new Set(skus)];
      if (distinct.length === 0) return new Map();
      const found = await querySubgraph('inventory', 'ingredients', target, BY_SKUS, { skus: distinct }, (data) =>
        Array.isArray(data.ingredientsBySkus?.ingredients) ? (data.ingredientsBySkus.ingredients as { id: string; sku: string }[]) : undefined,
      );
      return new Map(found.map((ingredient) => [ingredient.sku, ingredient.id]));
    },
    async stockByIds(ids) {
      const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
      if (distinct.length === 0) return new Map();
      type Found = { id: string; name: string; unit: IngredientStock['unit']; stock: { onHand: number } };
      const found = await querySubgraph('inventory', 'stock', target, STOCK, { ids: distinct }, (data) =>
        Array.isArray(data.ingredientsByIds?.ingredients) ? (data.ingredientsByIds.ingredients as Found[]) : undefined,
      );
      return new Map(found.map(({ id, name, unit, stock }) => [id.toLowerCase(), { id: id.toLowerCase(), name, unit, onHand: stock.onHand }]));
    },
  };
}

/**
 * Throws BAD_USER_INPUT naming every field whose ingredient the caller's bakery does not have
 * (an unknown id, another bakery's, or another type's such as a product id), after one lookup
 * for all of them; the caller then writes nothing.
 */
export async function assertIngredientsExist(lookup: IngredientLookup, references: readonly IngredientField[]): Promise<void> {
  const missing = await lookup.missingIds(references.map((reference) => reference.ingredientId));
  const problems = references
    .filter((reference) => missing.has(reference.ingredientId.toLowerCase()))
    .map((reference) => ({ path: reference.field, message: `names no ingredient of this bakery (${reference.ingredientId})` }));
  if (problems.length === 0) return;
  throw badUserInput(`Unknown ingredient: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`, {
    field: problems[0].path,
    problems,
  });
}
