import { describe, expect, it } from 'vitest';
import { runPlanning } from './planning.ts';
import { PLAN_DATE, day, ingredient, lot, offer, settings, supplier } from './test-fixtures.ts';
import type { PlanningInput } from './types.ts';

describe('runPlanning', () => {
  // Country loaf sells 20 a day for 8 weeks → forecast 20, sigma 0 → 2 batches of 10 a day, each 2000 g of flour
  // → 4 kg of flour a day. STATISTICAL with sigma 0 → SS 0. 10 kg on hand → closings 6, 2, −2 → t* = day 2;
  // lead 1, every day → deliver day 2, order day 1. Needed over 2..6 = 18 → MOQ 25, packs of 25 → 25 kg.
  const input: PlanningInput = {
    planDate: PLAN_DATE,
    horizonDays: 7,
    settings: settings({ safetyStockMethod: 'STATISTICAL' }),
    ingredients: [ingredient({ id: 'flour', name: 'Flour', lots: [lot('f', 10)] })],
    suppliers: [supplier({ id: 'mill', name: 'Mill', leadTimeDays: 1 })],
    offers: [offer({ id: 'mill-flour', supplierId: 'mill', ingredientId: 'flour', unitPrice: 0.9, minimumOrderQuantity: 25, packSize: 25 })],
    products: [
      { id: 'loaf', name: 'Country loaf' },
      { id: 'croissant', name: 'Croissant' },
    ],
    recipes: [
      { id: 'loaf-recipe', productId: 'loaf', yieldQuantity: 10, ingredients: [{ ingredientId: 'flour', quantity: 2000, unit: 'G' }] },
      { id: 'croissant-recipe', productId: 'croissant', yieldQuantity: 12, ingredients: [{ ingredientId: 'flour', quantity: 1, unit: 'KG' }] },
    ],
    sales: Array.from({ length: 56 }, (_, k) => ({ productId: 'loaf', date: day(k - 56), quantity: 20 })),
    scheduledReceipts: [],
  };
  const result = runPlanning(input);

  it('chains forecast, production and procurement', () => {
    expect(result.forecast.forecasts.filter((f) => f.productId === 'loaf').map((f) => f.quantity)).toEqual([20, 20, 20, 20, 20, 20, 20]);
    expect(result.production.batches.map((b) => [b.date, b.productId, b.batches, b.quantity])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((k) => [day(k), 'loaf', 2, 20]),
    );
    expect(result.production.requirements).toEqual([
      { ingredientId: 'flour', unit: 'KG', demandSigma: 0, days: [0, 1, 2, 3, 4, 5, 6].map((k) => ({ date: day(k), quantity: 4 })) },
    ]);
    expect(result.procurement.lines.map((l) => [l.quantity, l.orderDate, l.deliveryDate, l.cost])).toEqual([[25, day(1), day(2), 22.5]]);
    expect(result.procurement.projections[0].days.map((d) => d.closing)).toEqual([6, 2, 23, 19, 15, 11, 7]);
  });

  it('gathers every stage\'s warnings', () => {
    expect(result.warnings.map((w) => [w.code, w.productId ?? w.ingredientId])).toEqual([['NO_SALES_HISTORY', 'croissant']]);
  });
});
