import type DataLoader from 'dataloader';
import { requireRole } from '../platform/auth.ts';
import { parseId, parseIdBatch } from '../platform/ids.ts';
import { loadBatch, namedPage, primeCreated, primeUpdated } from '../platform/loaders.ts';
import { parsePage, type Page } from '../platform/pagination.ts';
import type { SubgraphContext } from './subgraph-server.ts';

/** The per-request loader of an entity by id (null when the caller's bakery has none). */
type LoaderOf<TLoaders, T> = (loaders: TLoaders) => DataLoader<string, T | null>;

/**
 * The reads of an entity its subgraph lists by name (supplier, product, recipe), each for a
 * VIEWER up: `one` by id (null when unknown), `page` sorted by name (`first`, `after`), and
 * `batch` by ids, answering `{ [listField]: found, missingIds }`. What they read is primed into
 * the entity's loader, so nested fields need no query.
 */
export function entityReads<TLoaders, T extends { id: string; name: string }, TListField extends string>(
  listField: TListField,
  loaderOf: LoaderOf<TLoaders, T>,
  listPage: (loaders: TLoaders, page: Page) => Promise<{ rows: T[]; totalCount: number }>,
) {
  return {
    one(_parent: unknown, args: { id: string }, { caller, loaders }: SubgraphContext<TLoaders>) {
      requireRole(caller, 'VIEWER');
      return loaderOf(loaders).load(parseId(args.id));
    },
    async page(_parent: unknown, args: { first?: number | null; after?: string | null }, { caller, loaders }: SubgraphContext<TLoaders>) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      return namedPage(page, await listPage(loaders, page), loaderOf(loaders));
    },
    async batch(_parent: unknown, args: { ids: string[] }, { caller, loaders }: SubgraphContext<TLoaders>) {
      requireRole(caller, 'VIEWER');
      const { found, missingIds } = await loadBatch(loaderOf(loaders), parseIdBatch(args.ids), args.ids);
      return { [listField]: found, missingIds } as Record<TListField, T[]> & { missingIds: string[] };
    },
  };
}

/**
 * An ADMIN's `create` and `update` of such an entity, named `what` ('supplier'): `write.create`
 * and `write.update` parse the raw input and write through the repository; the row they answer
 * is primed into the entity's loader. Updating an id the caller's bakery does not have is
 * NOT_FOUND.
 */
export function entityWrites<TLoaders, T extends { id: string }>(
  what: string,
  loaderOf: LoaderOf<TLoaders, T>,
  write: {
    create: (loaders: TLoaders, input: unknown) => Promise<T>;
    update: (loaders: TLoaders, id: string, input: unknown) => Promise<T | null | undefined>;
  },
) {
  return {
    async create(_parent: unknown, args: { input: unknown }, { caller, loaders }: SubgraphContext<TLoaders>) {
      requireRole(caller, 'ADMIN');
      return primeCreated(loaderOf(loaders), await write.create(loaders, args.input));
    },
    async update(_parent: unknown, args: { id: string; input: unknown }, { caller, loaders }: SubgraphContext<TLoaders>) {
      requireRole(caller, 'ADMIN');
      const id = parseId(args.id);
      return primeUpdated(loaderOf(loaders), id, await write.update(loaders, id, args.input), what);
    },
  };
}
