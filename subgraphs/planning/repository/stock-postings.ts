import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

/** What an outbox row posts for: a purchase order receipt or a day's production record. */
export type StockPostingSource = 'PURCHASE_ORDER_RECEIPT' | 'PRODUCTION_RECORD';

/** inventory's postStockMovements input, without the key (the row's id). */
export interface StockPostingPayload {
  kind: 'RECEIPT' | 'PRODUCTION';
  /** YYYY-MM-DD. */
  occurredOn: string;
  note: string;
  lines: { ingredientId: string; quantity: number; lotCode?: string | null; expiresOn?: string | null }[];
}

/** What inventory answered, per line, in payload order. */
export interface StockPostingResultLine {
  ingredientId: string;
  requested: number;
  posted: number;
  lotId: string | null;
  expiresOn: string | null;
}

/** One row of planning's outbox: movements to post to inventory exactly once. */
export interface StockPosting {
  /** The key inventory applies at most once. */
  id: string;
  tenantId: string;
  sourceKind: StockPostingSource;
  sourceId: string;
  payload: StockPostingPayload;
  /** inventory's answer, once posted. */
  result: { lines: StockPostingResultLine[] } | null;
  createdAt: Date;
  postedAt: Date | null;
  /** Posts that failed (a post cut short by a crash is not counted). */
  attempts: number;
  lastError: string | null;
}

type StockPostingRow = RowOf<StockPosting>;

const POSTINGS = 'planning.stock_postings';
/** Longest wait before a failed post is tried again, in seconds. */
const MAX_RETRY_DELAY_SECONDS = 300;

const toPosting = rowMapper<StockPosting>({
  id: true, tenantId: true, sourceKind: true, sourceId: true, payload: true, result: true, createdAt: true,
  postedAt: true, attempts: true, lastError: true,
});

/** The tenant's outbox rows: written with their source, read by the source's loaders. */
export class StockPostingsRepository extends TenantRepository {
  /** Writes an outbox row in the caller's transaction (the one that writes its source); returns it. */
  async insert(source: { kind: StockPostingSource; id: string }, payload: StockPostingPayload): Promise<StockPosting> {
    const [row]: StockPostingRow[] = await this.db(POSTINGS)
      .insert({ tenant_id: this.tenantId, source_kind: source.kind, source_id: source.id, payload: JSON.stringify(payload) })
      .returning('*');
    return toPosting(row);
  }

  /** The outbox rows of many sources of one kind, in one query. */
  async findBySourceIds(kind: StockPostingSource, sourceIds: readonly string[]): Promise<StockPosting[]> {
    const query = this.db(POSTINGS).where({ tenant_id: this.tenantId, source_kind: kind });
    return findByUuids(query, 'source_id', sourceIds, toPosting);
  }
}

/*
 * The dispatcher's side of the outbox: it sends every bakery's due rows (each as that row's
 * tenant), taking rows by id, so these are free functions over the whole table, not tenant-bound.
 * A row's id is only ever known from the tenant-bound insert above or from findDueStockPostingIds.
 */

/**
 * Locks the unposted row `id` until `trx` ends; `undefined` when it is posted. When another
 * transaction holds it (a dispatcher sending it), `skipLocked` answers `undefined` at once;
 * otherwise this waits for that transaction and reads the row as it left it.
 */
export async function lockUnpostedStockPosting(trx: Knex.Transaction, id: string, skipLocked: boolean): Promise<StockPosting | undefined> {
  const locking = trx(POSTINGS).where({ id }).whereNull('posted_at').forUpdate();
  const row: StockPostingRow | undefined = await (skipLocked ? locking.skipLocked() : locking).first();
  return row && toPosting(row);
}

/** Ids of unposted rows due for a try (every tenant), oldest first, at most `limit`. */
export async function findDueStockPostingIds(db: Db, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await db(POSTINGS)
    .whereNull('posted_at')
    .where('next_attempt_at', '<=', db.fn.now())
    .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
    .limit(limit)
    .select('id');
  return rows.map((row) => row.id);
}

export async function markStockPostingPosted(trx: Knex.Transaction, id: string, result: StockPosting['result']): Promise<void> {
  await trx(POSTINGS).where({ id }).update({ posted_at: trx.fn.now(), result: JSON.stringify(result), last_error: null });
}

/** Counts a failed post and puts the next try off: 2^attempts seconds, at most 5 minutes. */
export async function markStockPostingFailed(trx: Knex.Transaction, id: string, error: string): Promise<void> {
  await trx(POSTINGS)
    .where({ id })
    .update({
      attempts: trx.raw('attempts + 1'),
      last_error: error.slice(0, 2000),
      next_attempt_at: trx.raw(`now() + least(power(2, attempts), ?) * interval '1 second'`, [MAX_RETRY_DELAY_SECONDS]),
    });
}

