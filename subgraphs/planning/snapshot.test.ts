import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { countSnapshot, parseSnapshot } from './snapshot.ts';

const flour = randomUUID();
const butter = randomUUID();
const product = randomUUID();

function input() {
  return {
    ingredients: [
      { id: flour, name: 'Flour', unit: 'KG', perishable: false, shelfLifeDays: null, lots: [{ id: randomUUID(), quantity: 10, receivedOn: '2026-03-01', expiresOn: null }] },
      { id: butter, name: 'Butter', unit: 'KG', perishable: true, shelfLifeDays: 30, lots: [] },
    ],
    suppliers: [
      {
        id: randomUUID(),
        name: 'Mill',
        leadTimeDays: 2,
        reliability: 0.9,
        minimumOrderValue: 0,
        currency: 'EUR',
        deliveryDays: ['TUE', 'THU'],
        offers: [
          { id: randomUUID(), ingredient: { id: flour }, unitPrice: 0.8, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
          { id: randomUUID(), ingredient: { id: randomUUID() }, unitPrice: 3, minimumOrderQuantity: 0, packSize: 1 },
        ],
      },
    ],
    recipes: [
      { id: randomUUID(), name: 'Croissant', product: { id: product, name: 'Croissant' }, yieldQuantity: 24, ingredients: [{ ingredient: { id: butter }, quantity: 1200, unit: 'G' }] },
    ],
    products: [{ id: randomUUID(), name: 'Gift card' }],
  };
}

/** The BAD_USER_INPUT message parseSnapshot throws for `snapshot`. */
function refusal(snapshot: unknown): string {
  try {
    parseSnapshot(snapshot);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).message;
  }
  throw new Error('expected parseSnapshot to refuse the snapshot');
}

describe('parseSnapshot', () => {
  test('turns the gateway shape into engine shapes, keeping offers for unknown ingredients', () => {
    const now = new Date('2026-03-02T04:30:00Z');
    const snapshot = parseSnapshot(input(), now);
    expect(snapshot.takenAt).toBe('2026-03-02T04:30:00.000Z');
    expect(snapshot.offers[0]).toMatchObject({ ingredientId: flour, supplierId: snapshot.suppliers[0].id, leadTimeDays: null });
    expect(snapshot.offers[1].leadTimeDays).toBeNull();
    expect(snapshot.recipes[0]).toMatchObject({ productId: product, ingredients: [{ ingredientId: butter, quantity: 1200, unit: 'G' }] });
    expect(snapshot.products.map((entry) => entry.name)).toEqual(['Gift card', 'Croissant']);
    expect(countSnapshot(snapshot)).toEqual({ ingredients: 2, lots: 1, suppliers: 1, offers: 2, recipes: 1, products: 2 });
  });

  test('keeps a recipe line for an ingredient outside the snapshot: planning skips that recipe with a warning, not the run', () => {
    const snapshot = input();
    snapshot.ingredients.splice(1, 1);
    expect(parseSnapshot(snapshot).recipes[0].ingredients).toEqual([{ ingredientId: butter, quantity: 1200, unit: 'G' }]);
  });

  test('names every invalid field', () => {
    const snapshot = input() as any;
    snapshot.ingredients[0].lots[0].quantity = -1;
    snapshot.suppliers[0].reliability = 1.5;
    snapshot.suppliers[0].offers[0].unitPrice = 0;
    snapshot.recipes[0].yieldQuantity = 0;
    const message = refusal(snapshot);
    for (const field of [
      'snapshot.ingredients.0.lots.0.quantity: must be ≥ 0',
      'snapshot.suppliers.0.reliability: must be between 0 and 1',
      'snapshot.suppliers.0.offers.0.unitPrice: must be > 0',
      'snapshot.recipes.0.yieldQuantity: must be > 0',
    ]) {
      expect(message).toContain(field);
    }
  });

  test.each([
    ['a perishable ingredient without shelf life', (s: any) => (s.ingredients[1].shelfLifeDays = null), 'shelfLifeDays: is required'],
    ['an ingredient listed twice', (s: any) => s.ingredients.push({ ...s.ingredients[0], lots: [] }), `ingredient ${flour} more than once`],
    ['a malformed id', (s: any) => (s.ingredients[0].id = 'flour'), 'snapshot.ingredients.0.id: must be a UUID'],
    ['a delivery day repeated', (s: any) => (s.suppliers[0].deliveryDays = ['TUE', 'TUE']), 'must not repeat a weekday'],
  ])('refuses %s', (_, breakIt, expected) => {
    const snapshot = input();
    breakIt(snapshot);
    expect(refusal(snapshot)).toContain(expected);
  });
});
