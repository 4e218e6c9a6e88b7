import type { SubgraphDefinition } from '../subgraph-server.ts';
import { createRecipesLoaders, type RecipesLoaders } from './loaders.ts';
import { recipesResolvers } from './resolvers.ts';

/** The recipes subgraph: Product and Recipe, plus `Ingredient.usedIn`. */
export const recipesSubgraph: SubgraphDefinition<RecipesLoaders> = {
  name: 'recipes',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  resolvers: recipesResolvers,
  createLoaders: createRecipesLoaders,
};
