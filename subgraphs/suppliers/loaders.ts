import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import type { Db } from '../../db/client.ts';
import type { Supplier, SupplierOffer } from './models.ts';
import { SuppliersRepository } from './repository.ts';

/**
 * The per-request loaders of the suppliers subgraph. Each batch is one SQL statement whatever
 * the number of keys, and every statement is scoped to the caller's tenant, so an id of another
 * tenant loads as missing (null, or no offers).
 */
export interface SuppliersLoaders {
  /** Supplier by id; null when the caller's tenant has none. */
  supplierById: DataLoader<string, Supplier | null>;
  /** Offers of a supplier, oldest first. */
  offersBySupplierId: DataLoader<string, SupplierOffer[]>;
  /** Offers for an inventory ingredient, cheapest first. */
  offersByIngredientId: DataLoader<string, SupplierOffer[]>;
  /** The tenant-scoped repository the loaders read through, for mutations. */
  repository: SuppliersRepository;
}

/** Creates the loaders of one request, for `caller`'s tenant. */
export function createSuppliersLoaders(db: Db, caller: Caller): SuppliersLoaders {
  const repository = new SuppliersRepository(db, caller.tenantId);
  return {
    supplierById: loadOne((ids) => repository.suppliersByIds(ids), (supplier) => supplier.id),
    offersBySupplierId: loadMany((ids) => repository.offersBySupplierIds(ids), (offer) => offer.supplierId),
    offersByIngredientId: loadMany((ids) => repository.offersByIngredientIds(ids), (offer) => offer.ingredientId),
    repository,
  };
}
