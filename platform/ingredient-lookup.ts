import { badUserInput, serviceUnavailable } from './errors.ts';
import { injectTraceContext } from './tracing.ts';

/**
 * Asks inventory, the owner of ingredients, which ingredient ids a caller's bakery does not
 * have — for the subgraphs whose writes name ingredients (suppliers' offers, recipes' lines).
 * DESIGN.md §1: a subgraph never reads another's tables, so it asks over HTTP, as the caller:
 * inventory's `ingredientsByIds` with the caller's own token (its tenant decides what exists).
 */

/** How long a lookup waits for inventory before the write is refused as SERVICE_UNAVAILABLE, in ms. */
export const INGREDIENT_LOOKUP_TIMEOUT_MS = 10_000;

/** One request's view of inventory's ingredients. */
export interface IngredientLookup {
  /** The ids among `ids` (UUIDs) that the caller's bakery has no ingredient for: ONE request to inventory, whatever their number. */
  missingIds(ids: readonly string[]): Promise<Set<string>>;
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
  /** The caller's `x-levain-time-zone` header and request id, forwarded when present. */
  forwardedHeaders?: Record<string, string | undefined>;
}

const QUERY = 'query IngredientLookup($ids: [ID!]!) { ingredientsByIds(ids: $ids) { missingIds } }';

/** A lookup bound to one request's caller. */
export function createIngredientLookup(options: IngredientLookupOptions): IngredientLookup {
  return {
    async missingIds(ids) {
      const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
      if (distinct.length === 0) return new Set();
      const missing = await askInventory(options, distinct);
      return new Set(missing.map((id) => id.toLowerCase()));
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

async function askInventory(options: IngredientLookupOptions, ids: string[]): Promise<string[]> {
  if (!options.inventoryUrl) throw new Error('ingredient lookup: this subgraph was started without the inventory URL');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authorization) headers.authorization = options.authorization;
  for (const [name, value] of Object.entries(options.forwardedHeaders ?? {})) if (value) headers[name] = value;
  injectTraceContext({ set: (name, value) => (headers[name] = value) });
  let response: Response;
  try {
    response = await fetch(options.inventoryUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: QUERY, variables: { ids } }),
      signal: AbortSignal.timeout(INGREDIENT_LOOKUP_TIMEOUT_MS),
    });
  } catch {
    throw unreachable();
  }
  if (response.status >= 500) throw unreachable();
  const body = (await response.json().catch(() => undefined)) as
    | { data?: { ingredientsByIds?: { missingIds?: unknown } } | null; errors?: { message?: string }[] }
    | undefined;
  const missingIds = body?.data?.ingredientsByIds?.missingIds;
  if (!Array.isArray(missingIds) || body?.errors?.length) {
    // A bug or a misconfiguration (wrong URL, another secret): masked for the caller, logged with this detail.
    throw new Error(`ingredient lookup: inventory answered HTTP ${response.status} ${JSON.stringify(body?.errors?.map((error) => error.message) ?? body)}`);
  }
  return missingIds as string[];
}

const unreachable = () =>
  serviceUnavailable('The ingredients could not be checked: the inventory service is unreachable right now. Nothing was written; try again shortly');
