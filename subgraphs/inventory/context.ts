import type { SubgraphContext } from '../subgraph-server.ts';
import type { InventoryLoaders } from './loaders.ts';

/** What every inventory resolver receives (the generated resolver types in generated/resolvers.ts use it). */
export type InventoryContext = SubgraphContext<InventoryLoaders>;
