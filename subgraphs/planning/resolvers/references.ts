import type { PlanWarning } from '../engine/index.ts';

type EntityName = 'Ingredient' | 'Supplier' | 'Product' | 'Recipe';

/** A reference to another subgraph's entity: the gateway fetches its fields from the owner. */
export function entity(typename: EntityName, id: string): { __typename: EntityName; id: string } {
  return { __typename: typename, id };
}

/** Same, or null when the id is absent. */
export function optionalEntity(typename: EntityName, id: string | null | undefined) {
  return id ? entity(typename, id) : null;
}

/** Milliseconds between two instants, or null until both are known. */
export function durationMs(startedAt: Date | null, finishedAt: Date | null): number | null {
  return startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null;
}

export const PlanWarningResolvers = {
  ingredient: (warning: PlanWarning) => optionalEntity('Ingredient', warning.ingredientId),
  product: (warning: PlanWarning) => optionalEntity('Product', warning.productId),
  supplier: (warning: PlanWarning) => optionalEntity('Supplier', warning.supplierId),
};
