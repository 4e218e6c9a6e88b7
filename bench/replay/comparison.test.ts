import { describe, expect, it } from 'vitest';
import { summarize, type DayOutcome } from '../simulation/metrics.ts';
import { reliabilityTable, replayRows, toleranceChecks } from './comparison.ts';

const day = (overrides: Partial<DayOutcome>): DayOutcome => ({
  date: '2026-03-03',
  demand: 100,
  sold: 100,
  scheduledBatches: 10,
  blockedBatches: 0,
  shortIngredients: 0,
  purchaseOrders: 1,
  orderedValue: 50,
  receivedValue: 100,
  lateLines: 0,
  expiredValue: 0,
  inventoryValue: 1000,
  ...overrides,
});

describe('the replay against the in-process run', () => {
  const inProcess = summarize(1000, [day({}), day({ sold: 98, expiredValue: 10 })]);

  it('holds when fill rate and waste are within a point and inventory within 5 %', () => {
    const close = summarize(1000, [day({}), day({ sold: 97, expiredValue: 20, inventoryValue: 1040 })]);
    expect(toleranceChecks(inProcess, close).map((check) => [check.metric, check.holds])).toEqual([
      ['fill rate', true],
      ['waste ratio', true],
      ['average inventory value', true],
    ]);
  });

  it('does not hold past the tolerance, and says by how much', () => {
    const far = summarize(1000, [day({ sold: 90 }), day({ sold: 90, expiredValue: 60, inventoryValue: 1200 })]);
    const [fill, waste, inventory] = toleranceChecks(inProcess, far);
    expect(fill).toMatchObject({ holds: false, inProcess: 0.99, throughApi: 0.9 });
    expect(fill.difference).toBeCloseTo(0.09, 10);
    expect(waste.holds).toBe(false);
    expect(inventory.holds).toBe(false);
    expect(inventory.difference).toBeCloseTo(0.1, 10);
  });

  it('prints each metric with both values and the difference', () => {
    const rows = replayRows(inProcess, summarize(1000, [day({}), day({})]));
    expect(rows[0]).toEqual(['fill rate (units sold ÷ demand)', '99.0 %', '100.0 %', '+1.0 pt']);
    expect(rows.every((row) => row.length === 4)).toBe(true);
  });

  it('tables the measured reliability per checkpoint beside the simulated one', () => {
    const table = reliabilityTable([
      { day: 7, date: '2026-03-09', suppliers: [{ supplier: 'Mill', simulated: 0.9, measured: 0.5, deliveries: 2 }], weightedAbsoluteError: 0.4 },
      { day: 14, date: '2026-03-16', suppliers: [{ supplier: 'Mill', simulated: 0.9, measured: 0.875, deliveries: 8 }], weightedAbsoluteError: 0.025 },
    ]);
    expect(table.rows).toEqual([
      ['Mill', '0.90', '0.50 (2)', '0.88 (8)'],
      ['weighted mean |measured − simulated|', '', '0.40', '0.03'],
    ]);
  });
});
