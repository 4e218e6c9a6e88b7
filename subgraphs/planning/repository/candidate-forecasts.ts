import type { Knex } from 'knex';
import { chunksOf } from '../../../db/chunks.ts';
import type { Db } from '../../../db/client.ts';
import type { CandidateForecast, ScoredForecast } from '../engine/index.ts';

/*
 * What every candidate forecast method said of a run's first open day (engine/method-choice.ts),
 * kept so each candidate's accuracy accumulates against the sales that followed.
 */

const CANDIDATES = 'planning.candidate_forecasts';

/** Stores a run's candidate forecasts (inside the run's lock, with its forecast set). */
export async function insertCandidateForecasts(
  trx: Knex.Transaction,
  tenantId: string,
  runId: string,
  candidates: readonly CandidateForecast[],
): Promise<void> {
  const rows = candidates.map((candidate) => ({
    tenant_id: tenantId,
    run_id: runId,
    product_id: candidate.productId,
    method: candidate.method,
    date: candidate.date,
    quantity: candidate.quantity,
  }));
  for (const chunk of chunksOf(rows)) await trx(CANDIDATES).insert(chunk);
}

/** Deletes the tenant's candidate forecasts of days before `date`: past the lookback, no rule reads them. */
export async function deleteCandidateForecastsBefore(trx: Knex.Transaction, tenantId: string, date: string): Promise<number> {
  return trx(CANDIDATES).where('tenant_id', tenantId).where('date', '<', date).delete();
}

/**
 * Every candidate's forecast of each scored day in [from, to], beside what sold, in ONE query
 * whatever the number of products: a day is scored for a product when the bakery recorded sales
 * that day (the product's are 0 when it has no record); the forecasts are those of the newest
 * forecast set that kept candidates for that product and day. By product, date, method.
 */
export async function findScoredCandidateForecasts(
  db: Db,
  tenantId: string,
  range: { from: string; to: string; productIds?: readonly string[] | null },
): Promise<ScoredForecast[]> {
  const newest = db(`${CANDIDATES} as c`)
    .join('planning.forecast_sets as s', (join) => join.on('s.tenant_id', 'c.tenant_id').andOn('s.run_id', 'c.run_id'))
    .where('c.tenant_id', tenantId)
    .whereBetween('c.date', [range.from, range.to])
    .distinctOn(['c.product_id', 'c.date'])
    .select('c.run_id', 'c.product_id', 'c.date')
    .orderBy([{ column: 'c.product_id' }, { column: 'c.date' }, { column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }]);
  if (range.productIds) newest.whereRaw('c.product_id = any(?::uuid[])', [[...range.productIds]]);
  const recordedDays = db('planning.sales').where('tenant_id', tenantId).whereBetween('date', [range.from, range.to]).distinct('date');
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
