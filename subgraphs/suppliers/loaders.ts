import type { Caller } from '../../platform/auth.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import type { Db } from '../../db/client.ts';
import { SuppliersRepository } from './repository.ts';

/**
 * The per-request loaders of the suppliers subgraph, for `caller`'s tenant. Each batch is one
 * SQL statement whatever the number of keys, and every statement is scoped to the caller's
 * tenant, so an id of another tenant loads as missing (null, or no offers).
 */
export function createSuppliersLoaders(db: Db, caller: Caller) {
  const repository = new SuppliersRepository(db, caller.tenantId);
  return {
    /** Supplier by id; null when the caller's tenant has none. */
    supplierById: loadOne((ids) => repository.suppliersByIds(ids), (supplier) => supplier.id),
    /** Offers of a supplier, oldest first. */
    offersBySupplierId: loadMany((ids) => repository.offersBySupplierIds(ids), (offer) => offer.supplierId),
    /** Offers for an inventory ingredient, cheapest first. */
    offersByIngredientId: loadMany((ids) => repository.offersByIngredientIds(ids), (offer) => offer.ingredientId),
    /** The tenant-scoped repository the loaders read through, for mutations. */
    repository,
  };
}

export type SuppliersLoaders = ReturnType<typeof createSuppliersLoaders>;
