import type { Resolvers } from '../generated/resolvers.ts';

type EntityName = 'Ingredient' | 'Supplier' | 'Product' | 'Recipe';

/** A reference to another subgraph's entity: the gateway fetches its fields from the owner. */
export function entity<Name extends EntityName>(typename: Name, id: string): { __typename: Name; id: string } {
  return { __typename: typename, id };
}

/** Same, or null when the id is absent. */
export function optionalEntity<Name extends EntityName>(typename: Name, id: string | null | undefined) {
  return id ? entity(typename, id) : null;
}

/** Milliseconds between two instants, or null until both are known. */
export function durationMs(startedAt: Date | null, finishedAt: Date | null): number | null {
  return startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null;
}

export const referenceResolvers: Resolvers = {
  PlanWarning: {
    ingredient: (warning) => optionalEntity('Ingredient', warning.ingredientId),
    product: (warning) => optionalEntity('Product', warning.productId),
    supplier: (warning) => optionalEntity('Supplier', warning.supplierId),
  },
};
