import type { SubgraphDefinition } from '../../platform/subgraph-server.ts';
import { createPlanningLoaders, type PlanningLoaders } from './loaders.ts';
import { planningResolvers } from './resolvers/index.ts';

export const planningSubgraph: SubgraphDefinition<PlanningLoaders> = {
  name: 'planning',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  resolvers: planningResolvers as SubgraphDefinition<PlanningLoaders>['resolvers'],
  createLoaders: createPlanningLoaders,
};
