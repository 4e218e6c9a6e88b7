import type { Knex } from 'knex';
import { chunksOf } from '../../../db/chunks.ts';
import type { DemandForecast, ForecastMethodChoice, ForecastMethodRule, PlanWarning } from '../engine/index.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

/** One run's forecast stage: its horizon and warnings (the forecasts are rows of their own). */
export interface ForecastSet {
  runId: string;
  planDate: string;
  horizonDays: number;
  warnings: PlanWarning[];
}

export interface StoredForecast extends DemandForecast {
  runId: string;
  /** Which rule chose the method; null for forecasts stored before the rule was kept (migration 011). */
  methodRule: ForecastMethodRule | null;
  methodReason: string | null;
}

type ForecastRow = RowOf<StoredForecast>;

const SETS = 'planning.forecast_sets';
const FORECASTS = 'planning.forecasts';
const CHOICES = 'planning.forecast_choices';

const toForecast = rowMapper<StoredForecast>({
  runId: true, productId: true, date: true, quantity: true, lower: true, upper: true, sigma: true, method: true,
  error: true, methodRule: true, methodReason: true,
});

/** Forecasts with their product's method choice (a left join: older runs have none). */
function withChoices(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .leftJoin(`${CHOICES} as c`, (join) => join.on('c.tenant_id', 'f.tenant_id').andOn('c.run_id', 'f.run_id').andOn('c.product_id', 'f.product_id'))
    .select('f.*', { method_rule: 'c.rule', method_reason: 'c.reason' });
}

/** The tenant's forecasts: each run's forecast set (`planning.forecast_sets`), its forecasts and method choices. */
export class ForecastsRepository extends TenantRepository {
  /** Stores a run's forecasts and the rule that chose each product's method (inside the run's lock; the run has none yet). */
  async insert(set: ForecastSet, forecasts: readonly DemandForecast[], choices: readonly ForecastMethodChoice[]): Promise<void> {
    const tenantId = this.tenantId;
    await this.db(SETS).insert({
      tenant_id: tenantId,
      run_id: set.runId,
      plan_date: set.planDate,
      horizon_days: set.horizonDays,
      warnings: JSON.stringify(set.warnings),
    });
    const rows = forecasts.map((forecast) => ({
      tenant_id: tenantId,
      run_id: set.runId,
      product_id: forecast.productId,
      date: forecast.date,
      quantity: forecast.quantity,
      lower: forecast.lower,
      upper: forecast.upper,
      sigma: forecast.sigma,
      method: forecast.method,
      error: forecast.error,
    }));
    for (const chunk of chunksOf(rows)) await this.db(FORECASTS).insert(chunk);
    const choiceRows = choices.map((choice) => ({ tenant_id: tenantId, run_id: set.runId, product_id: choice.productId, rule: choice.rule, reason: choice.reason }));
    for (const chunk of chunksOf(choiceRows)) await this.db(CHOICES).insert(chunk);
  }

  async findSet(runId: string): Promise<ForecastSet | undefined> {
    const row = await this.db(SETS).where({ tenant_id: this.tenantId, run_id: runId }).first('run_id', 'plan_date', 'horizon_days', 'warnings');
    return row && { runId: row.run_id, planDate: row.plan_date, horizonDays: row.horizon_days, warnings: row.warnings };
  }

  /** Forecasts of many runs in one query, each run's by date then product. */
  async findByRunIds(runIds: readonly string[]): Promise<StoredForecast[]> {
    const query = withChoices(this.rowsOf(`${FORECASTS} as f`)).orderBy([{ column: 'f.run_id' }, { column: 'f.date' }, { column: 'f.product_id' }]);
    return findByUuids(query, 'f.run_id', runIds, toForecast);
  }

  /**
   * For each product and day in [from, to], the forecast of the most recently made forecast set
   * that covers it; by date then product.
   */
  async findLatest(range: { from: string; to: string; productIds: readonly string[] | null }): Promise<StoredForecast[]> {
    const latest = withChoices(this.rowsOf(`${FORECASTS} as f`))
      .join(`${SETS} as s`, (join) => join.on('s.tenant_id', 'f.tenant_id').andOn('s.run_id', 'f.run_id'))
      .whereBetween('f.date', [range.from, range.to])
      .distinctOn(['f.product_id', 'f.date'])
      .orderBy([
        { column: 'f.product_id' },
        { column: 'f.date' },
        { column: 's.created_at', order: 'desc' },
        { column: 's.id', order: 'desc' },
      ]);
    if (range.productIds) latest.whereRaw('f.product_id = any(?::uuid[])', [[...range.productIds]]);
    const rows: ForecastRow[] = await this.db.from(latest.as('latest')).orderBy([{ column: 'date' }, { column: 'product_id' }]);
    return rows.map(toForecast);
  }
}
