import { describe, expect, it } from 'vitest';
import { forecastAccuracy } from './accuracy.ts';
import { PLAN_DATE, day } from './test-fixtures.ts';

describe('forecastAccuracy', () => {
  it('computes WAPE and bias per product and for the bakery over the recorded days of each window', () => {
    // Bread: forecast 100 a day for 28 days, sold 90, 110, 100, 100, 80, 100, 120 on days −7 … −1, but day −3 has
    // no sales recorded at all (nothing of anything) and is left out. Rolls: forecast 20 on days −2 and −1, sold 10
    // on day −2 and nothing on day −1, a recorded day (actual 0).
    const breadSales = [90, 110, 100, 100, 80, 100, 120];
    const sales = breadSales.map((quantity, k) => ({ productId: 'bread', date: day(k - 7), quantity })).filter((record) => record.date !== day(-3));
    sales.push({ productId: 'rolls', date: day(-2), quantity: 10 });
    sales.push({ productId: 'bread', date: day(-20), quantity: 50 }); // a day with a forecast of 100 in the 28-day window only
    const forecasts = [
      ...Array.from({ length: 28 }, (_, k) => ({ productId: 'bread', date: day(k - 28), quantity: 100 })),
      { productId: 'rolls', date: day(-2), quantity: 20 },
      { productId: 'rolls', date: day(-1), quantity: 20 }, // rolls sold nothing on a recorded day: actual 0
      { productId: 'bread', date: day(0), quantity: 100 }, // today: no sales yet, not counted
    ];
    const result = forecastAccuracy(forecasts, sales, PLAN_DATE);
    const bread = result.products.find((product) => product.productId === 'bread')!;
    // 7 days, day −3 left out: forecasts 600; sales 90 + 110 + 100 + 100 + 100 + 120 = 620; Σ|e| = 10 + 10 + 20 = 40
    // → WAPE 40 / 620 = 0.064516, bias −20 / 620 = −0.032258 (too little).
    expect(bread.last7).toEqual({ days: 7, observedDays: 6, forecast: 600, actual: 620, wape: 0.064516, bias: -0.032258 });
    // 28 days adds day −20 (forecast 100, sold 50): 700 vs 670, Σ|e| = 90 → WAPE 0.134328, bias 30 / 670 = 0.044776.
    expect(bread.last28).toEqual({ days: 28, observedDays: 7, forecast: 700, actual: 670, wape: 0.134328, bias: 0.044776 });
    const rolls = result.products.find((product) => product.productId === 'rolls')!;
    expect(rolls.last7).toEqual({ days: 7, observedDays: 2, forecast: 40, actual: 10, wape: 3, bias: 3 });
    // The bakery over the 7 days: forecasts 600 + 40, sales 620 + 10, Σ|e| = 40 + 10 + 20 = 70 → 0.111111; bias 10 / 630.
    expect(result.bakery.last7).toEqual({ days: 7, observedDays: 6, forecast: 640, actual: 630, wape: 0.111111, bias: 0.015873 });
  });

  it('reports no WAPE or bias when nothing sold', () => {
    const result = forecastAccuracy([{ productId: 'bread', date: day(-1), quantity: 5 }], [{ productId: 'other', date: day(-1), quantity: 0 }], PLAN_DATE);
    expect(result.products[0].last7).toEqual({ days: 7, observedDays: 1, forecast: 5, actual: 0, wape: null, bias: null });
  });

  it("gives each product its candidates' accumulated errors, best first, to six decimals", () => {
    // Three scored days selling 10, 10, 10: seasonal naive said 10, 10, 11 (Σ|e| 1, WAPE 1/30); moving average
    // 12 each day (6, 20 %). Rolls has a kept forecast but no candidate scored: null.
    const scored = [
      ...[10, 10, 11].map((forecast, k) => ({ productId: 'bread', date: day(k - 3), method: 'SEASONAL_NAIVE' as const, forecast, actual: 10 })),
      ...[12, 12, 12].map((forecast, k) => ({ productId: 'bread', date: day(k - 3), method: 'MOVING_AVERAGE' as const, forecast, actual: 10 })),
    ];
    const sales = [{ productId: 'bread', date: day(-1), quantity: 10 }];
    const forecasts = [
      { productId: 'bread', date: day(-1), quantity: 12 },
      { productId: 'rolls', date: day(-1), quantity: 3 },
    ];
    const result = forecastAccuracy(forecasts, sales, PLAN_DATE, scored);
    expect(result.products.map((product) => product.candidates)).toEqual([
      {
        scoredDays: 3,
        methods: [
          { method: 'SEASONAL_NAIVE', absoluteError: 1, wape: 0.033333 },
          { method: 'MOVING_AVERAGE', absoluteError: 6, wape: 0.2 },
        ],
      },
      null,
    ]);
  });
});
