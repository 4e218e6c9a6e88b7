import { describe, expect, it } from 'vitest';
import { projectDays, projectInventory } from './projection.ts';
import { PLAN_DATE, day, ingredient, lot } from './test-fixtures.ts';

describe('FEFO projection', () => {
  it('writes a lot off on its expiresOn, before that day\'s demand', () => {
    // Lot A 10 kg expires D+2, lot B 30 kg never; 4 kg/day. FEFO takes A first:
    // day 0: A 6 → closing 36; day 1: A 2 → 32; day 2: A's 2 kg expire at the start of the day, demand comes
    // from B → 32 − 4 − 2 = 26; then 22, 18, 14, 10.
    const cheese = ingredient({ id: 'cheese', perishable: true, shelfLifeDays: 10, lots: [lot('B', 30), lot('A', 10, day(2))] });
    const days = projectInventory(cheese, PLAN_DATE, [4, 4, 4, 4, 4, 4, 4]);
    expect(days.map((d) => d.closing)).toEqual([36, 32, 26, 22, 18, 14, 10]);
    expect(days.map((d) => d.expired)).toEqual([0, 0, 2, 0, 0, 0, 0]);
    expect(days[2]).toEqual({ date: day(2), opening: 32, receipts: 0, demand: 4, expired: 2, shortfall: 0, closing: 26, blockedProduction: [] });
  });

  it('writes off lots already past their date on the plan date', () => {
    const milk = ingredient({ id: 'milk', unit: 'L', perishable: true, shelfLifeDays: 5, lots: [lot('old', 3, day(-1)), lot('today', 2, day(0)), lot('ok', 10, day(9))] });
    const days = projectInventory(milk, PLAN_DATE, [1, 1, 1]);
    expect(days[0]).toEqual({ date: day(0), opening: 15, receipts: 0, demand: 1, expired: 5, shortfall: 0, closing: 9, blockedProduction: [] });
    expect(days.map((d) => d.closing)).toEqual([9, 8, 7]);
  });

  it('gives a received perishable lot exactly shelfLifeDays usable days', () => {
    // Shelf life 2: 10 l received day 1 is usable days 1 and 2 and expires on day 3 with 10 − 3 − 3 = 4 left;
    // day 3's 3 l cannot be served.
    const cream = ingredient({ id: 'cream', unit: 'L', perishable: true, shelfLifeDays: 2 });
    const days = projectInventory(cream, PLAN_DATE, [0, 3, 3, 3], [{ date: day(1), quantity: 10 }]);
    expect(days.map((d) => [d.receipts, d.expired, d.shortfall, d.closing])).toEqual([
      [0, 0, 0, 0],
      [10, 0, 0, 7],
      [0, 0, 0, 4],
      [0, 4, 3, 0],
    ]);
  });

  it('never expires receipts of a non-perishable ingredient', () => {
    const flour = ingredient({ id: 'flour', shelfLifeDays: 2 });
    const days = projectInventory(flour, PLAN_DATE, [1, 1, 1, 1, 1], [{ date: day(0), quantity: 5 }]);
    expect(days.map((d) => d.closing)).toEqual([4, 3, 2, 1, 0]);
    expect(days.every((d) => d.expired === 0)).toBe(true);
  });

  it('loses demand it cannot serve instead of carrying it: a later receipt does not repay it', () => {
    // Issue 11 case 1. 5 on hand, 4/day: closing 1; day 1 serves 1 and loses 3; day 2 loses 4; 10 arrive on day 3
    // → 10 − 4 = 6; then 2. (Until issue 11 this read 1, −3, −7, −1, −5: day 3's delivery "repaid" days 1–2.)
    const days = projectInventory(ingredient({ id: 'salt', lots: [lot('s', 5)] }), PLAN_DATE, [4, 4, 4, 4, 4], [{ date: day(3), quantity: 10 }]);
    expect(days.map((d) => d.closing)).toEqual([1, 0, 0, 6, 2]);
    expect(days.map((d) => d.shortfall)).toEqual([0, 3, 4, 0, 0]);
    expect(days.map((d) => d.opening)).toEqual([5, 1, 0, 0, 6]);
    for (const d of days) expect(d.closing).toBeCloseTo(d.opening + d.receipts - d.demand - d.expired + d.shortfall, 9);
  });

  it('carries unmet demand as a backlog from backlogFromDay on (how orders are sized)', () => {
    // Same stock, backlog from day 3: days 1–2 still lose 3 and 4; from day 3 the 10 received serve 4, and day 4's
    // −2 is a backlog the next receipt would have to cover: 1, 0, 0, 6, 2 with no shortfall → the same here, so
    // take a bigger demand: 8 on days 3–4 → 10 − 8 = 2, then 2 − 8 = −6.
    const stock = [{ id: 's', quantity: 5, receivedDay: -7, expiresDay: null }];
    const receipt = [{ id: 'r', quantity: 10, receivedDay: 3, expiresDay: null }];
    const projection = projectDays(stock, receipt, [4, 4, 4, 8, 8], 3);
    expect(projection.closing).toEqual([1, 0, 0, 2, -6]);
    expect(projectDays(stock, receipt, [4, 4, 4, 8, 8]).closing).toEqual([1, 0, 0, 2, 0]);
  });

  it('uses the earliest-expiring lot first, whatever order lots come in', () => {
    // Lots expiring day 3 (5) and day 1 (5); demand 4 on day 0 comes from the day-1 lot, whose last 1 expires on day 1.
    const lots = [
      { id: 'late', quantity: 5, receivedDay: -2, expiresDay: 3 },
      { id: 'soon', quantity: 5, receivedDay: -1, expiresDay: 1 },
    ];
    const forward = projectDays(lots, [], [4, 0, 0]);
    const backward = projectDays([...lots].reverse(), [], [4, 0, 0]);
    expect(forward.expired).toEqual([0, 1, 0]);
    expect(forward.expiredByLot).toEqual(new Map([['soon', 1]]));
    expect(backward).toEqual(forward);
  });

  it('does not let float noise leave dust or negative zeros', () => {
    const days = projectInventory(ingredient({ id: 'yeast', lots: [lot('y', 0.3)] }), PLAN_DATE, [0.1, 0.1, 0.1]);
    expect(days.map((d) => d.closing)).toEqual([0.2, 0.1, 0]);
    expect(Object.is(days[2].closing, -0)).toBe(false);
  });
});
