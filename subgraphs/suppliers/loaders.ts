import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import { isUuid } from '../../platform/ids.ts';
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

// Keys may come from the gateway (`_entities` representations) in any case or shape: ids are
// compared lower-cased, and a key that is not a UUID is answered as missing without reaching SQL.
const cacheKeyFn = (key: string) => key.toLowerCase();

function uuidKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.map(cacheKeyFn).filter(isUuid))];
}

/** A loader of one row per key: `fetch` returns the rows found, in any order. */
function oneBy<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (keys) => {
      const ids = uuidKeys(keys);
      const found = new Map((ids.length > 0 ? await fetch(ids) : []).map((row) => [keyOf(row), row]));
      return keys.map((key) => found.get(cacheKeyFn(key)) ?? null);
    },
    { cacheKeyFn },
  );
}

/** A loader of a list per key: `fetch` returns every matching row, in the order each list keeps. */
function manyBy<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const ids = uuidKeys(keys);
      const groups = new Map<string, T[]>();
      for (const row of ids.length > 0 ? await fetch(ids) : []) {
        const group = groups.get(keyOf(row));
        if (group) group.push(row);
        else groups.set(keyOf(row), [row]);
      }
      return keys.map((key) => groups.get(cacheKeyFn(key)) ?? []);
    },
    { cacheKeyFn },
  );
}

/** Creates the loaders of one request, for `caller`'s tenant. */
export function createSuppliersLoaders(db: Db, caller: Caller): SuppliersLoaders {
  const repository = new SuppliersRepository(db, caller.tenantId);
  return {
    supplierById: oneBy((ids) => repository.suppliersByIds(ids), (supplier) => supplier.id),
    offersBySupplierId: manyBy((ids) => repository.offersBySupplierIds(ids), (offer) => offer.supplierId),
    offersByIngredientId: manyBy((ids) => repository.offersByIngredientIds(ids), (offer) => offer.ingredientId),
    repository,
  };
}
