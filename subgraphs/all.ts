import type { SubgraphDefinition } from './subgraph-server.ts';
import { inventorySubgraph } from './inventory/server.ts';
import { planningSubgraph } from './planning/server.ts';
import { recipesSubgraph } from './recipes/server.ts';
import { suppliersSubgraph } from './suppliers/server.ts';

/**
 * The four subgraphs, for processes that run them together (`npm start`, the tests). Each keeps
 * its own loader type; `any` only erases it in this list. In start order for processes that learn
 * URLs as they go (tests on ephemeral ports): planning first (the others ask it whether a
 * mutation's tenant exists), inventory before suppliers and recipes (they check ingredient ids).
 */
export const ALL_SUBGRAPHS: readonly SubgraphDefinition<any>[] = [planningSubgraph, inventorySubgraph, suppliersSubgraph, recipesSubgraph];
