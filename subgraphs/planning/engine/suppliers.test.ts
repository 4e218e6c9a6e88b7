import { describe, expect, it } from 'vitest';
import { toEpochDay } from './dates.ts';
import { chooseOffer, deliveryCalendar, rankOffers } from './suppliers.ts';
import { PLAN_DATE, offer, supplier } from './test-fixtures.ts';
import type { OfferInput, SupplierInput } from './types.ts';

const weights = { price: 0.5, leadTime: 0.2, reliability: 0.3 };

function rank(offers: OfferInput[], suppliers: SupplierInput[]) {
  return rankOffers(
    offers,
    new Map(suppliers.map((s) => [s.id, s])),
    new Map(suppliers.map((s) => [s.id, deliveryCalendar(s)])),
    weights,
    toEpochDay(PLAN_DATE),
  );
}

describe('rankOffers', () => {
  it('scores price, lead time and reliability against the best of the ingredient\'s offers', () => {
    // A: 2.00, lead 1, rel 0.8 → 0.5·(1.6/2) + 0.2·(1/1) + 0.3·0.8 = 0.4 + 0.2 + 0.24 = 0.84
    // B: 1.60, lead 3 (offer overrides the supplier's 1), rel 0.95 → 0.5 + 0.2/3 + 0.285 = 0.851667
    const suppliers = [supplier({ id: 'a', leadTimeDays: 1, reliability: 0.8 }), supplier({ id: 'b', leadTimeDays: 1, reliability: 0.95 })];
    const options = rank(
      [
        offer({ id: 'oa', supplierId: 'a', ingredientId: 'x', unitPrice: 2 }),
        offer({ id: 'ob', supplierId: 'b', ingredientId: 'x', unitPrice: 1.6, leadTimeDays: 3 }),
      ],
      suppliers,
    );
    expect(options.map((o) => o.offer.id)).toEqual(['ob', 'oa']);
    expect(options[0].score).toBeCloseTo(0.851667, 6);
    expect(options[1].score).toBeCloseTo(0.84, 9);
    expect(options.map((o) => [o.leadTimeDays, o.earliestDay])).toEqual([[3, 3], [1, 1]]);
  });

  it('scores a zero lead time as 1 on the lead-time term', () => {
    const options = rank([offer({ id: 'o', supplierId: 's', ingredientId: 'x', unitPrice: 3 })], [supplier({ id: 's', leadTimeDays: 0, reliability: 0.5 })]);
    expect(options[0].score).toBeCloseTo(0.5 + 0.2 + 0.15, 9);
    expect(options[0].earliestDay).toBe(0);
  });

  it('finds the earliest delivery as the first delivery weekday on or after D + L', () => {
    // D is Monday. Lead 2 → Wednesday at the earliest; a Tue/Fri supplier → Friday (day 4).
    const options = rank([offer({ id: 'o', supplierId: 's', ingredientId: 'x' })], [supplier({ id: 's', leadTimeDays: 2, deliveryDays: ['TUE', 'FRI'] })]);
    expect(options[0].earliestDay).toBe(4);
  });
});

describe('chooseOffer', () => {
  const suppliers = [
    supplier({ id: 'good', leadTimeDays: 3, reliability: 1, deliveryDays: ['MON', 'THU'] }),
    supplier({ id: 'fast', leadTimeDays: 1, reliability: 0.5 }),
  ];
  const options = rank(
    [offer({ id: 'good-x', supplierId: 'good', ingredientId: 'x' }), offer({ id: 'fast-x', supplierId: 'fast', ingredientId: 'x' })],
    suppliers,
  );

  it('prefers the best-scoring offer that can deliver by the need day, at its latest delivery day', () => {
    expect(options[0].offer.id).toBe('good-x'); // earliest: first Mon/Thu ≥ day 3 = Thu (day 3)
    // Need on day 9 (Wed next week): good delivers Mon (day 7), the latest Mon/Thu ≤ 9.
    expect(chooseOffer(options, 9, null)).toMatchObject({ option: { offer: { id: 'good-x' } }, deliveryDay: 7, urgent: false });
  });

  it('falls back to a lower score that is on time', () => {
    expect(chooseOffer(options, 2, null)).toMatchObject({ option: { offer: { id: 'fast-x' } }, deliveryDay: 2, urgent: false });
  });

  it('skips a delivery whose perishable lot would expire before the need day', () => {
    // Shelf life 2, need day 9: good's Monday lot (day 7) is usable days 7–8 only, so fast delivers day 9.
    expect(chooseOffer(options, 9, 2)).toMatchObject({ option: { offer: { id: 'fast-x' } }, deliveryDay: 9, urgent: false });
  });

  it('takes the earliest-delivering offer and marks it urgent when nobody is on time', () => {
    expect(chooseOffer(options, 0, null)).toMatchObject({ option: { offer: { id: 'fast-x' } }, deliveryDay: 1, urgent: true });
  });

  it('returns null without offers', () => {
    expect(chooseOffer([], 3, null)).toBeNull();
  });
});
