import type { SubgraphDefinition } from '../subgraph-server.ts';
import { createSuppliersLoaders, type SuppliersLoaders } from './loaders.ts';
import { suppliersResolvers } from './resolvers.ts';

/** The suppliers subgraph: Supplier and SupplierOffer, plus `Ingredient.offers`. */
export const suppliersSubgraph: SubgraphDefinition<SuppliersLoaders> = {
  name: 'suppliers',
  schemaUrl: new URL('./schema.graphql', import.meta.url),
  resolvers: suppliersResolvers,
  createLoaders: createSuppliersLoaders,
};
