import { METHOD_ORDER, candidateMethods, predict, type Observation } from './forecast-methods.ts';
import { formatNumber } from './wording.ts';
import type { ForecastMethod, ForecastMethodRule, IsoDate } from './types.ts';

/*
 * Which forecast method a product gets, and why. Every run keeps what each candidate method
 * forecast for its first open day (engine/forecast.ts), so each candidate's one-day-ahead error
 * accumulates against the sales that followed. Once every current candidate has been scored on
 * enough of the same days, the lowest accumulated WAPE over the last of those days decides;
 * before that, a held-out window of the sales history does, as it always did.
 */

/** Scored days (shared by every candidate) from which accumulated accuracy decides, rather than the held-out window. */
export const ACCUMULATED_MIN_SCORED_DAYS = 14;

/** The accumulated rule compares the candidates over at most this many of their latest shared scored days. */
export const ACCUMULATED_WINDOW_DAYS = 28;

/**
 * Calendar days before the forecast's first day in which scored days are looked for; candidate
 * forecasts older than this are deleted. Twice the window: a bakery open four days a week still
 * finds its 28 scored days.
 */
export const CANDIDATE_LOOKBACK_DAYS = 56;

/** Under this many observations there is nothing to hold out: MOVING_AVERAGE over what exists. */
export const MIN_HELD_OUT_HISTORY = 14;

/** Relative difference under which two errors tie, so float noise never picks a method; the simpler method wins a tie. */
const ERROR_TIE = 1e-9;

/** A candidate method's kept forecast of a past day, beside what sold that day. */
export interface ScoredForecast {
  productId: string;
  date: IsoDate;
  method: ForecastMethod;
  /** The candidate's forecast, product units. */
  forecast: number;
  /** Units sold that day (0 when the bakery recorded sales that day but none of this product). */
  actual: number;
}

/** One method's error over a set of days. */
export interface MethodError {
  method: ForecastMethod;
  /** Σ|forecast − actual|, product units. */
  absoluteError: number;
  /** absoluteError ÷ Σ actual (0.1 = 10 %); 0 when both are 0; null when nothing sold but the method forecast something. */
  wape: number | null;
}

/** Each candidate's error over the same scored days: the accumulated rule's evidence. */
export interface AccumulatedAccuracy {
  /** The days compared: the latest (at most ACCUMULATED_WINDOW_DAYS) on which every candidate was scored. */
  scoredDays: number;
  /** Best first (the simpler method first on a tie). */
  methods: MethodError[];
}

/** The method a product is forecast with, the rule that chose it and its evidence. */
export interface MethodChoice {
  method: ForecastMethod;
  rule: ForecastMethodRule;
  /** One sentence with the figures, e.g. "Accumulated accuracy over the last 28 scored days: Holt-Winters WAPE 12.4 % vs …". */
  reason: string;
  /** Sample std (n − 1) of the chosen method's errors on the days that judged it, product units. */
  sigma: number;
  /** The chosen method's WAPE on those days; null when no day judged it (SHORT_HISTORY). */
  error: number | null;
}

const METHOD_LABELS: Record<ForecastMethod, string> = {
  MOVING_AVERAGE: 'moving average',
  SEASONAL_NAIVE: 'seasonal naive',
  SEASONAL_ES: 'seasonal ES',
  HOLT_WINTERS: 'Holt-Winters',
  CROSTON: 'Croston',
};

/**
 * Chooses a product's method from its observations (recorded open days, oldest first) and its
 * candidates' scored forecasts:
 * - under MIN_HELD_OUT_HISTORY observations: MOVING_AVERAGE (SHORT_HISTORY);
 * - once every candidate (`candidateMethods`: Croston only while the product is intermittent) was
 *   scored on ≥ ACCUMULATED_MIN_SCORED_DAYS shared days: the lowest WAPE over the latest
 *   ACCUMULATED_WINDOW_DAYS of them (ACCUMULATED_ACCURACY);
 * - otherwise the lowest WAPE on the held-out last 14 observations (≥ 42) or 7 (HELD_OUT).
 * Ties go to the simpler method (candidate order).
 */
export function chooseMethod(observations: readonly Observation[], scored: readonly ScoredForecast[]): MethodChoice {
  const n = observations.length;
  if (n < MIN_HELD_OUT_HISTORY) {
    return {
      method: 'MOVING_AVERAGE',
      rule: 'SHORT_HISTORY',
      reason: `Under ${MIN_HELD_OUT_HISTORY} days of sales (${n}): moving average of the last ${Math.min(n, 7)}`,
      sigma: sampleStd(observations.map((observation) => observation.value)),
      error: null,
    };
  }
  const methods = candidateMethods(observations);
  const shared = sharedScoredDays(scored, methods);
  if (shared.length >= ACCUMULATED_MIN_SCORED_DAYS) {
    const ranked = rankMethods(methods, shared);
    return {
      method: ranked[0].method,
      rule: 'ACCUMULATED_ACCURACY',
      reason: `Accumulated accuracy over the last ${shared.length} scored days: ${describeRanking(ranked)}`,
      sigma: sampleStd(ranked[0].errors),
      error: ranked[0].wape,
    };
  }
  const holdout = n >= 42 ? 14 : 7;
  const train = observations.slice(0, n - holdout);
  const heldOut = observations.slice(n - holdout);
  const heldOutDays: ScoredDay[] = heldOut.map((observation) => ({ actual: observation.value, forecasts: new Map() }));
  for (const method of methods) {
    const predicted = predict(method, train, heldOut.map((observation) => observation.day));
    heldOutDays.forEach((scoredDay, k) => scoredDay.forecasts.set(method, predicted[k]));
  }
  const ranked = rankMethods(methods, heldOutDays);
  return {
    method: ranked[0].method,
    rule: 'HELD_OUT',
    reason:
      `Held-out last ${holdout} days of sales: ${describeRanking(ranked)} ` +
      `(accumulated accuracy decides from ${ACCUMULATED_MIN_SCORED_DAYS} scored days; ${shared.length} so far)`,
    sigma: sampleStd(ranked[0].errors),
    error: ranked[0].wape,
  };
}

/**
 * Each candidate's accumulated error, as the rule would judge it today: the candidates are the
 * methods that forecast the product's latest scored day. Null when nothing is scored.
 */
export function accumulatedAccuracy(scored: readonly ScoredForecast[]): AccumulatedAccuracy | null {
  if (scored.length === 0) return null;
  const latest = scored.reduce((max, row) => (row.date > max ? row.date : max), scored[0].date);
  const present = new Set(scored.filter((row) => row.date === latest).map((row) => row.method));
  const methods = METHOD_ORDER.filter((method) => present.has(method));
  const shared = sharedScoredDays(scored, methods);
  const ranked = rankMethods(methods, shared);
  return { scoredDays: shared.length, methods: ranked.map(({ method, absoluteError, wape }) => ({ method, absoluteError, wape })) };
}

/** A day every compared method forecast: its actual and each method's forecast. */
interface ScoredDay {
  actual: number;
  forecasts: Map<ForecastMethod, number>;
}

/** The latest ACCUMULATED_WINDOW_DAYS days on which every one of `methods` was scored, oldest first. */
function sharedScoredDays(scored: readonly ScoredForecast[], methods: readonly ForecastMethod[]): ScoredDay[] {
  const byDate = new Map<IsoDate, ScoredDay>();
  for (const row of scored) {
    let scoredDay = byDate.get(row.date);
    if (!scoredDay) byDate.set(row.date, (scoredDay = { actual: row.actual, forecasts: new Map() }));
    scoredDay.forecasts.set(row.method, row.forecast);
  }
  const dates = [...byDate.keys()].filter((date) => methods.every((method) => byDate.get(date)!.forecasts.has(method))).sort();
  return dates.slice(-ACCUMULATED_WINDOW_DAYS).map((date) => byDate.get(date)!);
}

interface RankedMethod extends MethodError {
  /** forecast − actual per day. */
  errors: number[];
}

/**
 * The methods by absolute error on the same days (so by WAPE), best first. The best is the first in
 * candidate order within ERROR_TIE of the lowest error, so float noise never picks a method.
 */
function rankMethods(methods: readonly ForecastMethod[], days: readonly ScoredDay[]): RankedMethod[] {
  const actualSum = days.reduce((sum, scoredDay) => sum + Math.abs(scoredDay.actual), 0);
  const measured = methods.map((method) => {
    const errors = days.map((scoredDay) => scoredDay.forecasts.get(method)! - scoredDay.actual);
    const absoluteError = errors.reduce((sum, error) => sum + Math.abs(error), 0);
    return { method, errors, absoluteError, wape: actualSum > 0 ? absoluteError / actualSum : absoluteError === 0 ? 0 : null };
  });
  const lowest = Math.min(...measured.map((entry) => entry.absoluteError));
  const best = measured.find((entry) => entry.absoluteError <= lowest + ERROR_TIE * Math.max(1, actualSum))!;
  const others = measured.filter((entry) => entry !== best).sort((a, b) => a.absoluteError - b.absoluteError);
  return [best, ...others];
}

/** "Holt-Winters WAPE 12.4 % vs seasonal naive 15.1 %, moving average 18.0 %" (in units when nothing sold). */
function describeRanking(ranked: readonly MethodError[]): string {
  const [best, ...others] = ranked.map((entry, rank) => {
    const figure = entry.wape === null ? `off by ${formatNumber(entry.absoluteError)} units` : `${rank === 0 ? 'WAPE ' : ''}${formatPercent(entry.wape)}`;
    return `${METHOD_LABELS[entry.method]} ${figure}`;
  });
  return `${best} vs ${others.join(', ')}`;
}

/** 0.1237 → "12.4 %". */
function formatPercent(ratio: number): string {
  return `${(Math.round(ratio * 1000) / 10).toFixed(1)} %`;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
