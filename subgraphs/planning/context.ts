import type { SubgraphContext } from '../subgraph-server.ts';
import type { PlanningLoaders } from './loaders.ts';

/** What every planning resolver receives (the generated resolver types in generated/resolvers.ts use it). */
export type PlanningContext = SubgraphContext<PlanningLoaders>;
