import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, dateIn } from '../../platform/time-zones.ts';

import {
  RECORD_MOVEMENT,
  createIngredient,
  recordMovement,
  startInventory,
  stockRows,
  uniqueTag,
  type InventoryHarness,
} from './fixtures.ts';

let harness: InventoryHarness;

beforeAll(async () => {
  harness = await startInventory();
});

afterAll(() => harness?.sub.stop());

const INGREDIENT = /* GraphQL */ `
  query One($id: ID!, $days: Int!) {
    ingredient(id: $id) {
      stock { onHand unit reorderPoint belowReorderPoint updatedAt expiringWithinDays(days: $days) }
      lots { id quantity receivedOn expiresOn }
    }
  }
`;

const ingredient = (fields: Record<string, unknown> = {}) =>
  createIngredient(harness, { sku: `stock-${uniqueTag()}`, name: 'Stocked', category: 'test', unit: 'KG', ...fields });

async function readIngredient(id: string, days = 0) {
  const response = await harness.as(['VIEWER'], INGREDIENT, { id, days });
  expect(response.errors).toBeUndefined();
  return response.data.ingredient as {
    stock: { onHand: number; unit: string; reorderPoint: number; belowReorderPoint: boolean; updatedAt: string; expiringWithinDays: number };
    lots: { id: string; quantity: number; receivedOn: string; expiresOn: string | null }[];
  };
}

async function refused(input: Record<string, unknown>, roles: ('PLANNER' | 'ADMIN')[] = ['PLANNER']) {
  const response = await harness.as(roles, RECORD_MOVEMENT, { input });
  expect(response.data).toBeNull();
  return response.errors?.[0];
}

describe('receipts', () => {
  test('a perishable receipt without expiresOn expires today + shelfLifeDays; the ledger names the caller', async () => {
    const id = await ingredient({ perishable: true, shelfLifeDays: 4 });
    const result = await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 12.5, note: ' delivery #1 ' });
    const today = dateIn('UTC');
    expect(result.movement).toMatchObject({ kind: 'RECEIPT', quantity: 12.5, change: 12.5, expiresOn: addDays(today, 4), note: 'delivery #1' });
    expect(result.stock.onHand).toBe(12.5);
    expect((await readIngredient(id)).lots).toEqual([{ id: expect.any(String), quantity: 12.5, receivedOn: today, expiresOn: addDays(today, 4) }]);
    const [movement] = (await stockRows(harness.sub.db, id)).movements;
    expect(movement).toMatchObject({ tenant_id: harness.demo, kind: 'RECEIPT', quantity: 12.5, recorded_by: 'test-planner' });
  });

  test('a non-perishable receipt has no expiry unless given one', async () => {
    const id = await ingredient();
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 3 });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 2, expiresOn: '2031-01-31' });
    expect((await readIngredient(id)).lots.map((lot) => [lot.quantity, lot.expiresOn])).toEqual([
      [2, '2031-01-31'],
      [3, null],
    ]);
  });
});

describe('FEFO', () => {
  test('a consumption takes from the earliest-expiring lots first, lots without expiry last', async () => {
    const id = await ingredient();
    const today = dateIn('UTC');
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 10, expiresOn: addDays(today, 10) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 8 });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 5, expiresOn: addDays(today, 3) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 4, expiresOn: addDays(today, 2) });

    const result = await recordMovement(harness, { ingredientId: id, kind: 'CONSUMPTION', quantity: 12 });
    expect(result.movement).toMatchObject({ quantity: 12, change: -12, expiresOn: null });
    expect(result.stock.onHand).toBe(15);
    // 4 (day 2) + 5 (day 3) + 3 of 10 (day 10); the lot without expiry is untouched.
    expect((await readIngredient(id)).lots.map((lot) => [lot.quantity, lot.expiresOn])).toEqual([
      [7, addDays(today, 10)],
      [8, null],
    ]);
    const quantities = (await stockRows(harness.sub.db, id)).lots.map((lot) => [lot.quantity, lot.expires_on]);
    expect(quantities).toEqual(
      expect.arrayContaining([
        [0, addDays(today, 2)],
        [0, addDays(today, 3)],
        [7, addDays(today, 10)],
        [8, null],
      ]),
    );

    await recordMovement(harness, { ingredientId: id, kind: 'WASTE', quantity: 9 });
    expect((await readIngredient(id)).lots.map((lot) => [lot.quantity, lot.expiresOn])).toEqual([[6, null]]);
  });

  test('a negative ADJUSTMENT takes FEFO, a positive one adds a lot; 0 is refused', async () => {
    const id = await ingredient({ perishable: true, shelfLifeDays: 2 });
    const today = dateIn('UTC');
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 6, expiresOn: addDays(today, 5) });
    await recordMovement(harness, { ingredientId: id, kind: 'ADJUSTMENT', quantity: 3 });
    const down = await recordMovement(harness, { ingredientId: id, kind: 'ADJUSTMENT', quantity: -4 });
    expect(down.movement).toMatchObject({ quantity: -4, change: -4 });
    expect((await readIngredient(id)).lots.map((lot) => [lot.quantity, lot.expiresOn])).toEqual([[5, addDays(today, 5)]]);

    const zero = await refused({ ingredientId: id, kind: 'ADJUSTMENT', quantity: 0 });
    expect(zero?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(zero?.message).toContain('quantity must not be 0');
  });

  test('quantities stay exact to 3 decimals: 0.1 + 0.2 − 0.3 leaves exactly 0', async () => {
    const id = await ingredient();
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 0.1 });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 0.2 });
    const result = await recordMovement(harness, { ingredientId: id, kind: 'CONSUMPTION', quantity: 0.3 });
    expect(result.stock.onHand).toBe(0);
    expect((await readIngredient(id)).lots).toEqual([]);
  });
});

describe('refused movements change nothing', () => {
  test('a consumption, waste or negative adjustment larger than stock is a BAD_USER_INPUT naming available and requested', async () => {
    const id = await ingredient({ reorderPoint: 1 });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 5, expiresOn: addDays(dateIn('UTC'), 1) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 2.5 });
    const before = await stockRows(harness.sub.db, id);
    for (const input of [
      { kind: 'CONSUMPTION', quantity: 8 },
      { kind: 'WASTE', quantity: 7.501 },
      { kind: 'ADJUSTMENT', quantity: -100 },
    ]) {
      const error = await refused({ ingredientId: id, ...input });
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain('7.5 KG available');
      expect(error?.message).toContain(`${Math.abs(input.quantity)} KG requested`);
    }
    expect(await stockRows(harness.sub.db, id)).toEqual(before);
    expect((await readIngredient(id)).stock.onHand).toBe(7.5);
  });

  test.each([
    ['a zero consumption', { kind: 'CONSUMPTION', quantity: 0 }, 'quantity must be greater than 0'],
    ['a negative receipt', { kind: 'RECEIPT', quantity: -2 }, 'quantity must be greater than 0'],
    ['a quantity over 1e9', { kind: 'RECEIPT', quantity: 1e9 + 1 }, 'quantity must be at most 1000000000'],
    ['an expiry on a consumption', { kind: 'CONSUMPTION', quantity: 1, expiresOn: '2030-01-01' }, 'expiresOn applies only'],
    ['a note over 1,000 characters', { kind: 'RECEIPT', quantity: 1, note: 'n'.repeat(1001) }, 'note must be at most 1000'],
  ])('%s is a BAD_USER_INPUT and writes nothing', async (_case, input, message) => {
    const id = await ingredient();
    const error = await refused({ ingredientId: id, ...input });
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain(message);
    expect(await stockRows(harness.sub.db, id)).toEqual({ lots: [], movements: [] });
  });

  test('an unknown or another tenant’s ingredient is NOT_FOUND and the other tenant’s stock is untouched', async () => {
    const rivalId = await createIngredient(harness, { sku: `rival-${uniqueTag()}`, name: 'Rival flour', category: 'flour', unit: 'KG' }, harness.rival);
    for (const ingredientId of [rivalId, randomUUID()]) {
      const error = await refused({ ingredientId, kind: 'RECEIPT', quantity: 5 });
      expect(error?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await stockRows(harness.sub.db, rivalId)).toEqual({ lots: [], movements: [] });
  });

  test('concurrent consumptions never take stock below zero', async () => {
    const id = await ingredient();
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 5 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => harness.as(['PLANNER'], RECORD_MOVEMENT, { input: { ingredientId: id, kind: 'CONSUMPTION', quantity: 1 } })),
    );
    const codes = responses.map((response) => response.errors?.[0].extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(5);
    expect(codes.filter((code) => code === 'BAD_USER_INPUT')).toHaveLength(5);
    expect((await readIngredient(id)).stock.onHand).toBe(0);
  });
});

describe('reorder point', () => {
  test('crossedReorderPoint is true exactly for the movement that takes stock from ≥ the reorder point to below it', async () => {
    const id = await ingredient({ reorderPoint: 10 });
    const steps: [string, number, boolean, number][] = [
      ['RECEIPT', 15, false, 15], // from below (0) to above: not a crossing downwards
      ['CONSUMPTION', 5, false, 10], // lands exactly on the reorder point: not below
      ['CONSUMPTION', 0.001, true, 9.999], // the crossing
      ['CONSUMPTION', 1, false, 8.999], // already below
      ['RECEIPT', 10, false, 18.999],
      ['WASTE', 18, true, 0.999], // crossing again after restocking
    ];
    for (const [kind, quantity, crossed, onHand] of steps) {
      const result = await recordMovement(harness, { ingredientId: id, kind, quantity });
      expect({ kind, quantity, crossed: result.crossedReorderPoint, onHand: result.stock.onHand }).toEqual({ kind, quantity, crossed, onHand });
      expect(result.stock.belowReorderPoint).toBe(onHand < 10);
    }
  });
});

describe('StockLevel', () => {
  test('expiringWithinDays counts lots expiring by today + days, expired ones included, no-expiry lots never', async () => {
    const id = await ingredient();
    const today = dateIn('UTC');
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 2, expiresOn: addDays(today, -1) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 5, expiresOn: addDays(today, 2) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 3, expiresOn: addDays(today, 10) });
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 4 });
    expect((await readIngredient(id, 0)).stock.expiringWithinDays).toBe(2);
    expect((await readIngredient(id, 2)).stock.expiringWithinDays).toBe(7);
    expect((await readIngredient(id, 365)).stock.expiringWithinDays).toBe(10);
    expect((await readIngredient(id, 0)).stock.onHand).toBe(14);
    for (const days of [-1, 366]) {
      const response = await harness.as(['VIEWER'], INGREDIENT, { id, days });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(`days must be between 0 and 365, got ${days}`);
    }
  });

  test('updatedAt moves forward with a movement and with an edit of the ingredient', async () => {
    const id = await ingredient();
    const created = Date.parse((await readIngredient(id)).stock.updatedAt);
    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 1 });
    const received = Date.parse((await readIngredient(id)).stock.updatedAt);
    expect(received).toBeGreaterThan(created);
    await harness.as(['ADMIN'], 'mutation($id: ID!) { updateIngredient(id: $id, input: { reorderPoint: 3 }) { id } }', { id });
    const edited = await readIngredient(id);
    expect(Date.parse(edited.stock.updatedAt)).toBeGreaterThan(received);
    expect(edited.stock).toMatchObject({ reorderPoint: 3, belowReorderPoint: true });
  });
});

describe('stockMovements', () => {
  const MOVEMENTS = /* GraphQL */ `
    query Movements($id: ID!, $first: Int, $after: String) {
      stockMovements(ingredientId: $id, first: $first, after: $after) {
        edges { cursor node { id kind quantity change ingredient { id } } }
        pageInfo { hasNextPage endCursor }
        totalCount
      }
    }
  `;

  test('lists the ledger newest first, page by page, each movement once', async () => {
    const id = await ingredient();
    const recorded: string[] = [];
    for (const quantity of [5, 4, 3, 2, 1]) {
      recorded.push((await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity })).movement.id);
    }
    recorded.push((await recordMovement(harness, { ingredientId: id, kind: 'CONSUMPTION', quantity: 6 })).movement.id);

    const seen: { id: string; change: number }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const response = await harness.as(['VIEWER'], MOVEMENTS, { id, first: 4, after });
      expect(response.errors).toBeUndefined();
      const connection = response.data.stockMovements;
      expect(connection.totalCount).toBe(6);
      seen.push(...connection.edges.map((edge: { node: { id: string; change: number; ingredient: { id: string } } }) => {
        expect(edge.node.ingredient.id).toBe(id);
        return { id: edge.node.id, change: edge.node.change };
      }));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen.map((movement) => movement.id)).toEqual([...recorded].reverse());
    expect(seen.map((movement) => movement.change)).toEqual([-6, 1, 2, 3, 4, 5]);
  });

  test('another tenant’s ingredient has an empty ledger', async () => {
    const rivalId = await createIngredient(harness, { sku: `ledger-${uniqueTag()}`, name: 'Rival milk', category: 'dairy', unit: 'L' }, harness.rival);
    await harness.sub.db('inventory.stock_movements').insert({
      tenant_id: harness.rival, ingredient_id: rivalId, kind: 'RECEIPT', quantity: 1, recorded_by: 'rival-user',
    });
    const response = await harness.as(['VIEWER'], MOVEMENTS, { id: rivalId });
    expect(response.data.stockMovements).toMatchObject({ edges: [], totalCount: 0 });
  });
});
