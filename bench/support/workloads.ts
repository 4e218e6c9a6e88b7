/**
 * The gateway benchmark's three queries (bench/gateway.ts), which test/gateway/peers.test.ts also
 * sends to every peer, and how their answers are compared.
 */

/** Ingredients with stock, offers with suppliers, recipes using them: inventory → suppliers + recipes. */
export const DASHBOARD = `query Dashboard($after: String) {
  ingredients(first: 20, after: $after) {
    totalCount
    edges {
      node {
        id name category unit
        stock { onHand unit belowReorderPoint }
        offers { unitPrice packSize supplier { id name leadTimeDays reliability } }
        usedIn { id name yieldQuantity product { id name } }
      }
    }
  }
}`;

/** The latest procurement plan with its lines and purchase orders: planning → inventory + suppliers. */
export const PLAN = `query Plan {
  latestProcurementPlan {
    id planDate status totalCost
    lines {
      quantity unit orderDate deliveryDate neededBy unitPrice cost urgent
      ingredient { id name unit stock { onHand } }
      supplier { id name leadTimeDays reliability }
    }
    purchaseOrders { id orderDate deliveryDate total supplier { id name } }
  }
}`;

/** One subgraph's batch lookup (inventory), with `$ids` (500 in the benchmark). */
export const BY_IDS = `query IngredientsByIds($ids: [ID!]!) {
  ingredientsByIds(ids: $ids) { ingredients { id sku name unit stock { onHand belowReorderPoint } } missingIds }
}`;

/** JSON with object keys sorted, to compare answers whatever order a gateway writes keys in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
