import type { SimulatedBakery } from './bakery.ts';

/**
 * A one-product bakery for tests: rolls (yield 10 per batch) of 2 kg flour and 1 L milk
 * (shelf life 3 days), one supplier delivering every day after 1 day. Open every day but
 * Monday; `overrides` replaces any part.
 */
export function testBakery(overrides: Partial<SimulatedBakery> = {}): SimulatedBakery {
  return {
    seed: 1,
    size: 'S',
    name: 'Test bakery',
    startDate: '2026-03-03',
    closedWeekday: 'MON',
    holiday: { date: '2026-12-25', factor: 2 },
    ingredients: [
      { id: 'flour', name: 'Flour', unit: 'KG', perishable: false, shelfLifeDays: null, lots: [] },
      { id: 'milk', name: 'Milk', unit: 'L', perishable: true, shelfLifeDays: 3, lots: [] },
    ],
    suppliers: [
      { id: 'mill', name: 'Mill', leadTimeDays: 1, reliability: 1, minimumOrderValue: 0, deliveryDays: [], lateProbability: 0 },
    ],
    offers: [
      { id: 'mill/flour', supplierId: 'mill', ingredientId: 'flour', unitPrice: 1, minimumOrderQuantity: 0, packSize: 0, leadTimeDays: null },
      { id: 'mill/milk', supplierId: 'mill', ingredientId: 'milk', unitPrice: 2, minimumOrderQuantity: 0, packSize: 0, leadTimeDays: null },
    ],
    recipes: [
      {
        id: 'recipe:roll',
        productId: 'roll',
        yieldQuantity: 10,
        ingredients: [
          { ingredientId: 'flour', quantity: 2000, unit: 'G' },
          { ingredientId: 'milk', quantity: 1, unit: 'L' },
        ],
      },
    ],
    products: [{ id: 'roll', name: 'Roll' }],
    demand: new Map([['roll', { baseline: 30, weekdayFactors: { MON: 1, TUE: 1, WED: 1, THU: 1, FRI: 1, SAT: 1, SUN: 1 } }]]),
    openingLots: [],
    ...overrides,
  };
}
