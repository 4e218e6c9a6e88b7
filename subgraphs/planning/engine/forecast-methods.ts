import type { ForecastMethod } from './types.ts';

/*
 * The forecast methods, each a function of a product's observations (recorded open days, oldest
 * first) to forecasts for target days. Observations need not be consecutive days (closed and
 * unrecorded days are left out), so every method that follows the week reads an observation's
 * weekday from its epoch day, and every method that follows time counts calendar days.
 */

/** A recorded open day of one product: its epoch day and the units sold. */
export interface Observation {
  day: number;
  value: number;
}

/**
 * Smoothing constant of SEASONAL_ES's level. 0.3 gives the last week about 90 % of the
 * weight (1 − 0.7⁷ ≈ 0.92): quick enough to follow a bakery's drift, slow enough that one
 * odd day (a holiday, a rained-out market) moves the forecast by under a third.
 */
export const SEASONAL_ES_ALPHA = 0.3;

/** Holt-Winters' smoothing constants: level, trend (per day) and weekday seasonals. */
export const HOLT_WINTERS = { alpha: 0.3, beta: 0.05, gamma: 0.2 } as const;

/** Croston's smoothing constant for demand sizes and the intervals between them. */
export const CROSTON_ALPHA = 0.1;

/** A product is intermittent — Croston is a candidate — when at least this share of its observations are 0. */
export const INTERMITTENT_ZERO_SHARE = 0.3;

/** Tie-break order: the simplest method that is as good wins. */
const REGULAR_METHODS: readonly ForecastMethod[] = ['MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES', 'HOLT_WINTERS'];

/** Every method, in tie-break order. */
export const METHOD_ORDER: readonly ForecastMethod[] = [...REGULAR_METHODS, 'CROSTON'];

/** The methods fitted to a product: every regular one, and Croston when its sales are intermittent. */
export function candidateMethods(observations: readonly Observation[]): ForecastMethod[] {
  const zeros = observations.filter((observation) => observation.value === 0).length;
  const intermittent = observations.length > 0 && zeros / observations.length >= INTERMITTENT_ZERO_SHARE;
  return intermittent ? [...REGULAR_METHODS, 'CROSTON'] : [...REGULAR_METHODS];
}

const weekdaySlot = (day: number) => ((day % 7) + 7) % 7;

/** Forecasts for `targetDays` (epoch days after the observations) from `observations` (oldest first). */
export function predict(method: ForecastMethod, observations: readonly Observation[], targetDays: readonly number[]): number[] {
  switch (method) {
    case 'MOVING_AVERAGE': {
      const window = observations.slice(-7);
      const mean = window.length === 0 ? 0 : window.reduce((sum, observation) => sum + observation.value, 0) / window.length;
      return targetDays.map(() => mean);
    }
    case 'SEASONAL_NAIVE': {
      // The latest observation on the same weekday; a weekday never observed falls back to the moving average.
      const lastByWeekday = new Map<number, number>();
      for (const observation of observations) lastByWeekday.set(weekdaySlot(observation.day), observation.value);
      if (observations.length < 7) return predict('MOVING_AVERAGE', observations, targetDays);
      const fallback = predict('MOVING_AVERAGE', observations, [0])[0];
      return targetDays.map((day) => lastByWeekday.get(weekdaySlot(day)) ?? fallback);
    }
    case 'SEASONAL_ES':
      return seasonalExponentialSmoothing(observations, targetDays);
    case 'HOLT_WINTERS':
      return holtWinters(observations, targetDays);
    case 'CROSTON':
      return croston(observations, targetDays);
  }
}

/**
 * Weekday index × exponentially smoothed level. The index of weekday w is the mean of the
 * observations on w divided by the overall mean (1 when either is unknown or 0). The level
 * starts at the mean deseasonalised value of the first seven observations and is smoothed with
 * SEASONAL_ES_ALPHA over the rest; observations whose weekday index is 0 carry no level information.
 */
function seasonalExponentialSmoothing(observations: readonly Observation[], targetDays: readonly number[]): number[] {
  const n = observations.length;
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  let total = 0;
  for (const { day, value } of observations) {
    sums[weekdaySlot(day)] += value;
    counts[weekdaySlot(day)] += 1;
    total += value;
  }
  const overallMean = n === 0 ? 0 : total / n;
  const seasonalIndex = sums.map((sum, w) => (counts[w] > 0 && overallMean > 0 ? sum / counts[w] / overallMean : 1));

  let level = 0;
  let seeded = 0;
  for (const { day, value } of observations.slice(0, 7)) {
    const index = seasonalIndex[weekdaySlot(day)];
    if (index > 0) {
      level += value / index;
      seeded += 1;
    }
  }
  level = seeded > 0 ? level / seeded : 0;
  for (const { day, value } of observations.slice(7)) {
    const index = seasonalIndex[weekdaySlot(day)];
    if (index > 0) level = SEASONAL_ES_ALPHA * (value / index) + (1 - SEASONAL_ES_ALPHA) * level;
  }
  return targetDays.map((day) => level * seasonalIndex[weekdaySlot(day)]);
}

/**
 * Holt-Winters, additive, weekly: level ℓ, trend b per calendar day and one seasonal s_w per
 * weekday. Seeded on the first two weeks' observations (ℓ = their mean, b = 0, s_w = the mean of
 * weekday w minus ℓ, 0 when w was not observed); then, for an observation y on weekday w, g days
 * after the previous one:
 *   ℓ' = α(y − s_w) + (1 − α)(ℓ + g·b),  b' = β(ℓ' − ℓ)/g + (1 − β)b,  s_w' = γ(y − ℓ') + (1 − γ)s_w
 * and a day h days after the last observation is forecast ℓ + h·b + s_w.
 */
function holtWinters(observations: readonly Observation[], targetDays: readonly number[]): number[] {
  if (observations.length === 0) return targetDays.map(() => 0);
  const { alpha, beta, gamma } = HOLT_WINTERS;
  const seed = observations.filter((observation) => observation.day < observations[0].day + 14);
  let level = seed.reduce((sum, observation) => sum + observation.value, 0) / seed.length;
  let trend = 0;
  const seasonal = new Array<number>(7).fill(0);
  for (let w = 0; w < 7; w++) {
    const onWeekday = seed.filter((observation) => weekdaySlot(observation.day) === w);
    if (onWeekday.length > 0) seasonal[w] = onWeekday.reduce((sum, observation) => sum + observation.value, 0) / onWeekday.length - level;
  }
  let lastDay = observations[0].day;
  for (const { day, value } of observations.slice(seed.length)) {
    const gap = day - lastDay;
    const w = weekdaySlot(day);
    const previous = level;
    level = alpha * (value - seasonal[w]) + (1 - alpha) * (level + gap * trend);
    trend = beta * ((level - previous) / gap) + (1 - beta) * trend;
    seasonal[w] = gamma * (value - level) + (1 - gamma) * seasonal[w];
    lastDay = day;
  }
  return targetDays.map((day) => level + (day - lastDay) * trend + seasonal[weekdaySlot(day)]);
}

/**
 * Croston, for intermittent demand: the size z of non-zero sales and the interval p between them
 * (counted in observations) are smoothed separately with CROSTON_ALPHA; each day is forecast z / p.
 * Seeded on the first non-zero observation (z = it, p = its position + 1).
 */
function croston(observations: readonly Observation[], targetDays: readonly number[]): number[] {
  let size = 0;
  let interval = 0;
  let sinceLast = 0;
  for (const { value } of observations) {
    sinceLast += 1;
    if (value <= 0) continue;
    if (interval === 0) {
      size = value;
      interval = sinceLast;
    } else {
      size += CROSTON_ALPHA * (value - size);
      interval += CROSTON_ALPHA * (sinceLast - interval);
    }
    sinceLast = 0;
  }
  const rate = interval > 0 ? size / interval : 0;
  return targetDays.map(() => rate);
}
