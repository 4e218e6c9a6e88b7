import type { SubgraphDefinition } from '../subgraph-server.ts';
import { createInventoryLoaders, type InventoryLoaders } from './loaders.ts';
import { InventoryRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** The inventory subgraph: ingredients, stock lots (FEFO) and the stock-movement ledger. */
export const inventorySubgraph: SubgraphDefinition<InventoryLoaders> = {
  name: 'inventory',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createLoaders: (db, caller) => createInventoryLoaders(new InventoryRepository(db, caller.tenantId)),
};
