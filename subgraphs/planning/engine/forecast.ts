import { formatDay, fromEpochDay, toEpochDay, weekdayOfEpochDay } from './dates.ts';
import { byId } from './ordering.ts';
import { candidateMethods, predict, type Observation } from './forecast-methods.ts';
import { chooseMethod, type MethodChoice, type ScoredForecast } from './method-choice.ts';
import { roundQuantity } from './rounding.ts';
import { assertHorizon } from './validation.ts';
import type {
  CandidateForecast,
  DemandForecast,
  ForecastMethodChoice,
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


/** DESIGN's default: sales not recorded for more than 3 days are stale. */
export const DEFAULT_STALE_SALES_AFTER_DAYS = 3;

/**
 * Daily demand forecast per product for the `horizonDays` days from `originDate` on.
 *
 * History is the sales strictly before `originDate`, read as a calendar of *recorded open days*:
 * a day counts only if the bakery is open then (not a closed weekday or date) and at least one
 * sale of any product is recorded on it. On a recorded day a product with no record sold 0; a
 * day with no record at all was not recorded, and is left out rather than read as "sold nothing".
 * Each product's observations run from its first sale. Its method is the candidate with the
 * lowest accumulated WAPE once every candidate was scored on 14 shared days (`scored`), else the
 * lowest WAPE on held-out observations (the last 14 with ≥ 42, the last 7 with 14–41), refitted on
 * all of them (engine/method-choice.ts). Under 14: MOVING_AVERAGE over what exists, sigma = the
 * sample std of those observations, error null. No history at all: quantity 0 and a
 * NO_SALES_HISTORY warning. `choices` says which rule chose each method, with its figures, and
 * `candidates` keeps every candidate's forecast of the first open day, to be scored later. A day a product sold out counts as at least what that weekday usually sells (see
 * `uncensor`). Closed days of the horizon are forecast 0. When the latest recorded day is more than
 * `staleSalesAfterDays` before `originDate`, one STALE_SALES_DATA warning says so.
 *
 * @param products every product to forecast (sales of products not listed are ignored)
 * @param sales daily sales records, product units; any order, duplicates per day summed
 * @param originDate the first forecast day, `YYYY-MM-DD` (the plan date, or today for a future plan)
 * @param horizonDays H ≥ 1 (the API's default is 7)
 * @param scored the candidates' kept forecasts of past days with what sold then, any product, any order
 */
export function forecast(
  products: readonly ProductInput[],
  sales: readonly SalesRecord[],
  originDate: IsoDate,
  horizonDays: number,
  calendar: SalesCalendar = {},
  scored: readonly ScoredForecast[] = [],
): ForecastResult {
  assertHorizon(horizonDays);
  const originDay = toEpochDay(originDate);
  const isClosed = closedDayTest(calendar);
  const history = collectHistory(sales, originDay, isClosed);
  const horizon = Array.from({ length: horizonDays }, (_, k) => originDay + k);
  const openHorizon = horizon.filter((day) => !isClosed(day));

  const scoredByProduct = groupByProduct(scored);
  const forecasts: DemandForecast[] = [];
  const warnings: PlanWarning[] = [];
  const choices: ForecastMethodChoice[] = [];
  const candidates: CandidateForecast[] = [];
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
      ? fitProduct(observations, openHorizon, scoredByProduct.get(product.id))
      : { method: 'MOVING_AVERAGE' as const, rule: 'NO_HISTORY' as const, reason: 'No sales recorded yet: forecast 0', values: new Array<number>(openHorizon.length).fill(0), sigma: 0, error: null };
    choices.push({ productId: product.id, rule: fit.rule, reason: fit.reason });
    if (observations && openHorizon.length > 0) {
      const [firstOpenDay] = openHorizon;
      for (const method of candidateMethods(observations)) {
        const [quantity] = predict(method, observations, [firstOpenDay]);
        candidates.push({ productId: product.id, date: fromEpochDay(firstOpenDay), method, quantity: roundQuantity(Math.max(0, quantity)) });
      }
    }
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
  return { forecasts, warnings, choices, candidates };
}

function groupByProduct(scored: readonly ScoredForecast[]): Map<string, ScoredForecast[]> {
  const byProduct = new Map<string, ScoredForecast[]>();
  for (const row of scored) {
    const rows = byProduct.get(row.productId);
    if (rows) rows.push(row);
    else byProduct.set(row.productId, [row]);
  }
  return byProduct;
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

interface ProductFit extends MethodChoice {
  /** One forecast per target day. */
  values: number[];
}

/**
 * Chooses a method (engine/method-choice.ts: accumulated accuracy once there is enough, else a
 * held-out window), then refits it on all observations and predicts `targetDays`.
 *
 * @param scored this product's candidate forecasts of past days with what sold (none: the held-out window decides)
 */
export function fitProduct(observations: readonly Observation[], targetDays: readonly number[], scored: readonly ScoredForecast[] = []): ProductFit {
  const choice = chooseMethod(observations, scored);
  return { ...choice, values: predict(choice.method, observations, targetDays) };
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
