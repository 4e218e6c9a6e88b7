import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, safetyStock } from './safety-stock.ts';

describe('inverseNormalCdf', () => {
  it('matches the normal table', () => {
    expect(inverseNormalCdf(0.95)).toBeCloseTo(1.644854, 6);
    expect(inverseNormalCdf(0.99)).toBeCloseTo(2.326348, 6);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 6);
    expect(inverseNormalCdf(0.5)).toBe(0);
    expect(inverseNormalCdf(0.8)).toBeCloseTo(0.841621, 6);
  });

  it('holds in both tails', () => {
    expect(inverseNormalCdf(0.999)).toBeCloseTo(3.090232, 6);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232, 6);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.326348, 6);
    expect(inverseNormalCdf(1e-9)).toBeCloseTo(-5.997807, 5);
  });

  it('rejects service levels of 0, 1 and beyond', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => inverseNormalCdf(p)).toThrow(`a service level must be strictly between 0 and 1, got ${p}`);
    }
  });
});

describe('safetyStock', () => {
  const base = { serviceLevel: 0.95, safetyStockPercent: 0.5, demandSigma: 3, meanDailyDemand: 20, leadTimeDays: 4, reliability: 1 };

  it('STATISTICAL: Z × σ × √L', () => {
    // 1.644854 × 3 × √4 = 9.869122
    expect(safetyStock({ ...base, method: 'STATISTICAL' })).toBeCloseTo(9.869122, 6);
    // 0.99: 2.326348 × 3 × 2 = 13.958087
    expect(safetyStock({ ...base, method: 'STATISTICAL', serviceLevel: 0.99 })).toBeCloseTo(13.958087, 6);
    expect(safetyStock({ ...base, method: 'STATISTICAL', leadTimeDays: 0 })).toBe(0);
  });

  it('STATISTICAL with a supplier late one day in five: Z × √(L σ² + d̄² r(1 − r))', () => {
    // d̄ 8, σ 3, L 4, r 0.8: √(4 × 9 + 64 × 0.16) = √46.24 = 6.8 → 1.644854 × 6.8 = 11.185009. An always-late or
    // always-on-time supplier adds nothing (no uncertainty), a coin-flip one the most (r = 0.5).
    const late = { ...base, method: 'STATISTICAL' as const, meanDailyDemand: 8 };
    expect(safetyStock({ ...late, reliability: 0.8 })).toBeCloseTo(11.185009, 5);
    expect(safetyStock({ ...late, reliability: 1 })).toBeCloseTo(9.869122, 6);
    expect(safetyStock({ ...late, reliability: 0 })).toBeCloseTo(9.869122, 6);
    expect(safetyStock({ ...late, reliability: 0.5 })).toBeGreaterThan(safetyStock({ ...late, reliability: 0.8 }));
    // PERCENTAGE ignores reliability.
    expect(safetyStock({ ...late, method: 'PERCENTAGE', reliability: 0.5 })).toBe(16);
  });

  it('PERCENTAGE: mean daily demand × L × percent', () => {
    // 20 × 4 × 0.5 = 40; DESIGN's worked example: 20 × 2 × 0.5 = 20.
    expect(safetyStock({ ...base, method: 'PERCENTAGE' })).toBe(40);
    expect(safetyStock({ ...base, method: 'PERCENTAGE', leadTimeDays: 2 })).toBe(20);
  });

  it('never goes below zero for a service level under one half', () => {
    expect(safetyStock({ ...base, method: 'STATISTICAL', serviceLevel: 0.3 })).toBe(0);
  });
});
