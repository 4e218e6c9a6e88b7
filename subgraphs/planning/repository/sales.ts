import { chunksOf } from '../../../db/chunks.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { SalesRecord } from '../validation.ts';

export interface Sale {
  productId: string;
  date: string;
  quantity: number;
  /** Nothing was left to sell: demand was at least `quantity`. */
  soldOut: boolean;
}

/** The tenant's daily sales (`planning.sales`), one row per product and day. */
export class SalesRepository extends TenantRepository {
  /**
   * Upserts a batch of daily sales in one transaction (a product and day recorded again is
   * replaced); says how many were new and how many replaced a day already recorded.
   */
  async upsert(records: readonly SalesRecord[]): Promise<{ created: number; updated: number }> {
    const rows = records.map((record) => ({
      tenant_id: this.tenantId,
      product_id: record.productId,
      date: record.date,
      quantity: record.quantity,
      sold_out: record.soldOut,
    }));
    let created = 0;
    await this.db.transaction(async (trx) => {
      for (const chunk of chunksOf(rows)) {
        // xmax is 0 on a freshly inserted row and set on one the conflict clause updated.
        const written: { inserted: boolean }[] = await trx('planning.sales')
          .insert(chunk)
          .onConflict(['tenant_id', 'product_id', 'date'])
          .merge({ quantity: trx.raw('excluded.quantity'), sold_out: trx.raw('excluded.sold_out'), recorded_at: trx.fn.now() })
          .returning(trx.raw('(xmax = 0) as inserted') as unknown as string);
        created += written.filter((row) => row.inserted).length;
      }
    });
    return { created, updated: rows.length - created };
  }

  /** The tenant's daily sales in [from, to], optionally for some products, by date then product. */
  async find(range: { from: string; to: string; productIds?: readonly string[] | null }): Promise<Sale[]> {
    const query = this.rowsOf('planning.sales')
      .whereBetween('date', [range.from, range.to])
      .orderBy([{ column: 'date' }, { column: 'product_id' }])
      .select({ productId: 'product_id', date: 'date', quantity: 'quantity', soldOut: 'sold_out' });
    if (range.productIds) query.whereIn('product_id', range.productIds);
    return query;
  }
}
