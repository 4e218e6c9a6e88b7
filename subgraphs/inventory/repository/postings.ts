import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { StockPosting, StockPostingLine } from '../models.ts';

/** The tenant's applied stock postings (`inventory.stock_postings`): each key is applied at most once. */
export class PostingsRepository extends TenantRepository {
  /**
   * Claims a posting key for this transaction: inserts it, or returns false when the tenant has
   * it already (a concurrent claim of the same key waits here until the other transaction ends).
   */
  async claim(posting: Omit<StockPosting, 'lines' | 'createdAt'> & { recordedBy: string }): Promise<boolean> {
    const rows = await this.db('inventory.stock_postings')
      .insert({
        tenant_id: this.tenantId,
        key: posting.key,
        kind: posting.kind,
        occurred_on: posting.occurredOn,
        content_hash: posting.contentHash,
        recorded_by: posting.recordedBy,
      })
      .onConflict(['tenant_id', 'key'])
      .ignore()
      .returning('key');
    return rows.length === 1;
  }

  /** Stores what a claimed posting did. */
  async saveLines(key: string, lines: readonly StockPostingLine[]): Promise<StockPosting> {
    const [row]: StockPostingRow[] = await this.db('inventory.stock_postings')
      .where({ tenant_id: this.tenantId, key })
      .update({ result: JSON.stringify({ lines }) })
      .returning(POSTING_COLUMNS);
    return toStockPosting(row);
  }

  /** The tenant's posting `key`, or null when it was never posted. */
  async find(key: string): Promise<StockPosting | null> {
    const row: StockPostingRow | undefined = await this.db('inventory.stock_postings').where({ tenant_id: this.tenantId, key }).first(POSTING_COLUMNS);
    return row ? toStockPosting(row) : null;
  }
}

const POSTING_COLUMNS = ['key', 'kind', 'occurred_on', 'content_hash', 'result', 'created_at'];

interface StockPostingRow {
  key: string;
  kind: StockPosting['kind'];
  occurred_on: string;
  content_hash: string;
  result: { lines?: StockPostingLine[] };
  created_at: Date;
}

function toStockPosting(row: StockPostingRow): StockPosting {
  return {
    key: row.key,
    kind: row.kind,
    occurredOn: row.occurred_on,
    contentHash: row.content_hash,
    lines: row.result.lines ?? [],
    createdAt: row.created_at,
  };
}
