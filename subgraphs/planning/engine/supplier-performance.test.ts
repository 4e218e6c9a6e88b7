import { describe, expect, test } from 'vitest';
import { deliveriesOf, describeSupplierFigures, measureSupplierPerformance, supplierAsMeasured, type OrderHistory } from './supplier-performance.ts';
import { leadTimeOf } from './suppliers.ts';
import type { SupplierInput } from './types.ts';

/** An order of 10 kg of flour due on `dueOn`, and what arrived of it: [day, kg]. */
const order = (supplierId: string, sentOn: string, dueOn: string, arrivals: [string, number][] = []): OrderHistory => ({
  supplierId,
  sentOn,
  cancelled: false,
  lines: [{ ingredientId: 'flour', quantity: 10, dueOn }],
  receipts: arrivals.map(([receivedOn, quantity]) => ({ ingredientId: 'flour', quantity, receivedOn })),
});

// A hand-computed history, as of 2026-03-20 (typed: reliability 0.95, lead time 2 days).
const HISTORY = [
  order('S', '2026-03-01', '2026-03-03', [['2026-03-03', 10]]), //  on time, in full, 2 days
  order('S', '2026-03-02', '2026-03-04', [['2026-03-05', 10]]), //  late,    in full, 3 days
  order('S', '2026-03-04', '2026-03-06', [['2026-03-06', 6], ['2026-03-08', 4]]), // on time, short, 2 days
  order('S', '2026-03-07', '2026-03-09', [['2026-03-09', 10]]), //  on time, in full, 2 days
  order('S', '2026-03-09', '2026-03-11', [['2026-03-12', 5]]), //   late,    short,   3 days
  order('S', '2026-03-16', '2026-03-18'), //                         past due, nothing yet: late, short
  order('S', '2026-03-19', '2026-03-21'), //                         not due yet: not counted
  order('T', '2026-03-10', '2026-03-12', [['2026-03-12', 10]]),
];
const SUPPLIER: SupplierInput = { id: 'S', name: 'Mill', leadTimeDays: 2, reliability: 0.95, minimumOrderValue: 0, deliveryDays: [] };

describe('measureSupplierPerformance', () => {
  test('on-time, in-full and on-time-in-full shares, lead time mean and p90, with the deliveries behind them', () => {
    const [s, t] = measureSupplierPerformance(HISTORY, '2026-03-20');
    expect(s).toEqual({
      supplierId: 'S',
      deliveries: 6,
      onTimeRate: 3 / 6,
      inFullRate: 3 / 6,
      onTimeInFullRate: 2 / 6,
      receivedDeliveries: 5,
      leadTimeMeanDays: 12 / 5, // 2 + 3 + 2 + 2 + 3
      leadTimeP90Days: 3, // sorted 2 2 2 3 3, rank ⌈0.9 × 5⌉ = 5
      delayMeanDays: 2 / 5, // 0 + 1 + 0 + 0 + 1 days past the due date
    });
    expect(t).toMatchObject({ supplierId: 'T', deliveries: 1, onTimeInFullRate: 1, leadTimeMeanDays: 2, leadTimeP90Days: 2 });
  });

  test('an order not yet due with nothing received says nothing; one past due counts as late and short', () => {
    expect(measureSupplierPerformance([order('S', '2026-03-19', '2026-03-21')], '2026-03-21')).toEqual([]);
    const [late] = measureSupplierPerformance([order('S', '2026-03-19', '2026-03-21')], '2026-03-22');
    expect(late).toMatchObject({ deliveries: 1, onTimeRate: 0, inFullRate: 0, receivedDeliveries: 0, leadTimeMeanDays: null, leadTimeP90Days: null });
  });
});

describe('deliveriesOf', () => {
  // Flour 10 due on the 3rd and 5 more due on the 5th (a merged order), butter 2 due on the 5th.
  const split: OrderHistory = {
    supplierId: 'S',
    sentOn: '2026-03-01',
    cancelled: false,
    lines: [
      { ingredientId: 'flour', quantity: 5, dueOn: '2026-03-05' },
      { ingredientId: 'flour', quantity: 10, dueOn: '2026-03-03' },
      { ingredientId: 'butter', quantity: 2, dueOn: '2026-03-05' },
    ],
    receipts: [
      { ingredientId: 'flour', quantity: 10, receivedOn: '2026-03-03' },
      { ingredientId: 'flour', quantity: 5, receivedOn: '2026-03-05' },
      { ingredientId: 'butter', quantity: 2, receivedOn: '2026-03-05' },
    ],
  };

  test('an order due on two dates is two deliveries; what arrived fills the earliest-due line of its ingredient first', () => {
    expect(deliveriesOf(split, '2026-03-20')).toEqual([
      { supplierId: 'S', sentOn: '2026-03-01', dueOn: '2026-03-03', firstReceivedOn: '2026-03-03', completeAtFirstReceipt: true },
      { supplierId: 'S', sentOn: '2026-03-01', dueOn: '2026-03-05', firstReceivedOn: '2026-03-05', completeAtFirstReceipt: true },
    ]);
  });

  test('as of an earlier day, later receipts are not seen: the second delivery is not due yet, then late', () => {
    expect(deliveriesOf(split, '2026-03-04')).toHaveLength(1);
    const lateButter = { ...split, receipts: split.receipts.map((receipt) => (receipt.ingredientId === 'butter' ? { ...receipt, receivedOn: '2026-03-07' } : receipt)) };
    expect(deliveriesOf(lateButter, '2026-03-06')[1]).toMatchObject({ dueOn: '2026-03-05', firstReceivedOn: '2026-03-05', completeAtFirstReceipt: false });
    expect(deliveriesOf(lateButter, '2026-03-20')[1]).toMatchObject({ firstReceivedOn: '2026-03-05', completeAtFirstReceipt: false });
  });

  test('a cancelled order: its deliveries with nothing received are none; what arrived before still counts', () => {
    const cancelled = { ...split, cancelled: true, receipts: split.receipts.slice(0, 1) };
    expect(deliveriesOf(cancelled, '2026-03-20')).toEqual([expect.objectContaining({ dueOn: '2026-03-03', completeAtFirstReceipt: true })]);
  });
});

describe('supplierAsMeasured', () => {
  test('from 5 deliveries: reliability is the Beta posterior mean with the typed value as prior; lead times get the rounded mean delay', () => {
    const [s] = measureSupplierPerformance(HISTORY, '2026-03-20');
    const { supplier, figures } = supplierAsMeasured(SUPPLIER, s);
    expect(supplier.reliability).toBeCloseTo((5 * 0.95 + 2) / (5 + 6), 12); // 0.6136…
    expect(supplier).toMatchObject({ leadTimeDays: 2, delayDays: 0 }); // round(0.4)
    expect(figures.reliability).toMatchObject({ source: 'MEASURED', deliveries: 6, typed: 0.95 });
    expect(figures.delayDays).toMatchObject({ source: 'MEASURED', deliveries: 5, value: 0 });
    expect(describeSupplierFigures(figures)).toBe(
      'lead time as typed: on time on average over 5 receipts, reliability 0.61 measured over 6 deliveries (typed 0.95)',
    );
  });

  test('below 5 deliveries the typed figures stand, and the reason says so', () => {
    const [, t] = measureSupplierPerformance(HISTORY, '2026-03-20');
    const { supplier, figures } = supplierAsMeasured({ ...SUPPLIER, id: 'T' }, t);
    expect(supplier).toMatchObject({ reliability: 0.95, leadTimeDays: 2 });
    expect(describeSupplierFigures(figures)).toBe('lead time and reliability as typed (1 delivery measured so far)');
    expect(supplier.figuresSource).toBe(describeSupplierFigures(figures));
    expect(supplierAsMeasured(SUPPLIER, undefined).supplier).toMatchObject(SUPPLIER);
  });

  test('a slower supplier than typed: its mean delay is added to its lead times, and the reason says so', () => {
    const slow = Array.from({ length: 5 }, (_, index) => order('S', `2026-03-0${index + 1}`, `2026-03-0${index + 3}`, [[`2026-03-0${index + 5}`, 10]]));
    const [s] = measureSupplierPerformance(slow, '2026-03-20');
    expect(s).toMatchObject({ onTimeRate: 0, leadTimeMeanDays: 4, leadTimeP90Days: 4, delayMeanDays: 2 });
    const { supplier, figures } = supplierAsMeasured(SUPPLIER, s);
    expect(supplier).toMatchObject({ leadTimeDays: 2, delayDays: 2 });
    expect(describeSupplierFigures(figures)).toMatch(/^lead time as typed \+ 2 days measured delay over 5 receipts, /);
    const offer = { id: 'o', supplierId: 'S', ingredientId: 'flour', unitPrice: 1, minimumOrderQuantity: 0, packSize: 0, leadTimeDays: 3 };
    expect(leadTimeOf(offer, supplier)).toBe(5); // the offer's own 3 days + 2 days late
    expect(leadTimeOf({ ...offer, leadTimeDays: null }, supplier)).toBe(4);
    expect(supplier.reliability).toBeCloseTo((5 * 0.95) / 10, 12);
  });
});
