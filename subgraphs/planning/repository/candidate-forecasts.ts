import { chunksOf } from '../../../db/chunks.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { CandidateForecast, ScoredForecast } from '../engine/index.ts';

const CANDIDATES = 'planning.candidate_forecasts';

/**
 * The tenant's candidate forecasts (`planning.candidate_forecasts`): what every candidate forecast
 * method said of a run's first open day (engine/method-choice.ts), kept so each candidate's
 * accuracy accumulates against the sales that followed.
 */
export class CandidateForecastsRepository extends TenantRepository {
  /** Stores a run's candidate forecasts (inside the run's lock, with its forecast set). */
  async insert(runId: string, candidates: readonly CandidateForecast[]): Promise<void> {
    const rows = candidates.map((candidate) => ({
      tenant_id: this.tenantId,
      run_id: runId,
      product_id: candidate.productId,
      method: candidate.method,
      date: candidate.date,
      quantity: candidate.quantity,
    }));
    for (const chunk of chunksOf(rows)) await this.db(CANDIDATES).insert(chunk);
  }

  /** Deletes the tenant's candidate forecasts of days before `date`: past the lookback, no rule reads them. */
  async deleteBefore(date: string): Promise<number> {
    return this.rowsOf(CANDIDATES).where('date', '<', date).delete();
  }

  /**
   * Every candidate's forecast of each scored day in [from, to], beside what sold, in ONE query
   * whatever the number of products: a day is scored for a product when the bakery recorded sales
   * that day (the product's are 0 when it has no record); the forecasts are those of the newest
   * forecast set that kept candidates for that product and day. By product, date, method.
   */
  async findScored(range: { from: string; to: string; productIds?: readonly string[] | null }): Promise<ScoredForecast[]> {
    const { db, tenantId } = this;
    const newest = this.rowsOf(`${CANDIDATES} as c`)
      .join('planning.forecast_sets as s', (join) => join.on('s.tenant_id', 'c.tenant_id').andOn('s.run_id', 'c.run_id'))
      .whereBetween('c.date', [range.from, range.to])
      .distinctOn(['c.product_id', 'c.date'])
      .select('c.run_id', 'c.product_id', 'c.date')
      .orderBy([{ column: 'c.product_id' }, { column: 'c.date' }, { column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }]);
    if (range.productIds) newest.whereRaw('c.product_id = any(?::uuid[])', [[...range.productIds]]);
    const recordedDays = this.rowsOf('planning.sales').whereBetween('date', [range.from, range.to]).distinct('date');
    const rows: { productId: string; date: string; method: ScoredForecast['method']; forecast: number; actual: number }[] = await db
      .with('newest', newest)
      .with('recorded', recordedDays)
      .from('newest as n')
      .join('recorded as r', 'r.date', 'n.date')
      .join(`${CANDIDATES} as c`, (join) =>
        join.on('c.run_id', 'n.run_id').andOn('c.product_id', 'n.product_id').andOnVal('c.tenant_id', tenantId),
      )
      .leftJoin('planning.sales as sold', (join) =>
        join.on('sold.product_id', 'n.product_id').andOn('sold.date', 'n.date').andOnVal('sold.tenant_id', tenantId),
      )
      .select({ productId: 'n.product_id', date: 'n.date', method: 'c.method', forecast: 'c.quantity' })
      .select(db.raw('coalesce(sold.quantity, 0) as actual'))
      .orderBy([{ column: 'n.product_id' }, { column: 'n.date' }, { column: 'c.method' }]);
    return rows;
  }
}
