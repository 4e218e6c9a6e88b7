import type { SubgraphContext } from '../subgraph-server.ts';
import type { RecipesLoaders } from './loaders.ts';

/** What every recipes resolver receives (the generated resolver types in generated/resolvers.ts use it). */
export type RecipesContext = SubgraphContext<RecipesLoaders>;
