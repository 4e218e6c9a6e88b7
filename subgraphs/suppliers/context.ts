import type { SubgraphContext } from '../subgraph-server.ts';
import type { SuppliersLoaders } from './loaders.ts';

/** What every suppliers resolver receives (the generated resolver types in generated/resolvers.ts use it). */
export type SuppliersContext = SubgraphContext<SuppliersLoaders>;
