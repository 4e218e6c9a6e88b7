import { isService, type Caller } from './auth.ts';
import { badUserInput } from './errors.ts';
import { isUuid } from './ids.ts';

/** Page size when `first` is omitted. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 500;
/**
 * Largest page the pipeline (a SERVICE token) may ask for: its snapshot reads a whole catalogue
 * in one page, so that it costs one fetch per source subgraph at any bakery size up to this.
 */
export const MAX_SERVICE_PAGE_SIZE = 5_000;

/** The largest `first` `caller` may ask for. */
export function maxPageSizeFor(caller: Caller): number {
  return isService(caller) ? MAX_SERVICE_PAGE_SIZE : MAX_PAGE_SIZE;
}

/** A position in a list ordered by (`sortKey`, `id`). */
export interface Cursor {
  sortKey: string;
  id: string;
}

export interface Page {
  first: number;
  after: Cursor | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.id])).toString('base64url');
}

/**
 * What a list is sorted by, so its cursors can check their own sort key before it reaches SQL:
 * `NAME` — text without U+0000 (Postgres text cannot hold one); `INSTANT` — created_at as cursors
 * carry it, ISO-8601 UTC to the microsecond, and a real calendar instant (`2026-02-30T…`, which
 * JavaScript rolls over to March, is refused).
 */
export type SortKey = 'NAME' | 'INSTANT';

const CURSOR_INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MAX_SORT_KEY_LENGTH = 1_000;

function sortKeyIsValid(sortKey: string, kind: SortKey): boolean {
  if (kind === 'NAME') return sortKey.length <= MAX_SORT_KEY_LENGTH && !sortKey.includes('\u0000');
  const match = CURSOR_INSTANT.exec(sortKey);
  if (!match) return false;
  const instant = new Date(sortKey);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 10) === match[1];
}

function decodeCursor(value: string, kind: SortKey): Cursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      decoded.every((part) => typeof part === 'string') &&
      isUuid(decoded[1]) &&
      sortKeyIsValid(decoded[0], kind)
    ) {
      return { sortKey: decoded[0], id: decoded[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput('after is not a cursor returned by this list', { field: 'after' });
}

/**
 * Validates `first` (1..500, or 1..5,000 for the pipeline; default 50) and decodes `after`, whose
 * id must be a UUID and whose sort key must be a valid `sortKey` (a tampered cursor is the
 * caller's mistake, BAD_USER_INPUT, never a database error).
 */
export function parsePage(args: { first?: number | null; after?: string | null }, caller: Caller, sortKey: SortKey): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const max = maxPageSizeFor(caller);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput(`first must be between 1 and ${max}, got ${first}`, { field: 'first' });
  }
  return { first, after: args.after ? decodeCursor(args.after, sortKey) : null };
}

/**
 * Builds a Relay connection from rows fetched with `limit first + 1`: the extra row only tells
 * whether a next page exists.
 */
export function toConnection<T>(rows: T[], page: Page, totalCount: number, cursorOf: (row: T) => Cursor): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
