import { describe, expect, it } from 'vitest';
import type { ProductionBatch } from '../../subgraphs/planning/engine/index.ts';
import { demandOn } from './bakery.ts';
import { testBakery } from './test-bakery.ts';
import { BakeryWorld } from './world.ts';

const TUESDAY = '2026-03-03';

function rolls(batches: number, date = TUESDAY): ProductionBatch[] {
  return [{ date, recipeId: 'recipe:roll', productId: 'roll', batches, quantity: batches * 10, forecastQuantity: batches * 10 }];
}

describe('BakeryWorld', () => {
  it('bakes from the first-expiring milk lot, whatever order the lots came in', () => {
    const world = new BakeryWorld(
      testBakery({
        openingLots: [
          { ingredientId: 'flour', quantity: 100, receivedOn: '2026-03-01', expiresOn: null, unitCost: 1 },
          { ingredientId: 'milk', quantity: 5, receivedOn: '2026-03-02', expiresOn: '2026-03-05', unitCost: 2 },
          { ingredientId: 'milk', quantity: 5, receivedOn: '2026-03-01', expiresOn: '2026-03-04', unitCost: 2 },
        ],
      }),
    );
    const outcome = world.bake(TUESDAY, rolls(7));
    expect(outcome.blockedBatches).toBe(0);
    expect(outcome.baked.get('roll')).toBe(70);
    // 7 L: all 5 of the lot expiring on the 4th, then 2 of the one expiring on the 5th.
    expect(world.lots('milk').map((lot) => [lot.expiresOn, lot.quantity])).toEqual([['2026-03-05', 3]]);
    expect(world.onHand('flour')).toBeCloseTo(86, 9);
  });

  it('throws out a lot on its expiresOn day, not the day before, and values it at its cost', () => {
    const world = new BakeryWorld(
      testBakery({
        openingLots: [
          { ingredientId: 'milk', quantity: 4, receivedOn: '2026-03-01', expiresOn: '2026-03-04', unitCost: 2.5 },
          { ingredientId: 'milk', quantity: 6, receivedOn: '2026-03-02', expiresOn: '2026-03-05', unitCost: 2 },
        ],
      }),
    );
    expect(world.expire('2026-03-03')).toBe(0);
    expect(world.expire('2026-03-04')).toBe(10);
    expect(world.lots('milk').map((lot) => lot.quantity)).toEqual([6]);
    expect(world.inventoryValue()).toBe(12);
  });

  it('blocks the batches an ingredient cannot cover and counts that ingredient short', () => {
    const world = new BakeryWorld(
      testBakery({
        openingLots: [
          { ingredientId: 'flour', quantity: 5, receivedOn: '2026-03-01', expiresOn: null, unitCost: 1 },
          { ingredientId: 'milk', quantity: 10, receivedOn: '2026-03-02', expiresOn: '2026-03-05', unitCost: 2 },
        ],
      }),
    );
    const outcome = world.bake(TUESDAY, rolls(3));
    expect(outcome).toMatchObject({ scheduledBatches: 3, blockedBatches: 1, shortIngredients: ['flour'] });
    expect(outcome.baked.get('roll')).toBe(20);
    expect(world.onHand('flour')).toBeCloseTo(1, 9);
    expect(world.onHand('milk')).toBeCloseTo(8, 9);
  });

  it('bakes nothing at all when an ingredient is missing, and nothing on the closed day', () => {
    const world = new BakeryWorld(
      testBakery({ openingLots: [{ ingredientId: 'flour', quantity: 50, receivedOn: '2026-03-01', expiresOn: null, unitCost: 1 }] }),
    );
    expect(world.bake(TUESDAY, rolls(2))).toMatchObject({ blockedBatches: 2, shortIngredients: ['milk'], baked: new Map() });
    expect(world.bake('2026-03-09', rolls(2, '2026-03-09'))).toMatchObject({ scheduledBatches: 0, blockedBatches: 0 });
    expect(world.onHand('flour')).toBe(50);
  });

  it('receives a late supplier a day after the promised date, as a lot expiring shelf life after it arrives', () => {
    const bakery = testBakery();
    bakery.suppliers[0].lateProbability = 1;
    const world = new BakeryWorld(bakery);
    world.submit({ supplierId: 'mill', orderDate: TUESDAY, lines: [{ ingredientId: 'milk', quantity: 4, unitPrice: 2, deliveryDate: '2026-03-04' }] });
    expect(world.stockView().scheduledReceipts).toEqual([{ ingredientId: 'milk', supplierId: 'mill', deliveryDate: '2026-03-04', quantity: 4 }]);
    expect(world.receive('2026-03-04')).toEqual({ value: 0, lateLines: 0 });
    expect(world.receive('2026-03-05')).toEqual({ value: 8, lateLines: 1 });
    expect(world.lots('milk').map((lot) => [lot.receivedOn, lot.expiresOn, lot.quantity])).toEqual([['2026-03-05', '2026-03-08', 4]]);
    expect(world.stockView().scheduledReceipts).toEqual([]);
  });

  it('records what was sold, flagged sold out when the shelf ran empty, unless asked to record the demand', () => {
    const bakery = testBakery();
    const wanted = demandOn(bakery, 'roll', TUESDAY);
    const censored = new BakeryWorld(bakery);
    const history = censored.sales.length;
    expect(censored.sell(TUESDAY, new Map([['roll', 20]]))).toEqual({ demand: wanted, sold: Math.min(20, wanted) });
    expect(censored.sales.slice(history)).toEqual([{ productId: 'roll', date: TUESDAY, quantity: 20, soldOut: true }]);
    expect(wanted).toBeGreaterThan(20);
    const plenty = new BakeryWorld(bakery);
    plenty.sell(TUESDAY, new Map([['roll', wanted + 5]]));
    expect(plenty.sales.at(-1)).toEqual({ productId: 'roll', date: TUESDAY, quantity: wanted, soldOut: false });

    const uncensored = new BakeryWorld(bakery, 'demand');
    uncensored.sell(TUESDAY, new Map([['roll', 20]]));
    expect(uncensored.sales.at(-1)).toEqual({ productId: 'roll', date: TUESDAY, quantity: wanted });
    expect(uncensored.sell('2026-03-09', new Map())).toEqual({ demand: 0, sold: 0 });
    expect(uncensored.sales.at(-1)?.date).toBe(TUESDAY);
  });
});
