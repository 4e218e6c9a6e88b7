import DataLoader from 'dataloader';
import { isUuid, MAX_BATCH_IDS } from '../../platform/ids.ts';
import type { Ingredient, StockLevel, StockLot } from './models.ts';
import type { InventoryRepository } from './repository.ts';

/**
 * Per-request DataLoaders of the inventory subgraph, all bound to the caller's tenant. Each
 * batch is one SQL statement; results come back in key order. Keys are ingredient ids compared
 * case-insensitively; a key that is not a UUID (say, a bad `_entities` representation) is
 * answered as missing without reaching SQL.
 */
export interface InventoryLoaders {
  /** The ingredient, or null when unknown or another tenant's. */
  ingredientById: DataLoader<string, Ingredient | null>;
  /** The ingredient's stock (0 on hand when it has no lots), or null when the ingredient is unknown. */
  stockLevelByIngredientId: DataLoader<string, StockLevel | null>;
  /** Lots still holding stock, FEFO; empty when the ingredient has none or is unknown. */
  lotsByIngredientId: DataLoader<string, StockLot[]>;
}

export function createInventoryLoaders(repository: InventoryRepository): InventoryLoaders {
  return {
    ingredientById: loader(async (ids) => {
      const byId = new Map((await repository.findIngredientsByIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    stockLevelByIngredientId: loader(async (ids) => {
      const byId = new Map((await repository.findStockLevelsByIngredientIds(ids)).map((row) => [row.ingredientId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    lotsByIngredientId: loader(async (ids) => {
      const byId = new Map<string, StockLot[]>(ids.map((id) => [id, []]));
      for (const lot of await repository.findLotsByIngredientIds(ids)) byId.get(lot.ingredientId)?.push(lot);
      return ids.map((id) => byId.get(id) ?? []);
    }, () => []),
  };
}

/**
 * A loader whose batch function only sees distinct lower-case UUIDs, each once; other keys are
 * answered with `missing()` without a query.
 */
function loader<V>(batch: (ids: string[]) => Promise<V[]>, missing: () => V = () => null as V): DataLoader<string, V> {
  return new DataLoader<string, V, string>(
    async (keys) => {
      const normalized = keys.map((key) => key.toLowerCase());
      const ids = normalized.filter(isUuid);
      const found = ids.length > 0 ? await batch(ids) : [];
      const byId = new Map(ids.map((id, index) => [id, found[index]]));
      return normalized.map((id) => (byId.has(id) ? (byId.get(id) as V) : missing()));
    },
    { cacheKeyFn: (key) => key.toLowerCase(), maxBatchSize: MAX_BATCH_IDS },
  );
}
