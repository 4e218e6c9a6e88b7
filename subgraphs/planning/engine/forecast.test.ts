import { describe, expect, it } from 'vitest';
import { addDays, toEpochDay, weekdayOf } from './dates.ts';
import { fitProduct, forecast } from './forecast.ts';
import { SEASONAL_ES_ALPHA, candidateMethods, predict } from './forecast-methods.ts';
import { PLAN_DATE, day } from './test-fixtures.ts';
import type { SalesRecord } from './types.ts';

const bread = { id: 'bread', name: 'Country loaf' };

/** Sales for the `values.length` days ending the day before the plan date. */
function history(values: number[], productId = 'bread'): SalesRecord[] {
  return values.map((quantity, k) => ({ productId, date: day(k - values.length), quantity }));
}

describe('forecast', () => {
  it('reproduces a clean weekly pattern', () => {
    // 8 weeks keyed to real weekdays: Mon 40, Tue 60, Wed 80, Thu 100, Fri 120, Sat 150, Sun 200.
    const byWeekday = [40, 60, 80, 100, 120, 150, 200]; // D is a Monday, so day(-56) is a Monday too
    const values = Array.from({ length: 56 }, (_, k) => byWeekday[k % 7]);
    const { forecasts, warnings } = forecast([bread], history(values), PLAN_DATE, 7);
    expect(warnings).toEqual([]);
    expect(forecasts.map((f) => f.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map(day));
    forecasts.forEach((f, k) => expect(Math.abs(f.quantity - byWeekday[k]) / byWeekday[k]).toBeLessThan(0.02));
    // SEASONAL_NAIVE and SEASONAL_ES are both exact on the held-out 14 days; the simpler one wins the tie.
    expect(forecasts[0]).toMatchObject({ method: 'SEASONAL_NAIVE', error: 0, sigma: 0 });
  });

  it('follows a weekly pattern through noise with a seasonal method', () => {
    const byWeekday = [40, 60, 80, 100, 120, 150, 200];
    const wobble = [0.004, -0.003, 0.002, -0.005, 0.001, 0.003, -0.002, 0.005, -0.001];
    const values = Array.from({ length: 56 }, (_, k) => byWeekday[k % 7] * (1 + wobble[k % 9]));
    const { forecasts } = forecast([bread], history(values), PLAN_DATE, 7);
    expect(forecasts[0].method).not.toBe('MOVING_AVERAGE');
    forecasts.forEach((f, k) => expect(Math.abs(f.quantity - byWeekday[k]) / byWeekday[k]).toBeLessThan(0.02));
    expect(forecasts[0].error).toBeLessThan(0.01);
  });

  it('gives a constant series a constant forecast with sigma 0', () => {
    const { forecasts } = forecast([bread], history(new Array(56).fill(25)), PLAN_DATE, 7);
    expect(forecasts).toHaveLength(7);
    for (const f of forecasts) {
      expect(f).toMatchObject({ quantity: 25, lower: 25, upper: 25, sigma: 0, error: 0, method: 'MOVING_AVERAGE' });
    }
  });

  it('holds out 14 days with ≥ 42 days of history', () => {
    // 28 days of 10 then 14 days of 20. Holding out 14: every method trained on the 10s says 10 → errors of 10 on
    // each held-out day: WAPE = 140 / 280 = 0.5, sigma = 0 (all errors equal). (Holding out 7 would give WAPE 0.)
    // Tie → MOVING_AVERAGE, refitted on all 42 days: mean of the last 7 = 20.
    const { forecasts } = forecast([bread], history([...new Array(28).fill(10), ...new Array(14).fill(20)]), PLAN_DATE, 3);
    expect(forecasts.map((f) => [f.quantity, f.method, f.error, f.sigma])).toEqual([
      [20, 'MOVING_AVERAGE', 0.5, 0],
      [20, 'MOVING_AVERAGE', 0.5, 0],
      [20, 'MOVING_AVERAGE', 0.5, 0],
    ]);
  });

  it('holds out 7 days with 14–41 days of history', () => {
    // 14 days of 10 then 7 of 20 (21 days): hold out 7 → forecasts of 10 vs actual 20: WAPE = 70 / 140 = 0.5.
    // (Holding out 14 would give 70 / 210 = 0.33.) Refit: MOVING_AVERAGE = 20.
    const { forecasts } = forecast([bread], history([...new Array(14).fill(10), ...new Array(7).fill(20)]), PLAN_DATE, 1);
    expect(forecasts[0]).toMatchObject({ quantity: 20, method: 'MOVING_AVERAGE', error: 0.5, sigma: 0 });
  });

  it('takes sigma as the sample std of the chosen method\'s held-out errors', () => {
    // 14 days: 7 × 10, then 12, 8, 12, 8, 12, 8, 12. Every method forecasts 10 for the held-out week →
    // errors 2, −2, 2, −2, 2, −2, 2: Σ|e| = 14, Σ actual = 72 → WAPE 0.194444.
    // mean error 2/7; Σ(e − mean)² = 4 × (12/7)² + 3 × (16/7)² = 27.428571; / 6 → 4.571429; √ → 2.138090.
    // Refit MOVING_AVERAGE: 72 / 7 = 10.285714; band ± 1.96 × 2.138090 = ± 4.190656.
    const { forecasts } = forecast([bread], history([...new Array(7).fill(10), 12, 8, 12, 8, 12, 8, 12]), PLAN_DATE, 1);
    const [f] = forecasts;
    expect(f.method).toBe('MOVING_AVERAGE');
    expect(f.error).toBeCloseTo(0.194444, 6);
    expect(f.sigma).toBeCloseTo(2.13809, 5);
    expect(f.quantity).toBeCloseTo(10.285714, 6);
    expect(f.lower).toBeCloseTo(6.095058, 5);
    expect(f.upper).toBeCloseTo(14.47637, 5);
  });

  it('uses a moving average over what exists with under 14 days', () => {
    // 4, 6, 5, 7, 3 → mean 5; no holdout, so error is null and sigma is the sample std of the days:
    // Σ(x − 5)² = 1 + 1 + 0 + 4 + 4 = 10; / 4 = 2.5; √ = 1.581139. lower = 5 − 3.099032 = 1.900968.
    const { forecasts } = forecast([bread], history([4, 6, 5, 7, 3]), PLAN_DATE, 2);
    expect(forecasts[1]).toMatchObject({ date: day(1), quantity: 5, method: 'MOVING_AVERAGE', error: null });
    expect(forecasts[1].sigma).toBeCloseTo(1.581139, 6);
    expect(forecasts[1].lower).toBeCloseTo(1.900968, 5);
  });

  it('leaves days with no sales recorded out, and counts a product missing on a recorded day as 0', () => {
    // Until issue 11 every missing day counted as 0 (9 / 7 here). Now: bread sold 5 ten days ago and 9 yesterday
    // (two records, summed); rolls sold 3 six days ago, a day bread has no record → bread sold 0 that day. Days
    // with no record at all were not recorded. Bread's observations: 5, 0, 9 → moving average 14 / 3.
    const sales = [
      { productId: 'bread', date: day(-10), quantity: 5 },
      { productId: 'rolls', date: day(-6), quantity: 3 },
      { productId: 'bread', date: day(-1), quantity: 4 },
      { productId: 'bread', date: day(-1), quantity: 5 }, // same day: summed
    ];
    const { forecasts } = forecast([bread], sales, PLAN_DATE, 1);
    expect(forecasts[0].quantity).toBeCloseTo(14 / 3, 6);
  });

  it('forecasts the same from sales that end four days ago, and says they are stale', () => {
    // Issue 11 case 5: 56 days of 100/day ending yesterday vs ending four days ago. Before: 57.1/day for the second.
    const recent = forecast([bread], history(new Array(56).fill(100)), PLAN_DATE, 7);
    const stale = forecast([bread], history(new Array(56).fill(100)).map((r) => ({ ...r, date: addDays(r.date, -3) })), PLAN_DATE, 7);
    expect(recent.forecasts.map((f) => f.quantity)).toEqual(new Array(7).fill(100));
    expect(stale.forecasts.map((f) => f.quantity)).toEqual(new Array(7).fill(100));
    expect(recent.warnings).toEqual([]);
    expect(stale.warnings).toEqual([
      expect.objectContaining({ code: 'STALE_SALES_DATA', message: expect.stringContaining('Thu 3 Dec, 4 days before Mon 7 Dec') }),
    ]);
    // The threshold is the bakery's: 4 days allowed → no warning.
    expect(forecast([bread], history(new Array(56).fill(100)).map((r) => ({ ...r, date: addDays(r.date, -3) })), PLAN_DATE, 7, { staleSalesAfterDays: 4 }).warnings).toEqual([]);
  });

  it('forecasts 0 on closed days and leaves them out of the history', () => {
    // Open Mon–Sat at 60/day, closed on Sundays and on one holiday (a Wednesday, 9 days ago) where nothing was sold.
    const closed = { closedWeekdays: ['SUN' as const], closedDates: [day(-12)] };
    const sales: SalesRecord[] = [];
    for (let k = -56; k < 0; k++) {
      const date = day(k);
      if (weekdayOf(date) === 'SUN' || date === day(-12)) sales.push({ productId: 'other', date, quantity: 1 }); // stray records on closed days
      else sales.push({ productId: 'bread', date, quantity: 60 });
    }
    const { forecasts } = forecast([bread], sales, PLAN_DATE, 7, closed);
    // D is a Monday: days 0–5 open, day 6 a Sunday.
    expect(forecasts.map((f) => f.quantity)).toEqual([60, 60, 60, 60, 60, 60, 0]);
    expect(forecasts[6]).toMatchObject({ lower: 0, upper: 0, sigma: 0 });
    expect(forecasts[0]).toMatchObject({ error: 0, sigma: 0 });
  });

  it('ignores sales on or after the plan date', () => {
    const sales = [...history([10, 10, 10]), { productId: 'bread', date: day(0), quantity: 500 }, { productId: 'bread', date: day(3), quantity: 500 }];
    expect(forecast([bread], sales, PLAN_DATE, 1).forecasts[0].quantity).toBe(10);
  });

  it('forecasts 0 with NO_SALES_HISTORY for a product that never sold', () => {
    const { forecasts, warnings } = forecast([bread, { id: 'croissant', name: 'Croissant' }], history([3, 3, 3]), PLAN_DATE, 2);
    expect(forecasts.filter((f) => f.productId === 'croissant')).toEqual([
      { productId: 'croissant', date: day(0), quantity: 0, lower: 0, upper: 0, sigma: 0, method: 'MOVING_AVERAGE', error: null },
      { productId: 'croissant', date: day(1), quantity: 0, lower: 0, upper: 0, sigma: 0, method: 'MOVING_AVERAGE', error: null },
    ]);
    expect(warnings).toEqual([
      { code: 'NO_SALES_HISTORY', message: `Croissant has no sales before ${PLAN_DATE}; its forecast is 0 until sales are recorded`, productId: 'croissant' },
    ]);
  });

  it('rejects a horizon under one day and a malformed plan date', () => {
    expect(() => forecast([bread], [], PLAN_DATE, 0)).toThrow('horizonDays must be a whole number of days ≥ 1, got 0');
    expect(() => forecast([bread], [], '07/12/2026', 7)).toThrow('expected a calendar date as YYYY-MM-DD, got "07/12/2026"');
  });
});

describe('forecast methods', () => {
  const monday = toEpochDay(PLAN_DATE) - 14;
  /** A series of consecutive days from `firstDay`, as observations. */
  const observed = (series: number[], firstDay: number) => series.map((value, k) => ({ day: firstDay + k, value }));
  /** The `steps` days after a series of `length` days from `firstDay`. */
  const after = (firstDay: number, length: number, steps: number) => Array.from({ length: steps }, (_, k) => firstDay + length + k);

  it('SEASONAL_NAIVE repeats last week', () => {
    expect(predict('SEASONAL_NAIVE', observed([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], monday), after(monday, 14, 9))).toEqual([8, 9, 10, 11, 12, 13, 14, 8, 9]);
  });

  it('SEASONAL_ES smooths the deseasonalised level with alpha 0.3', () => {
    // Week 1 all 10, week 2 all 20 → every weekday index is 1 (weekday mean 15 / overall 15); the level starts at 10 and
    // moves 30 % of the way to 20 seven times: 20 − 10 × 0.7⁷ = 19.176457.
    const series = [...new Array(7).fill(10), ...new Array(7).fill(20)];
    expect(SEASONAL_ES_ALPHA).toBe(0.3);
    expect(predict('SEASONAL_ES', observed(series, monday), after(monday, 14, 1))[0]).toBeCloseTo(20 - 10 * 0.7 ** 7, 9);
  });

  it('picks SEASONAL_ES for a noisy weekly pattern', () => {
    // ±14 % noise on a 13-day cycle (so it never lines up with the week): SEASONAL_NAIVE copies last week's noise,
    // a 7-day mean ignores the pattern, smoothing the level averages the noise out.
    const pattern = [0.6, 0.8, 1, 1, 1.2, 1.6, 0.8];
    const noise = [0.1, -0.12, 0.05, 0.14, -0.08, -0.03, 0.11, -0.14, 0.02, 0.07, -0.1, 0.13, -0.05];
    const series = Array.from({ length: 56 }, (_, t) => 100 * pattern[t % 7] * (1 + noise[t % 13]));
    const fit = fitProduct(observed(series, monday - 42), after(monday - 42, 56, 7));
    expect(fit.method).toBe('SEASONAL_ES');
    expect(fit.error).toBeLessThan(0.1);
  });
});

describe('sold-out days', () => {
  it('counts a sold-out day as at least what that weekday usually sells, so the forecast does not spiral down', () => {
    // 8 weeks of 50 a day; the last week sold out every day at 40 (only 40 baked). Read as demand, the last 7 days
    // say 40; as a lower bound, each counts as its weekday's usual 50 from the weeks before.
    const values = [...new Array(49).fill(50), ...new Array(7).fill(40)];
    const sales = history(values).map((record, k) => ({ ...record, soldOut: k >= 49 }));
    expect(forecast([bread], sales, PLAN_DATE, 1).forecasts[0].quantity).toBe(50);
    expect(forecast([bread], history(values), PLAN_DATE, 1).forecasts[0].quantity).toBe(40);
    // A sold-out day that sold more than usual keeps its own figure.
    const busy = history([...new Array(49).fill(50), ...new Array(7).fill(60)]).map((record, k) => ({ ...record, soldOut: k >= 49 }));
    expect(forecast([bread], busy, PLAN_DATE, 1).forecasts[0].quantity).toBe(60);
  });
});

describe('Holt-Winters and Croston', () => {
  const monday = toEpochDay(PLAN_DATE) - 56;
  const observed = (series: number[]) => series.map((value, k) => ({ day: monday + k, value }));
  const next = (steps: number) => Array.from({ length: steps }, (_, k) => monday + 56 + k);

  it('Holt-Winters follows a weekly pattern on a rising trend that the seasonal methods without trend lag behind', () => {
    // 8 weeks: weekday pattern ±20 on a level rising 1 a day. The next Monday should be about 100 + 56 + pattern.
    const pattern = [-20, -10, 0, 0, 10, 20, 0];
    const series = Array.from({ length: 56 }, (_, t) => 100 + t + pattern[t % 7]);
    const [hw] = predict('HOLT_WINTERS', observed(series), next(1));
    const [es] = predict('SEASONAL_ES', observed(series), next(1));
    const actual = 100 + 56 + pattern[0];
    expect(Math.abs(hw - actual)).toBeLessThan(Math.abs(es - actual));
    expect(Math.abs(hw - actual)).toBeLessThan(4);
    expect(fitProduct(observed(series), next(7)).method).toBe('HOLT_WINTERS');
  });

  it('Croston forecasts an intermittent product at its rate, and is only a candidate for intermittent products', () => {
    // Sells 6 every third day: size 6, interval 3 → 2 a day (a moving average of the last 7 says 12/7 or 18/7).
    const series = Array.from({ length: 56 }, (_, t) => (t % 3 === 2 ? 6 : 0));
    expect(predict('CROSTON', observed(series), next(2))).toEqual([2, 2]);
    expect(candidateMethods(observed(series))).toContain('CROSTON');
    expect(candidateMethods(observed(new Array(56).fill(5)))).not.toContain('CROSTON');
  });
});
