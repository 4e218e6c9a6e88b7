import { formatDay, fromEpochDay, toEpochDay, weekdayOfEpochDay } from './dates.ts';
import { byId } from './ordering.ts';
import { candidateMethods, predict, type Observation } from './forecast-methods.ts';
import { roundQuantity } from './rounding.ts';
import { assertHorizon } from './validation.ts';
import type {
  DemandForecast,
  ForecastMethod,
  ForecastResult,
  IsoDate,
  PlanWarning,
  ProductInput,
  SalesCalendar,
  SalesRecord,
} from './types.ts';


/** Two-sided 95 % normal band for lower/upper. */
const BAND_Z = 1.96;

/** Held-out WAPEs closer than this count as a tie, so float noise never picks a method. */
const WAPE_TIE = 1e-9;


/** DESIGN's default: sales not recorded for more than 3 days are stale. */
export const DEFAULT_STALE_SALES_AFTER_DAYS = 3;

/**
 * Daily demand forecast per product for the `horizonDays` days from `originDate` on.
 *
 * History is the sales strictly before `originDate`, read as a calendar of *recorded open days*:
 * a day counts only if the bakery is open then (not a closed weekday or date) and at least one
 * sale of any product is recorded on it. On a recorded day a product with no record sold 0; a
 * day with no record at all was not recorded, and is left out rather than read as "sold nothing".
 * Each product's observations run from its first sale. With ≥ 42 observations the last 14 are
 * held out, with 14–41 the last 7; the method with the lowest WAPE on the held-out observations
 * is refitted on all of them. Under 14: MOVING_AVERAGE over what exists, sigma = the sample std
 * of those observations, error null. No history at all: quantity 0 and a NO_SALES_HISTORY
 * warning. A day a product sold out counts as at least what that weekday usually sells (see
 * `uncensor`). Closed days of the horizon are forecast 0. When the latest recorded day is more than
 * `staleSalesAfterDays` before `originDate`, one STALE_SALES_DATA warning says so.
 *
 * @param products every product to forecast (sales of products not listed are ignored)
 * @param sales daily sales records, product units; any order, duplicates per day summed
 * @param originDate the first forecast day, `YYYY-MM-DD` (the plan date, or today for a future plan)
 * @param horizonDays H ≥ 1 (the API's default is 7)
 */
export function forecast(
  products: readonly ProductInput[],
  sales: readonly SalesRecord[],
  originDate: IsoDate,
  horizonDays: number,
  calendar: SalesCalendar = {},
): ForecastResult {
  assertHorizon(horizonDays);
  const originDay = toEpochDay(originDate);
  const isClosed = closedDayTest(calendar);
  const history = collectHistory(sales, originDay, isClosed);
  const horizon = Array.from({ length: horizonDays }, (_, k) => originDay + k);
  const openHorizon = horizon.filter((day) => !isClosed(day));

  const forecasts: DemandForecast[] = [];
  const warnings: PlanWarning[] = [];
  const staleWarning = staleSalesWarning(history.latestRecordedDay, originDay, calendar);
  if (staleWarning) warnings.push(staleWarning);
  for (const product of [...products].sort(byId)) {
    const observations = history.byProduct.get(product.id);
    if (!observations) {
      warnings.push({
        code: 'NO_SALES_HISTORY',
        message: `${product.name} has no sales before ${originDate}; its forecast is 0 until sales are recorded`,
        productId: product.id,
      });
    }
    const fit = observations
      ? fitProduct(observations, openHorizon)
      : { method: 'MOVING_AVERAGE' as const, values: new Array<number>(openHorizon.length).fill(0), sigma: 0, error: null };
    const valueByDay = new Map(openHorizon.map((day, k) => [day, fit.values[k]]));
    const sigma = roundQuantity(fit.sigma);
    for (const day of horizon) {
      const open = valueByDay.has(day);
      const quantity = roundQuantity(Math.max(0, valueByDay.get(day) ?? 0));
      const band = open ? BAND_Z * sigma : 0;
      forecasts.push({
        productId: product.id,
        date: fromEpochDay(day),
        quantity,
        lower: roundQuantity(Math.max(0, quantity - band)),
        upper: roundQuantity(quantity + band),
        sigma: open ? sigma : 0,
        method: fit.method,
        error: fit.error === null ? null : roundQuantity(fit.error),
      });
    }
  }
  return { forecasts, warnings };
}

/** Whether an epoch day is one of the bakery's closed weekdays or dates. */
export function closedDayTest(calendar: SalesCalendar): (epochDay: number) => boolean {
  const closedWeekdays = new Set(calendar.closedWeekdays ?? []);
  const closedDays = new Set((calendar.closedDates ?? []).map(toEpochDay));
  return (day) => closedDays.has(day) || closedWeekdays.has(weekdayOfEpochDay(day));
}

function staleSalesWarning(latestRecordedDay: number | null, originDay: number, calendar: SalesCalendar): PlanWarning | null {
  const limit = calendar.staleSalesAfterDays ?? DEFAULT_STALE_SALES_AFTER_DAYS;
  if (latestRecordedDay === null || originDay - latestRecordedDay <= limit) return null;
  const latest = fromEpochDay(latestRecordedDay);
  return {
    code: 'STALE_SALES_DATA',
    message:
      `The latest sales recorded are from ${formatDay(latest)}, ${originDay - latestRecordedDay} days before ` +
      `${formatDay(fromEpochDay(originDay))}; record the days since then, or the forecast rests on old sales`,
  };
}

interface ProductFit {
  method: ForecastMethod;
  /** One forecast per target day. */
  values: number[];
  sigma: number;
  error: number | null;
}

/** Chooses a method on held-out observations, then refits it on all of them and predicts `targetDays`. */
export function fitProduct(observations: readonly Observation[], targetDays: readonly number[]): ProductFit {
  const n = observations.length;
  if (n < 14) {
    return {
      method: 'MOVING_AVERAGE',
      values: predict('MOVING_AVERAGE', observations, targetDays),
      sigma: sampleStd(observations.map((observation) => observation.value)),
      error: null,
    };
  }
  const holdout = n >= 42 ? 14 : 7;
  const train = observations.slice(0, n - holdout);
  const heldOut = observations.slice(n - holdout);
  const actualSum = heldOut.reduce((sum, observation) => sum + Math.abs(observation.value), 0);

  let best: { method: ForecastMethod; absError: number; errors: number[] } | null = null;
  for (const method of candidateMethods(observations)) {
    const predicted = predict(method, train, heldOut.map((observation) => observation.day));
    const errors = heldOut.map((observation, k) => observation.value - predicted[k]);
    // WAPE's denominator is the same for every method, so ranking by Σ|error| is ranking by WAPE.
    const absError = errors.reduce((sum, error) => sum + Math.abs(error), 0);
    if (!best || absError < best.absError - WAPE_TIE * Math.max(1, actualSum)) best = { method, absError, errors };
  }
  const chosen = best!;
  return {
    method: chosen.method,
    values: predict(chosen.method, observations, targetDays),
    sigma: sampleStd(chosen.errors),
    error: actualSum > 0 ? chosen.absError / actualSum : chosen.absError === 0 ? 0 : null,
  };
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** Weeks back a sold-out day looks for the same weekday's usual sales. */
const SOLD_OUT_LOOKBACK_WEEKS = 4;

/**
 * A sold-out day's sales are a lower bound of its demand (nothing was left to sell), and reading
 * them as demand would shrink the next bake, which sells out again: the forecast would spiral
 * down. Such a day counts as max(its sales, the mean of the same weekday's days that did not sell
 * out in the SOLD_OUT_LOOKBACK_WEEKS weeks before it; else of the last 7 such days). With no such
 * day before it, its sales stand.
 */
function uncensor(observations: Observation[], soldOutDays: ReadonlySet<number> | undefined): Observation[] {
  if (!soldOutDays || soldOutDays.size === 0) return observations;
  const uncensored: Observation[] = [];
  return observations.map((observation) => {
    if (!soldOutDays.has(observation.day)) {
      uncensored.push(observation);
      return observation;
    }
    const sameWeekday = uncensored.filter(
      (earlier) => (observation.day - earlier.day) % 7 === 0 && observation.day - earlier.day <= 7 * SOLD_OUT_LOOKBACK_WEEKS,
    );
    const reference = sameWeekday.length > 0 ? sameWeekday : uncensored.slice(-7);
    if (reference.length === 0) return observation;
    const usual = reference.reduce((sum, earlier) => sum + earlier.value, 0) / reference.length;
    return { day: observation.day, value: Math.max(observation.value, usual) };
  });
}

interface SalesHistory {
  /** Per product, its observations from its first sale on, oldest first. */
  byProduct: Map<string, Observation[]>;
  /** The latest day any sale is recorded before the origin; null when none is. */
  latestRecordedDay: number | null;
}

/** Per product: one observation per recorded open day from its first sale to the day before the origin. */
function collectHistory(sales: readonly SalesRecord[], originDay: number, isClosed: (day: number) => boolean): SalesHistory {
  const dayOfDate = new Map<string, number>();
  const totals = new Map<string, Map<number, number>>();
  const soldOut = new Map<string, Set<number>>();
  const recordedDays = new Set<number>();
  for (const record of sales) {
    let day = dayOfDate.get(record.date);
    if (day === undefined) {
      day = toEpochDay(record.date);
      dayOfDate.set(record.date, day);
    }
    if (day >= originDay) continue;
    recordedDays.add(day);
    let byDay = totals.get(record.productId);
    if (!byDay) totals.set(record.productId, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + record.quantity);
    if (record.soldOut) {
      const days = soldOut.get(record.productId) ?? new Set<number>();
      soldOut.set(record.productId, days.add(day));
    }
  }
  const openDays = [...recordedDays].filter((day) => !isClosed(day)).sort((a, b) => a - b);
  const byProduct = new Map<string, Observation[]>();
  for (const [productId, byDay] of totals) {
    let firstDay = originDay;
    for (const day of byDay.keys()) firstDay = Math.min(firstDay, day);
    const observations = openDays.filter((day) => day >= firstDay).map((day) => ({ day, value: byDay.get(day) ?? 0 }));
    if (observations.length > 0) byProduct.set(productId, uncensor(observations, soldOut.get(productId)));
  }
  const latestRecordedDay = recordedDays.size === 0 ? null : Math.max(...recordedDays);
  return { byProduct, latestRecordedDay };
}
