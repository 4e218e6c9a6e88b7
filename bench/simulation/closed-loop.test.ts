import { describe, expect, it } from 'vitest';
import { parseSimulationOptions } from './options.ts';
import { simulate } from './closed-loop.ts';

const KEYS = ['fillRate', 'wasteRatio', 'averageInventoryValue', 'stockoutDays', 'blockedBatches', 'purchaseOrders'];

describe('closed-loop simulation', () => {
  const short = simulate({ seed: 3, days: 14, size: 'S' });

  it('reports every metric for both policies, the fill rate a share of the same demand', () => {
    const json = JSON.parse(JSON.stringify({ levain: short.levain, baseline: short.baseline })) as Record<string, Record<string, number>>;
    expect(Object.keys(json)).toEqual(['levain', 'baseline']);
    for (const policy of ['levain', 'baseline']) {
      for (const key of KEYS) expect(typeof json[policy][key], `${policy}.${key}`).toBe('number');
      expect(json[policy].fillRate).toBeGreaterThanOrEqual(0);
      expect(json[policy].fillRate).toBeLessThanOrEqual(1);
      expect(json[policy].fillRate).toBeCloseTo(json[policy].sold / json[policy].demand, 4);
      expect(json[policy].purchaseOrders).toBeGreaterThan(0);
    }
    expect(short.levain.demand).toBe(short.baseline.demand);
    expect(short.levain.demand).toBeGreaterThan(0);
    expect(short.trueDemandRecorded.levain.demand).toBe(short.levain.demand);
  });

  it('gives the same result for the same seed, and another for another seed', () => {
    expect(simulate({ seed: 3, days: 14, size: 'S' })).toEqual(short);
    expect(simulate({ seed: 4, days: 14, size: 'S' }).levain).not.toEqual(short.levain);
  });

  it('refuses a number of days or a seed it cannot simulate', () => {
    expect(() => simulate({ seed: 3, days: 0, size: 'S' })).toThrow(/--days must be a whole number ≥ 1, got 0/);
    expect(() => simulate({ seed: -1, days: 3, size: 'S' })).toThrow(/--seed/);
    expect(() => parseSimulationOptions(['--seed', 'x', '--days', '2.5', '--size', 'XL'])).toThrow(
      /--seed must be a whole number ≥ 0, got "x"\n--days must be a whole number from 1 to 366, got "2.5"\n--size must be one of S, M, L, got "XL"/,
    );
    expect(parseSimulationOptions(['--seed', '7', '--days', '28', '--size', 's'])).toEqual({ seed: 7, days: 28, size: 'S' });
    expect(parseSimulationOptions([])).toEqual({ seed: 11, days: 84, size: 'M' });
  });
});
