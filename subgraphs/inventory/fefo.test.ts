import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareFefo, takeFefo, totalQuantity, type FefoLot } from './fefo.ts';

const lot = (id: string, quantity: number, expiresOn: string | null, receivedOn = '2030-01-01'): FefoLot => ({
  id,
  quantity,
  receivedOn,
  expiresOn,
});

describe('takeFefo', () => {
  test('takes the earliest expiry first, then the oldest receipt, lots without expiry last', () => {
    const lots = [
      lot('a', 10, null, '2030-01-01'),
      lot('b', 4, '2030-01-09', '2030-01-02'),
      lot('c', 3, '2030-01-05', '2030-01-03'),
      lot('d', 2, '2030-01-09', '2030-01-01'),
    ];
    expect(takeFefo(lots, 8)).toEqual([
      { lotId: 'c', taken: 3, remaining: 0 },
      { lotId: 'd', taken: 2, remaining: 0 },
      { lotId: 'b', taken: 3, remaining: 1 },
    ]);
    expect(takeFefo(lots, 12).at(-1)).toEqual({ lotId: 'a', taken: 3, remaining: 7 });
  });

  test('skips empty lots and stays exact in thousandths', () => {
    expect(takeFefo([lot('a', 0, '2030-01-01'), lot('b', 0.3, '2030-01-02')], 0.1)).toEqual([
      { lotId: 'b', taken: 0.1, remaining: 0.2 },
    ]);
    expect(totalQuantity([lot('a', 0.1, null), lot('b', 0.2, null)])).toBe(0.3);
  });

  test('refuses to take more than the lots hold, or nothing', () => {
    expect(() => takeFefo([lot('a', 1, null)], 1.001)).toThrow(RangeError);
    expect(() => takeFefo([lot('a', 1, null)], 0)).toThrow(/quantity > 0/);
  });

  test('property: takes exactly what is asked, as a FEFO prefix, never below zero', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2030-02-${String(d).padStart(2, '0')}`);
    const lots = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        quantity: fc.integer({ min: 0, max: 100_000 }).map((thousandths) => thousandths / 1000),
        receivedOn: day,
        expiresOn: fc.option(day, { nil: null }),
      }),
      { selector: (generated) => generated.id, minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(lots, fc.double({ min: 0, max: 1, noNaN: true }), (generated, fraction) => {
        const available = totalQuantity(generated);
        const wanted = Math.round(available * fraction * 1000) / 1000;
        fc.pre(wanted > 0);
        const takes = takeFefo(generated, wanted);
        expect(totalQuantity(takes.map((take) => ({ quantity: take.taken })))).toBe(wanted);
        for (const take of takes) expect(take.remaining).toBeGreaterThanOrEqual(0);
        // Every lot before the last one touched is emptied; every untouched lot sorts after it.
        takes.slice(0, -1).forEach((take) => expect(take.remaining).toBe(0));
        const last = generated.find((candidate) => candidate.id === takes.at(-1)!.lotId)!;
        const touched = new Set(takes.map((take) => take.lotId));
        for (const untouched of generated.filter((candidate) => !touched.has(candidate.id) && candidate.quantity > 0)) {
          expect(compareFefo(last, untouched)).toBeLessThan(0);
        }
      }),
    );
  });
});
