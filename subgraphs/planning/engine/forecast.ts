import { fromEpochDay, toEpochDay } from './dates.ts';
import { byId } from './ordering.ts';
import { roundQuantity } from './rounding.ts';
import { assertHorizon } from './validation.ts';
import type {
  DemandForecast,
  ForecastMethod,
  ForecastResult,
  IsoDate,
  PlanWarning,
  ProductInput,
  SalesRecord,
} from './types.ts';

/**
 * Smoothing constant of SEASONAL_ES's level. 0.3 gives the last week about 90 % of the
 * weight (1 − 0.7⁷ ≈ 0.92): quick enough to follow a bakery's drift, slow enough that one
 * odd day (a holiday, a rained-out market) moves the forecast by under a third.
 */
export const SEASONAL_ES_ALPHA = 0.3;

/** Two-sided 95 % normal band for lower/upper. */
const BAND_Z = 1.96;

/** Held-out WAPEs closer than this count as a tie, so float noise never picks a method. */
const WAPE_TIE = 1e-9;

/** Tie-break order: the simplest method that is as good wins. */
const METHODS: readonly ForecastMethod[] = ['MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES'];

/**
 * Daily demand forecast per product for the horizon `planDate .. planDate + horizonDays − 1`.
 *
 * History is the product's sales strictly before `planDate`, one value per day from its first
 * sale to the day before `planDate`, missing days counting as 0. With ≥ 42 days the last 14
 * are held out, with 14–41 days the last 7; the method with the lowest WAPE on the held-out
 * days is refitted on all history. Under 14 days: MOVING_AVERAGE over what exists, sigma =
 * the sample std of those days, error null. No history at all: quantity 0 and a
 * NO_SALES_HISTORY warning.
 *
 * @param products every product to forecast (sales of products not listed are ignored)
 * @param sales daily sales records, product units; any order, duplicates per day summed
 * @param planDate D, `YYYY-MM-DD`
 * @param horizonDays H ≥ 1 (the API's default is 7)
 */
export function forecast(
  products: readonly ProductInput[],
  sales: readonly SalesRecord[],
  planDate: IsoDate,
  horizonDays: number,
): ForecastResult {
  assertHorizon(horizonDays);
  const planDay = toEpochDay(planDate);
  const historyByProduct = collectHistory(sales, planDay);
  const horizonDates = Array.from({ length: horizonDays }, (_, k) => fromEpochDay(planDay + k));

  const forecasts: DemandForecast[] = [];
  const warnings: PlanWarning[] = [];
  for (const product of [...products].sort(byId)) {
    const history = historyByProduct.get(product.id);
    if (!history) {
      warnings.push({
        code: 'NO_SALES_HISTORY',
        message: `${product.name} has no sales before ${planDate}; its forecast is 0 until sales are recorded`,
        productId: product.id,
      });
    }
    const fit = history
      ? fitProduct(history.values, history.firstDay, horizonDays)
      : { method: 'MOVING_AVERAGE' as const, values: new Array<number>(horizonDays).fill(0), sigma: 0, error: null };
    const sigma = roundQuantity(fit.sigma);
    horizonDates.forEach((date, k) => {
      const quantity = roundQuantity(Math.max(0, fit.values[k]));
      forecasts.push({
        productId: product.id,
        date,
        quantity,
        lower: roundQuantity(Math.max(0, quantity - BAND_Z * sigma)),
        upper: roundQuantity(quantity + BAND_Z * sigma),
        sigma,
        method: fit.method,
        error: fit.error === null ? null : roundQuantity(fit.error),
      });
    });
  }
  return { forecasts, warnings };
}

interface ProductFit {
  method: ForecastMethod;
  /** One forecast per horizon day. */
  values: number[];
  sigma: number;
  error: number | null;
}

/** Chooses a method on held-out days, then refits it on the whole series. */
export function fitProduct(series: readonly number[], firstDay: number, horizonDays: number): ProductFit {
  const n = series.length;
  if (n < 14) {
    return {
      method: 'MOVING_AVERAGE',
      values: predict('MOVING_AVERAGE', series, firstDay, horizonDays),
      sigma: sampleStd(series),
      error: null,
    };
  }
  const holdout = n >= 42 ? 14 : 7;
  const train = series.slice(0, n - holdout);
  const actual = series.slice(n - holdout);
  const actualSum = actual.reduce((sum, value) => sum + Math.abs(value), 0);

  let best: { method: ForecastMethod; absError: number; errors: number[] } | null = null;
  for (const method of METHODS) {
    const predicted = predict(method, train, firstDay, holdout);
    const errors = actual.map((value, k) => value - predicted[k]);
    // WAPE's denominator is the same for every method, so ranking by Σ|error| is ranking by WAPE.
    const absError = errors.reduce((sum, error) => sum + Math.abs(error), 0);
    if (!best || absError < best.absError - WAPE_TIE * Math.max(1, actualSum)) best = { method, absError, errors };
  }
  const chosen = best!;
  return {
    method: chosen.method,
    values: predict(chosen.method, series, firstDay, horizonDays),
    sigma: sampleStd(chosen.errors),
    error: actualSum > 0 ? chosen.absError / actualSum : chosen.absError === 0 ? 0 : null,
  };
}

/** Forecasts for the `steps` days after `series` ends; `firstDay` is the epoch day of series[0]. */
export function predict(method: ForecastMethod, series: readonly number[], firstDay: number, steps: number): number[] {
  switch (method) {
    case 'MOVING_AVERAGE': {
      const window = series.slice(-7);
      const mean = window.length === 0 ? 0 : window.reduce((a, b) => a + b, 0) / window.length;
      return new Array<number>(steps).fill(mean);
    }
    case 'SEASONAL_NAIVE': {
      // Same weekday last week; further ahead, last week's pattern repeats.
      const n = series.length;
      if (n < 7) return predict('MOVING_AVERAGE', series, firstDay, steps);
      return Array.from({ length: steps }, (_, k) => series[n - 7 + (k % 7)]);
    }
    case 'SEASONAL_ES':
      return seasonalExponentialSmoothing(series, firstDay, steps);
  }
}

/**
 * Weekday index × exponentially smoothed level. The index of weekday w is the mean of the
 * series on w divided by the overall mean (1 when either is unknown or 0). The level starts
 * at the mean deseasonalised value of the first week and is smoothed with
 * SEASONAL_ES_ALPHA over the rest; days whose weekday index is 0 carry no level information.
 */
function seasonalExponentialSmoothing(series: readonly number[], firstDay: number, steps: number): number[] {
  const n = series.length;
  const weekdayOf = (t: number) => (((firstDay + t) % 7) + 7) % 7;
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  let total = 0;
  for (let t = 0; t < n; t++) {
    sums[weekdayOf(t)] += series[t];
    counts[weekdayOf(t)] += 1;
    total += series[t];
  }
  const overallMean = n === 0 ? 0 : total / n;
  const seasonalIndex = sums.map((sum, w) => (counts[w] > 0 && overallMean > 0 ? sum / counts[w] / overallMean : 1));

  let level = 0;
  let seeded = 0;
  for (let t = 0; t < Math.min(7, n); t++) {
    const index = seasonalIndex[weekdayOf(t)];
    if (index > 0) {
      level += series[t] / index;
      seeded += 1;
    }
  }
  level = seeded > 0 ? level / seeded : 0;
  for (let t = 7; t < n; t++) {
    const index = seasonalIndex[weekdayOf(t)];
    if (index > 0) level = SEASONAL_ES_ALPHA * (series[t] / index) + (1 - SEASONAL_ES_ALPHA) * level;
  }
  return Array.from({ length: steps }, (_, k) => level * seasonalIndex[weekdayOf(n + k)]);
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** Per product: daily totals from the first sale to the day before the plan date. */
function collectHistory(
  sales: readonly SalesRecord[],
  planDay: number,
): Map<string, { firstDay: number; values: number[] }> {
  const dayOfDate = new Map<string, number>();
  const totals = new Map<string, Map<number, number>>();
  for (const record of sales) {
    let day = dayOfDate.get(record.date);
    if (day === undefined) {
      day = toEpochDay(record.date);
      dayOfDate.set(record.date, day);
    }
    if (day >= planDay) continue;
    let byDay = totals.get(record.productId);
    if (!byDay) totals.set(record.productId, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + record.quantity);
  }
  const history = new Map<string, { firstDay: number; values: number[] }>();
  for (const [productId, byDay] of totals) {
    let firstDay = planDay;
    for (const day of byDay.keys()) firstDay = Math.min(firstDay, day);
    const values = new Array<number>(planDay - firstDay).fill(0);
    for (const [day, quantity] of byDay) values[day - firstDay] = quantity;
    history.set(productId, { firstDay, values });
  }
  return history;
}
