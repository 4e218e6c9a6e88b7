import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signToken } from '../../platform/auth.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import {
  CREATE_INGREDIENT,
  RECORD_MOVEMENT,
  createIngredient,
  recordMovement,
  startInventory,
  stockRows,
  uniqueTag,
  type InventoryHarness,
} from './fixtures.ts';

// A subgraph reached directly refuses a request without a valid token (DESIGN.md §5), and
// each operation needs its role: reads VIEWER, stock movements PLANNER, master data ADMIN.

let harness: InventoryHarness;

beforeAll(async () => {
  harness = await startInventory();
});

afterAll(() => harness?.sub.stop());

const LIST = '{ ingredients(first: 1) { totalCount } }';

describe('authentication', () => {
  test('no token is UNAUTHENTICATED with HTTP 401', async () => {
    const response = await graphql(harness.sub.url, LIST);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeUndefined();
  });

  test('a token signed with another secret is UNAUTHENTICATED', async () => {
    const forged = await signToken(
      { userId: 'mallory', tenantId: harness.demo, roles: ['ADMIN'] },
      'some-other-secret-that-is-long-enough-0123456789',
    );
    const response = await graphql(harness.sub.url, LIST, {}, forged);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('an expired token is UNAUTHENTICATED', async () => {
    const expired = await tokenFor(harness.demo, ['ADMIN'], Math.floor(Date.now() / 1000) - 60);
    const response = await graphql(harness.sub.url, LIST, {}, expired);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a valid VIEWER token reads', async () => {
    const response = await harness.as(['VIEWER'], LIST);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(typeof response.data.ingredients.totalCount).toBe('number');
  });
});

describe('roles', () => {
  test('a VIEWER cannot create an ingredient (FORBIDDEN) and no row is written', async () => {
    const sku = `viewer-${uniqueTag()}`;
    const response = await harness.as(['VIEWER'], CREATE_INGREDIENT, {
      input: { sku, name: 'Forbidden flour', category: 'flour', unit: 'KG' },
    });
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0].message).toContain('ADMIN');
    expect(await harness.sub.db('inventory.ingredients').where({ sku })).toHaveLength(0);
  });

  test('a PLANNER cannot create or update an ingredient', async () => {
    const sku = `planner-${uniqueTag()}`;
    const created = await harness.as(['PLANNER'], CREATE_INGREDIENT, { input: { sku, name: 'Rye', category: 'flour', unit: 'KG' } });
    expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await harness.sub.db('inventory.ingredients').where({ sku })).toHaveLength(0);

    const id = await createIngredient(harness, { sku, name: 'Rye', category: 'flour', unit: 'KG' });
    const updated = await harness.as(['PLANNER'], 'mutation($id: ID!) { updateIngredient(id: $id, input: { name: "Renamed" }) { id } }', { id });
    expect(updated.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await harness.sub.db('inventory.ingredients').where({ id }).first()).name).toBe('Rye');
  });

  test('a VIEWER or SERVICE cannot record a stock movement (FORBIDDEN) and nothing is written; a PLANNER can', async () => {
    const id = await createIngredient(harness, { sku: `move-${uniqueTag()}`, name: 'Butter', category: 'dairy', unit: 'KG' });
    const input = { ingredientId: id, kind: 'RECEIPT', quantity: 10 };
    for (const roles of [['VIEWER'], ['SERVICE']] as const) {
      const response = await harness.as([...roles], RECORD_MOVEMENT, { input });
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await stockRows(harness.sub.db, id)).toEqual({ lots: [], movements: [] });

    const recorded = await recordMovement(harness, input);
    expect(recorded.stock.onHand).toBe(10);
    expect(recorded.movement.recordedBy).toBe('test-planner');
  });
});
