import { describe, expect, test } from 'vitest';
import { offers, recipe } from './catalogue.ts';

describe('seed catalogue text', () => {
  test('a recipe lists its lines in order, quantities as written', () => {
    expect(recipe('Pain de seigle', 16)`4 KG FLR-RYE, 0.11 KG SLT-FINE`).toEqual({
      name: 'Pain de seigle',
      yieldQuantity: 16,
      lines: [
        { ingredientSku: 'FLR-RYE', quantity: 4, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 0.11, unit: 'KG' },
      ],
    });
  });

  test('an offers table reads its columns by the header, - as the supplier lead time', () => {
    expect(offers`
      ingredientSku  unitPrice  minimumOrderQuantity  packSize  leadTimeDays
      FLR-T55        0.89       0                     5         -
      YST-FRESH      3.6        2                     1         1
    `).toEqual([
      { ingredientSku: 'FLR-T55', unitPrice: 0.89, minimumOrderQuantity: 0, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'YST-FRESH', unitPrice: 3.6, minimumOrderQuantity: 2, packSize: 1, leadTimeDays: 1 },
    ]);
  });

  test('a malformed line fails naming it', () => {
    expect(() => recipe('Rye', 1)`4 KILO FLR-RYE`).toThrow('recipe Rye: "4 KILO FLR-RYE" has unit "KILO"');
    expect(() => recipe('Rye', 1)`4 KG`).toThrow('recipe Rye: "4 KG" has 2 cells, not 3');
    expect(() => offers`FLR-T55 0.89 0 5 -`).toThrow('offers: the first row must be the header');
    expect(() => offers`
      ingredientSku  unitPrice  minimumOrderQuantity  packSize  leadTimeDays
      FLR-T55        cheap      0                     5         -
    `).toThrow('offers: "FLR-T55 cheap 0 5 -" has "cheap" where a number goes');
  });
});
