import type DataLoader from 'dataloader';
import { loadMany, loadOne } from '../../platform/loaders.ts';
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
    ingredientById: loadOne((ids) => repository.ingredients.findByIds(ids), (row) => row.id),
    stockLevelByIngredientId: loadOne((ids) => repository.stock.findLevelsByIngredientIds(ids), (row) => row.ingredientId),
    lotsByIngredientId: loadMany((ids) => repository.stock.findLotsByIngredientIds(ids), (lot) => lot.ingredientId),
  };
}
