import DataLoader from 'dataloader';
import { notFound } from './errors.ts';
import { isUuid, MAX_BATCH_IDS } from './ids.ts';
import { toConnection, type Connection, type Page } from './pagination.ts';
import { observeLoaderBatch } from './metrics.ts';

// Keys may come from the gateway (`_entities` representations) in any case or shape: ids are
// compared lower-cased, and a key that is not a UUID is answered as missing without reaching SQL.
const cacheKeyFn = (key: string) => key.toLowerCase();

function uuidKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.map(cacheKeyFn).filter(isUuid))];
}

/**
 * A per-request loader of one row per id. `fetch` receives distinct lower-case UUIDs (one SQL
 * statement for the whole batch) and returns the rows found, in any order; missing ids load as null.
 */
export function loadOne<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T | null> {
  const loader: DataLoader<string, T | null> = new DataLoader<string, T | null>(
    async (keys) => {
      observeLoaderBatch(loader.name, keys.length);
      const ids = uuidKeys(keys);
      const found = new Map((ids.length > 0 ? await fetch(ids) : []).map((row) => [keyOf(row), row]));
      return keys.map((key) => found.get(cacheKeyFn(key)) ?? null);
    },
    { cacheKeyFn, maxBatchSize: MAX_BATCH_IDS },
  );
  return loader;
}

/**
 * A per-request loader of a list per id. `fetch` returns every matching row for the batch, in
 * the order each list keeps; an id without rows loads as an empty list.
 */
export function loadMany<T>(fetch: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  const loader: DataLoader<string, T[]> = new DataLoader<string, T[]>(
    async (keys) => {
      observeLoaderBatch(loader.name, keys.length);
      const ids = uuidKeys(keys);
      const groups = new Map<string, T[]>();
      for (const row of ids.length > 0 ? await fetch(ids) : []) {
        const group = groups.get(keyOf(row));
        if (group) group.push(row);
        else groups.set(keyOf(row), [row]);
      }
      return keys.map((key) => groups.get(cacheKeyFn(key)) ?? []);
    },
    { cacheKeyFn, maxBatchSize: MAX_BATCH_IDS },
  );
  return loader;
}

/**
 * Names each unnamed DataLoader of a subgraph's loaders by its key (`ingredientById`), the
 * `loader` label of the `levain_dataloader_batch_size` metric. Returns `loaders`.
 */
export function nameLoaders<T>(loaders: T): T {
  if (loaders && typeof loaders === 'object') {
    for (const [key, value] of Object.entries(loaders)) {
      if (value instanceof DataLoader && !value.name) value.name = key;
    }
  }
  return loaders;
}

/**
 * Loads every id through `loader` (one batch, so one SQL statement however many ids; the loader
 * then holds the results, so nested fields do not query again) and splits them into found and
 * missing, both in the order asked, duplicates kept. A missing id is named as in `asked`
 * (the caller's spelling; default `ids`).
 */
export async function loadBatch<T>(
  loader: DataLoader<string, T | null>,
  ids: readonly string[],
  asked: readonly string[] = ids,
): Promise<{ found: T[]; missingIds: string[] }> {
  const found: T[] = [];
  const missingIds: string[] = [];
  (await loader.loadMany(ids)).forEach((result, index) => {
    if (result instanceof Error) throw result;
    if (result === null) missingIds.push(asked[index]);
    else found.push(result);
  });
  return { found, missingIds };
}

/** One page of a list sorted by name, its rows primed into `loader` so their nested fields need no query. */
export function namedPage<T extends { id: string; name: string }>(
  page: Page,
  { rows, totalCount }: { rows: T[]; totalCount: number },
  loader: DataLoader<string, T | null>,
): Connection<T> {
  for (const row of rows) loader.prime(row.id, row);
  return toConnection(rows, page, totalCount, (row) => ({ sortKey: row.name, id: row.id }));
}

/** The answer of a create: `created`, now cached in `loader` so its nested fields need no query. */
export function primeCreated<T extends { id: string }>(loader: DataLoader<string, T | null>, created: T): T {
  loader.prime(created.id, created);
  return created;
}

/** The answer of an update: NOT_FOUND when `updated` is absent (unknown id, or another tenant's), else it, now cached in `loader`. */
export function primeUpdated<T>(loader: DataLoader<string, T | null>, id: string, updated: T | null | undefined, what: string): T {
  if (!updated) throw notFound(`No ${what} with id ${id}`);
  loader.clear(id).prime(id, updated);
  return updated;
}
