import { expect, test } from 'vitest';
import { parseInput } from '../../platform/validation.ts';
import { CreateSupplierInput, UpdateSupplierInput, UpsertSupplierOfferInput } from './validation.ts';

const offer = { supplierId: '6f1c1f0e-2b1a-4c55-9d1e-0a7b7c1d2e3f', ingredientId: 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D', unitPrice: 1 };

test('delivery days come back Monday first; defaults fill what is omitted', () => {
  expect(parseInput(CreateSupplierInput, { name: ' Mill ', leadTimeDays: 0, reliability: 1, deliveryDays: ['SUN', 'MON', 'WED'] })).toEqual({
    name: 'Mill',
    leadTimeDays: 0,
    reliability: 1,
    minimumOrderValue: 0,
    currency: 'EUR',
    deliveryDays: ['MON', 'WED', 'SUN'],
  });
});

test('an update keeps omitted fields omitted, so they are not overwritten', () => {
  expect(parseInput(UpdateSupplierInput, { reliability: 0.5 })).toEqual({ reliability: 0.5 });
});

test('offer ids are lower-cased and the optional terms take their defaults', () => {
  expect(parseInput(UpsertSupplierOfferInput, offer)).toEqual({
    ...offer,
    ingredientId: offer.ingredientId.toLowerCase(),
    minimumOrderQuantity: 0,
    packSize: 1,
    leadTimeDays: null,
  });
});

test('a price is checked against its NUMERIC(18,6) column: not 0 once rounded, not past 10^12', () => {
  expect(parseInput(UpsertSupplierOfferInput, { ...offer, unitPrice: 0.000001 }).unitPrice).toBe(0.000001);
  expect(parseInput(UpsertSupplierOfferInput, { ...offer, unitPrice: 0.00085 }).unitPrice).toBe(0.00085);
  expect(() => parseInput(UpsertSupplierOfferInput, { ...offer, unitPrice: 0.0000004 })).toThrow(/input.unitPrice: must be greater than 0/);
  expect(() => parseInput(UpsertSupplierOfferInput, { ...offer, unitPrice: 1e12 })).toThrow(/input.unitPrice: must be less than 1000000000000/);
  expect(() => parseInput(UpsertSupplierOfferInput, { ...offer, unitPrice: Number.POSITIVE_INFINITY })).toThrow(/input.unitPrice/);
});

test('every problem is named in one BAD_USER_INPUT error', () => {
  try {
    parseInput(CreateSupplierInput, { name: '', leadTimeDays: 2.5, reliability: 2, currency: 'euro' });
    expect.unreachable();
  } catch (error) {
    const { message, extensions } = error as { message: string; extensions: { code: string; problems: { path: string }[] } };
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.problems.map((problem) => problem.path)).toEqual(['input.name', 'input.leadTimeDays', 'input.reliability', 'input.currency']);
    expect(message).toContain('input.leadTimeDays: must be whole days');
  }
});
