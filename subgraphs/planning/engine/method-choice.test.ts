import { describe, expect, it } from 'vitest';
import { toEpochDay } from './dates.ts';
import { forecast } from './forecast.ts';
import { accumulatedAccuracy, chooseMethod, type ScoredForecast } from './method-choice.ts';
import { PLAN_DATE, day } from './test-fixtures.ts';
import type { ForecastMethod } from './types.ts';

const origin = toEpochDay(PLAN_DATE);
/** `values` as the observations of the days ending the day before the plan date. */
const observed = (values: number[]) => values.map((value, k) => ({ day: origin - values.length + k, value }));
const steady = observed(new Array(28).fill(10));
const intermittent = observed(Array.from({ length: 28 }, (_, t) => (t % 3 === 2 ? 6 : 0)));

/** Scored forecasts of bread on the `days` days before the plan date: per method, its forecast on each day. */
function scored(actual: number[], byMethod: Partial<Record<ForecastMethod, number[]>>, productId = 'bread'): ScoredForecast[] {
  return Object.entries(byMethod).flatMap(([method, forecasts]) =>
    forecasts!.map((forecast, k) => ({ productId, date: day(k - forecasts!.length), method: method as ForecastMethod, forecast, actual: actual[k] })),
  );
}
const fill = (length: number, value: number) => new Array<number>(length).fill(value);

describe('chooseMethod', () => {
  it('takes the lowest accumulated WAPE once every candidate has 14 shared scored days (hand-computed)', () => {
    // 14 days selling 10 (Σ 140). Σ|error|: moving average 12 a day → 28 (20 %); seasonal naive 9 → 14 (10 %);
    // seasonal ES 11 on 7 days and 10 on 7 → 7 (5 %); Holt-Winters 13 → 42 (30 %). Seasonal ES wins, though the
    // held-out window of this constant history would tie everything and take the moving average.
    const choice = chooseMethod(
      steady,
      scored(fill(14, 10), {
        MOVING_AVERAGE: fill(14, 12),
        SEASONAL_NAIVE: fill(14, 9),
        SEASONAL_ES: [...fill(7, 11), ...fill(7, 10)],
        HOLT_WINTERS: fill(14, 13),
      }),
    );
    expect(choice).toMatchObject({ method: 'SEASONAL_ES', rule: 'ACCUMULATED_ACCURACY', error: 0.05 });
    expect(choice.reason).toBe(
      'Accumulated accuracy over the last 14 scored days: seasonal ES WAPE 5.0 % vs seasonal naive 10.0 %, moving average 20.0 %, Holt-Winters 30.0 %',
    );
    // sigma: errors 1 (×7) and 0 (×7), mean 0.5 → √(14 × 0.25 / 13) = 0.518875.
    expect(choice.sigma).toBeCloseTo(0.518875, 6);
  });

  it('keeps the held-out window with 13 shared scored days, and says how many there are', () => {
    const choice = chooseMethod(
      steady,
      scored(fill(13, 10), { MOVING_AVERAGE: fill(13, 12), SEASONAL_NAIVE: fill(13, 9), SEASONAL_ES: fill(13, 10), HOLT_WINTERS: fill(13, 13) }),
    );
    // 28 observations: the last 7 held out; all four methods forecast 10 exactly → a tie, the simplest wins.
    expect(choice).toMatchObject({ method: 'MOVING_AVERAGE', rule: 'HELD_OUT', error: 0, sigma: 0 });
    expect(choice.reason).toBe(
      'Held-out last 7 days of sales: moving average WAPE 0.0 % vs seasonal naive 0.0 %, seasonal ES 0.0 %, Holt-Winters 0.0 % ' +
        '(accumulated accuracy decides from 14 scored days; 13 so far)',
    );
  });

  it('compares over the latest 28 shared days only', () => {
    // 30 days: seasonal ES is off by 100 on the two oldest and exact after; the others are off by 1 every day.
    // Over all 30 it would lose (200 vs 30); over the latest 28 it wins (0 vs 28).
    const choice = chooseMethod(
      steady,
      scored(fill(30, 10), {
        MOVING_AVERAGE: fill(30, 11),
        SEASONAL_NAIVE: fill(30, 11),
        SEASONAL_ES: [110, 110, ...fill(28, 10)],
        HOLT_WINTERS: fill(30, 9),
      }),
    );
    expect(choice).toMatchObject({ method: 'SEASONAL_ES', rule: 'ACCUMULATED_ACCURACY', error: 0 });
    expect(choice.reason).toMatch(/^Accumulated accuracy over the last 28 scored days: seasonal ES WAPE 0\.0 % vs moving average 10\.0 %/);
  });

  it('counts only the days every candidate was scored on', () => {
    // 16 days, but Holt-Winters has no forecast on the 3 oldest: 13 shared days → the held-out window decides.
    const rows = scored(fill(16, 10), { MOVING_AVERAGE: fill(16, 12), SEASONAL_NAIVE: fill(16, 9), SEASONAL_ES: fill(16, 11) });
    rows.push(...scored(fill(13, 10), { HOLT_WINTERS: fill(13, 10) }));
    expect(chooseMethod(steady, rows)).toMatchObject({ rule: 'HELD_OUT' });
  });

  it('gives a tie to the simpler method', () => {
    // Moving average and Holt-Winters both off by 14 (10 %), the seasonal ones by 28: the moving average comes first.
    const choice = chooseMethod(
      steady,
      scored(fill(14, 10), { HOLT_WINTERS: fill(14, 11), SEASONAL_ES: fill(14, 8), SEASONAL_NAIVE: fill(14, 12), MOVING_AVERAGE: fill(14, 9) }),
    );
    expect(choice.method).toBe('MOVING_AVERAGE');
    expect(choice.reason).toContain('moving average WAPE 10.0 % vs Holt-Winters 10.0 %');
  });

  it('lets Croston compete only for an intermittent product, and only once it has the shared days too', () => {
    // Sells 6 every third day: 14 days with 4 selling days, Σ actual 24 (the pattern of the observations).
    const actual = Array.from({ length: 14 }, (_, t) => (t % 3 === 2 ? 6 : 0));
    const regular = { MOVING_AVERAGE: fill(14, 3), SEASONAL_NAIVE: fill(14, 3), SEASONAL_ES: fill(14, 3), HOLT_WINTERS: fill(14, 3) };
    // Croston's rate of 2 a day: Σ|error| = 4 × 4 + 10 × 2 = 36 (150 %); the others at 3: 4 × 3 + 10 × 3 = 42 (175 %).
    const withCroston = scored(actual, { ...regular, CROSTON: fill(14, 2) });
    expect(chooseMethod(intermittent, withCroston)).toMatchObject({ method: 'CROSTON', rule: 'ACCUMULATED_ACCURACY', error: 1.5 });
    // Croston never scored: the intermittent product has no shared day for all its candidates yet.
    expect(chooseMethod(intermittent, scored(actual, regular)).rule).toBe('HELD_OUT');
    // A steady product: Croston is no candidate, its scored forecasts are ignored; the four tie → moving average.
    expect(chooseMethod(steady, withCroston)).toMatchObject({ method: 'MOVING_AVERAGE', rule: 'ACCUMULATED_ACCURACY' });
  });

  it('states the error in units when nothing sold on the scored days', () => {
    const choice = chooseMethod(intermittent, scored(fill(14, 0), { MOVING_AVERAGE: fill(14, 1), SEASONAL_NAIVE: fill(14, 0), SEASONAL_ES: fill(14, 0.5), HOLT_WINTERS: fill(14, 2), CROSTON: fill(14, 1) }));
    expect(choice).toMatchObject({ method: 'SEASONAL_NAIVE', error: 0 });
    expect(choice.reason).toBe(
      'Accumulated accuracy over the last 14 scored days: seasonal naive WAPE 0.0 % vs seasonal ES off by 7 units, moving average off by 14 units, Croston off by 14 units, Holt-Winters off by 28 units',
    );
  });

  it('uses a moving average under 14 days of history, whatever is scored', () => {
    const choice = chooseMethod(observed([4, 6, 5]), scored(fill(14, 10), { SEASONAL_NAIVE: fill(14, 10) }));
    expect(choice).toMatchObject({ method: 'MOVING_AVERAGE', rule: 'SHORT_HISTORY', error: null, reason: 'Under 14 days of sales (3): moving average of the last 3' });
  });
});

describe('accumulatedAccuracy', () => {
  it('ranks the methods that forecast the latest scored day over their shared days', () => {
    // Croston forecast only the two oldest days (the product was intermittent then): it is no candidate now.
    const rows = [
      ...scored(fill(3, 10), { MOVING_AVERAGE: [12, 12, 12], SEASONAL_NAIVE: [10, 10, 11] }),
      { productId: 'bread', date: day(-3), method: 'CROSTON' as const, forecast: 10, actual: 10 },
      { productId: 'bread', date: day(-2), method: 'CROSTON' as const, forecast: 10, actual: 10 },
    ];
    expect(accumulatedAccuracy(rows)).toEqual({
      scoredDays: 3,
      methods: [
        { method: 'SEASONAL_NAIVE', absoluteError: 1, wape: 1 / 30 },
        { method: 'MOVING_AVERAGE', absoluteError: 6, wape: 0.2 },
      ],
    });
    expect(accumulatedAccuracy([])).toBeNull();
  });
});

describe('forecast: candidates and choices', () => {
  const bread = { id: 'bread', name: 'Country loaf' };
  const sales = (values: number[]) => values.map((quantity, k) => ({ productId: 'bread', date: day(k - values.length), quantity }));

  it('keeps every candidate forecast of the first open day and says which rule chose the method', () => {
    // Closed on the plan date's weekday: the candidates forecast the next day.
    const calendar = { closedDates: [PLAN_DATE] };
    const result = forecast([bread, { id: 'rolls', name: 'Rolls' }], sales(new Array(28).fill(10)), PLAN_DATE, 3, calendar);
    expect(result.candidates).toEqual(
      ['MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES', 'HOLT_WINTERS'].map((method) => ({ productId: 'bread', date: day(1), method, quantity: 10 })),
    );
    expect(result.choices).toEqual([
      { productId: 'bread', rule: 'HELD_OUT', reason: expect.stringMatching(/^Held-out last 7 days of sales: moving average WAPE 0\.0 %/) },
      { productId: 'rolls', rule: 'NO_HISTORY', reason: 'No sales recorded yet: forecast 0' },
    ]);
  });

  it('forecasts with the accumulated winner, its WAPE as the error', () => {
    const rows = scored(fill(14, 10), { MOVING_AVERAGE: fill(14, 12), SEASONAL_NAIVE: fill(14, 10.5), SEASONAL_ES: fill(14, 11), HOLT_WINTERS: fill(14, 13) });
    const result = forecast([bread], sales(new Array(28).fill(10)), PLAN_DATE, 2, {}, rows);
    // Seasonal naive: Σ|error| 7 of 140 = 5 %, every error the same → sigma 0; refitted on the history: 10.
    expect(result.forecasts.map((f) => [f.method, f.quantity, f.error, f.sigma])).toEqual([
      ['SEASONAL_NAIVE', 10, 0.05, 0],
      ['SEASONAL_NAIVE', 10, 0.05, 0],
    ]);
    expect(result.choices[0].rule).toBe('ACCUMULATED_ACCURACY');
  });
});
