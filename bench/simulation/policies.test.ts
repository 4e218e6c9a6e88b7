import { describe, expect, it } from 'vitest';
import { addDays } from '../../subgraphs/planning/engine/dates.ts';
import { planProcurement, type IngredientDemand, type IngredientInput, type OfferInput, type SupplierInput } from '../../subgraphs/planning/engine/index.ts';
import { SIMULATION_SETTINGS } from './closed-loop.ts';
import { baselinePolicy, levainPolicy, orderpoint, type MorningContext } from './policies.ts';
import { testBakery } from './test-bakery.ts';

const TUESDAY = '2026-03-03';
const Z95 = 1.6448536;

const flour = (onHand: number): IngredientInput => ({
  id: 'flour',
  name: 'Flour',
  unit: 'KG',
  perishable: false,
  shelfLifeDays: null,
  lots: [{ id: 'lot-1', quantity: onHand, receivedOn: '2026-03-01', expiresOn: null }],
});
const tenADay: IngredientDemand = {
  ingredientId: 'flour',
  demandSigma: 2,
  days: Array.from({ length: 7 }, (_, k) => ({ date: addDays(TUESDAY, k), quantity: 10 })),
};
const suppliers = new Map<string, SupplierInput>([
  ['cheap', { id: 'cheap', name: 'Cheap', leadTimeDays: 2, reliability: 0.8, minimumOrderValue: 0, deliveryDays: [] }],
  ['fast', { id: 'fast', name: 'Fast', leadTimeDays: 0, reliability: 1, minimumOrderValue: 0, deliveryDays: [] }],
]);
const offers: OfferInput[] = [
  { id: 'fast/flour', supplierId: 'fast', ingredientId: 'flour', unitPrice: 2, minimumOrderQuantity: 0, packSize: 0, leadTimeDays: null },
  { id: 'cheap/flour', supplierId: 'cheap', ingredientId: 'flour', unitPrice: 1, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
];
const point = (ingredient: IngredientInput, onOrder = 0, supplierById = suppliers) =>
  orderpoint({ date: TUESDAY, horizonDays: 7, serviceLevel: 0.95, ingredient, requirement: tenADay, offers, supplierById, onOrder });

describe('baseline min/max orderpoint', () => {
  it('orders max − position from the cheapest offer, in whole packs, when the position is under min', () => {
    // lead 2 days, 10/day, σ 2: SS = 1.6449 × 2 × √2 = 4.652; min = 20 + 4.652; max = min + 7 × 10.
    // Position = 30 on hand − 10 needed today = 20 < 24.652 → 94.652 − 20 = 74.652 → 3 packs of 25.
    const result = point(flour(30))!;
    expect(result.offer.id).toBe('cheap/flour');
    expect(result.leadDays).toBe(2);
    expect(result.deliveryDate).toBe('2026-03-05');
    expect(result.safetyStock).toBeCloseTo(Z95 * 2 * Math.SQRT2, 5);
    expect(result.min).toBeCloseTo(24.6523, 4);
    expect(result.max).toBeCloseTo(94.6523, 4);
    expect(result.position).toBe(20);
    expect(result.quantity).toBe(75);
  });

  it('counts what is on order and orders nothing while the position is at or above min', () => {
    expect(point(flour(40))!.quantity).toBe(0);
    expect(point(flour(10), 30)!.quantity).toBe(0);
  });

  it('waits for the supplier delivery weekday: the lead time runs to the first FRI on or after THU', () => {
    const fridaysOnly = new Map(suppliers);
    fridaysOnly.set('cheap', { ...suppliers.get('cheap')!, deliveryDays: ['FRI'] });
    // leadDays 3: min = 30 + 1.6449 × 2 × √3 = 35.698; max = 105.698; 105.698 − 20 = 85.698 → 100.
    const result = point(flour(30), 0, fridaysOnly)!;
    expect(result.deliveryDate).toBe('2026-03-06');
    expect(result.leadDays).toBe(3);
    expect(result.min).toBeCloseTo(35.6979, 4);
    expect(result.quantity).toBe(100);
  });

  it('keeps the max of a perishable within its shelf life and ignores lots that expire today', () => {
    const milk: IngredientInput = {
      ...flour(0),
      perishable: true,
      shelfLifeDays: 3,
      lots: [
        { id: 'old', quantity: 50, receivedOn: '2026-02-28', expiresOn: TUESDAY },
        { id: 'new', quantity: 30, receivedOn: '2026-03-02', expiresOn: '2026-03-05' },
      ],
    };
    const result = point(milk)!;
    expect(result.max - result.min).toBeCloseTo(30, 9);
    expect(result.position).toBe(20);
    expect(result.quantity).toBe(50); // 54.652 − 20 = 34.652 → the MOQ, 50 (two packs)
  });
});

function morning(overrides: Partial<MorningContext> = {}): MorningContext {
  const bakery = testBakery();
  return {
    date: TUESDAY,
    horizonDays: 7,
    settings: SIMULATION_SETTINGS,
    bakery,
    ingredients: bakery.ingredients.map((ingredient) => ({ ...ingredient, lots: [] })),
    scheduledReceipts: [],
    production: {
      batches: [],
      requirements: [
        { ...tenADay, unit: 'KG', demandSigma: 2 },
        { ingredientId: 'milk', unit: 'L', demandSigma: 0, days: tenADay.days.map((day) => ({ ...day, quantity: 5 })) },
      ],
      warnings: [],
    },
    ...overrides,
  };
}

describe('purchasing policies', () => {
  it('baseline: one order per supplier with a line per ingredient under its min', () => {
    const orders = baselinePolicy.orders(morning());
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ supplierId: 'mill', orderDate: TUESDAY });
    expect(orders[0].lines.map((line) => [line.ingredientId, line.deliveryDate, line.unitPrice])).toEqual([
      ['flour', '2026-03-04', 1],
      ['milk', '2026-03-04', 2],
    ]);
  });

  it("levain: submits only the engine's purchase orders dated today", () => {
    const orders = levainPolicy.orders(morning());
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order.orderDate === TUESDAY && order.supplierId === 'mill')).toBe(true);
    const ordered = new Set(orders.flatMap((order) => order.lines.map((line) => line.ingredientId)));
    expect(ordered).toEqual(new Set(['flour', 'milk']));

    // With four days of flour and milk on hand, the plan's orders are dated later: none is sent today.
    const stocked = morning({
      ingredients: testBakery().ingredients.map((ingredient) => ({
        ...ingredient,
        lots: [{ id: `${ingredient.id}-lot`, quantity: ingredient.id === 'flour' ? 45 : 22, receivedOn: '2026-03-02', expiresOn: null }],
      })),
    });
    const plan = planProcurement({
      planDate: TUESDAY,
      horizonDays: stocked.horizonDays,
      settings: stocked.settings,
      ingredients: stocked.ingredients,
      suppliers: stocked.bakery.suppliers,
      offers: stocked.bakery.offers,
      requirements: stocked.production.requirements,
      scheduledReceipts: stocked.scheduledReceipts,
    });
    expect(plan.purchaseOrders.length).toBeGreaterThan(0);
    expect(plan.purchaseOrders.every((order) => order.orderDate > TUESDAY)).toBe(true);
    expect(levainPolicy.orders(stocked)).toEqual([]);
  });
});
