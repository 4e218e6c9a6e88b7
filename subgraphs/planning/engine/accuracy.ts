import { addDays } from './dates.ts';
import { accumulatedAccuracy, type AccumulatedAccuracy, type ScoredForecast } from './method-choice.ts';
import { compareStrings } from './ordering.ts';
import { roundQuantity } from './rounding.ts';
import type { IsoDate, SalesRecord } from './types.ts';

/** A forecast kept for one product and day: what the plan baked for. */
export interface KeptForecast {
  productId: string;
  date: IsoDate;
  /** Product units. */
  quantity: number;
}

/** How far forecasts were from the sales that followed, over the recorded days of a window. */
export interface AccuracyWindow {
  /** Calendar days in the window (7 or 28), ending the day before `asOf`. */
  days: number;
  /** Days in it with both a forecast and recorded sales (the bakery's sales recorded that day). */
  observedDays: number;
  /** Σ forecast over the observed days, product units. */
  forecast: number;
  /** Σ sales over the observed days. */
  actual: number;
  /** Σ|forecast − actual| ÷ Σ actual (0.1 = 10 %); null when nothing sold. */
  wape: number | null;
  /** Σ(forecast − actual) ÷ Σ actual: > 0 forecasts too much, < 0 too little; null when nothing sold. */
  bias: number | null;
}

export interface ProductAccuracy {
  productId: string;
  last7: AccuracyWindow;
  last28: AccuracyWindow;
  /** Each candidate method's accumulated error, the evidence of the method-choice rule; null when none is scored. */
  candidates: AccumulatedAccuracy | null;
}

export interface ForecastAccuracy {
  asOf: IsoDate;
  bakery: { last7: AccuracyWindow; last28: AccuracyWindow };
  products: ProductAccuracy[];
}

/** The windows forecastAccuracy reports, in days before `asOf`. */
export const ACCURACY_WINDOWS = [7, 28] as const;

/**
 * Rolling forecast accuracy as of `asOf` (today): for the last 7 and 28 days before it, per product
 * and for the whole bakery, WAPE and bias of the kept forecasts against the sales that followed.
 * A day counts when a forecast exists for it and the bakery recorded sales that day (any product:
 * on such a day a product with no record sold 0); a day with no sales recorded at all — closed, or
 * not yet entered — is left out, as the forecast itself leaves it out.
 *
 * @param forecasts one per product and day (the newest kept forecast for that day)
 * @param sales daily sales records, any order; several records of a product and day are summed
 * @param scored the candidate methods' kept forecasts with what sold (engine/method-choice.ts), any order
 */
export function forecastAccuracy(
  forecasts: readonly KeptForecast[],
  sales: readonly SalesRecord[],
  asOf: IsoDate,
  scored: readonly ScoredForecast[] = [],
): ForecastAccuracy {
  const recordedDays = new Set(sales.map((record) => record.date));
  const sold = new Map<string, number>();
  for (const record of sales) {
    const key = `${record.productId}\u0000${record.date}`;
    sold.set(key, (sold.get(key) ?? 0) + record.quantity);
  }
  const windowStart = new Map(ACCURACY_WINDOWS.map((days) => [days, addDays(asOf, -days)]));
  const observed = forecasts
    .filter((forecast) => forecast.date < asOf && recordedDays.has(forecast.date))
    .map((forecast) => ({ ...forecast, actual: sold.get(`${forecast.productId}\u0000${forecast.date}`) ?? 0 }));

  const windowOf = (rows: typeof observed, days: number): AccuracyWindow => {
    const inWindow = rows.filter((row) => row.date >= windowStart.get(days as (typeof ACCURACY_WINDOWS)[number])!);
    const forecastTotal = inWindow.reduce((sum, row) => sum + row.quantity, 0);
    const actualTotal = inWindow.reduce((sum, row) => sum + row.actual, 0);
    const absoluteError = inWindow.reduce((sum, row) => sum + Math.abs(row.quantity - row.actual), 0);
    return {
      days,
      observedDays: new Set(inWindow.map((row) => row.date)).size,
      forecast: roundQuantity(forecastTotal),
      actual: roundQuantity(actualTotal),
      wape: actualTotal > 0 ? roundQuantity(absoluteError / actualTotal) : null,
      bias: actualTotal > 0 ? roundQuantity((forecastTotal - actualTotal) / actualTotal) : null,
    };
  };

  const productIds = [...new Set(observed.map((row) => row.productId))].sort(compareStrings);
  return {
    asOf,
    bakery: { last7: windowOf(observed, 7), last28: windowOf(observed, 28) },
    products: productIds.map((productId) => {
      const rows = observed.filter((row) => row.productId === productId);
      const accumulated = accumulatedAccuracy(scored.filter((row) => row.productId === productId));
      const candidates = accumulated && {
        scoredDays: accumulated.scoredDays,
        methods: accumulated.methods.map((entry) => ({
          method: entry.method,
          absoluteError: roundQuantity(entry.absoluteError),
          wape: entry.wape === null ? null : roundQuantity(entry.wape),
        })),
      };
      return { productId, last7: windowOf(rows, 7), last28: windowOf(rows, 28), candidates };
    }),
  };
}
