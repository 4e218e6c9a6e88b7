import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CREATE_INGREDIENT,
  createIngredient,
  insertIngredients,
  recordMovement,
  startInventory,
  uniqueTag,
  type InventoryHarness,
} from './fixtures.ts';

let harness: InventoryHarness;

beforeAll(async () => {
  harness = await startInventory();
});

afterAll(() => harness?.sub.stop());

const UPDATE = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateIngredientInput!) {
    updateIngredient(id: $id, input: $input) { id sku name category unit perishable shelfLifeDays reorderPoint }
  }
`;
const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $filter: IngredientFilter) {
    ingredients(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id sku name } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`;

const rowsWithSku = (sku: string) => harness.sub.db('inventory.ingredients').where({ sku });

describe('createIngredient', () => {
  test('creates a trimmed ingredient with defaults: not perishable, no shelf life, reorder point 0', async () => {
    const sku = `flour-${uniqueTag()}`;
    const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, {
      input: { sku: `  ${sku} `, name: ' Wheat flour T65 ', category: 'flour', unit: 'KG' },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.createIngredient).toMatchObject({
      sku,
      name: 'Wheat flour T65',
      category: 'flour',
      unit: 'KG',
      perishable: false,
      shelfLifeDays: null,
      reorderPoint: 0,
    });
    const [row] = await rowsWithSku(sku);
    expect(row.tenant_id).toBe(harness.demo);
  });

  test('text outside ASCII arrives as written (the body is UTF-8; ASCII bodies take a cheaper decoding)', async () => {
    const sku = `crème-${uniqueTag()}`;
    const name = 'Crème fraîche für Brötchen 🥐';
    const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, { input: { sku, name, category: 'dairy', unit: 'KG' } });
    expect(response.errors).toBeUndefined();
    expect(response.data.createIngredient).toMatchObject({ sku, name });
    const [row] = await rowsWithSku(sku);
    expect(row.name).toBe(name);
  });

  test('a perishable ingredient keeps its shelf life and reorder point (rounded to 3 decimals)', async () => {
    const sku = `milk-${uniqueTag()}`;
    const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, {
      input: { sku, name: 'Milk', category: 'dairy', unit: 'L', perishable: true, shelfLifeDays: 5, reorderPoint: 12.34567 },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.createIngredient).toMatchObject({ perishable: true, shelfLifeDays: 5, reorderPoint: 12.346 });
  });

  test.each([
    ['a negative reorder point', { reorderPoint: -1 }, ['reorderPoint', '-1']],
    ['an unknown unit', { unit: 'POUND' }, ['POUND']],
    ['an empty name', { name: '   ' }, ['name must not be empty']],
    ['a 65-character sku', { sku: 'x'.repeat(65) }, ['sku must be at most 64 characters']],
    ['a perishable without shelf life', { perishable: true }, ['shelfLifeDays is required']],
    ['a shelf life on a non-perishable', { shelfLifeDays: 3 }, ['shelfLifeDays must be null']],
    ['a zero shelf life', { perishable: true, shelfLifeDays: 0 }, ['shelfLifeDays must be at least 1']],
  ])('%s is a BAD_USER_INPUT naming the field, and no row is written', async (_case, override, expectedInMessage) => {
    const sku = `bad-${uniqueTag()}`;
    const input = { sku, name: 'Bad', category: 'test', unit: 'KG', ...override };
    const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, { input });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const text of expectedInMessage) expect(response.errors?.[0].message).toContain(text);
    expect(await rowsWithSku(input.sku)).toHaveLength(0);
  });

  test('a duplicate sku is a BAD_USER_INPUT "sku … already exists" and writes no second row', async () => {
    const sku = `dup-${uniqueTag()}`;
    await createIngredient(harness, { sku, name: 'First', category: 'test', unit: 'G' });
    const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, { input: { sku, name: 'Second', category: 'test', unit: 'G' } });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toBe(`sku "${sku}" already exists`);
    expect((await rowsWithSku(sku)).map((row) => row.name)).toEqual(['First']);
  });

  test('the same sku may exist in another tenant', async () => {
    const sku = `shared-${uniqueTag()}`;
    await createIngredient(harness, { sku, name: 'Demo salt', category: 'test', unit: 'G' });
    await createIngredient(harness, { sku, name: 'Rival salt', category: 'test', unit: 'G' }, harness.rival);
    expect(await rowsWithSku(sku)).toHaveLength(2);
  });
});

describe('updateIngredient', () => {
  test('changes only the fields given', async () => {
    const sku = `upd-${uniqueTag()}`;
    const id = await createIngredient(harness, { sku, name: 'Sugar', category: 'sweet', unit: 'KG', reorderPoint: 5 });
    const response = await harness.as(['ADMIN'], UPDATE, { id, input: { name: 'Caster sugar', reorderPoint: 8 } });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateIngredient).toMatchObject({ id, sku, name: 'Caster sugar', category: 'sweet', unit: 'KG', reorderPoint: 8 });
  });

  test('another tenant’s id is NOT_FOUND and that row is unchanged; so is an unknown id', async () => {
    const rivalId = await createIngredient(harness, { sku: `rival-${uniqueTag()}`, name: 'Rival yeast', category: 'yeast', unit: 'G' }, harness.rival);
    const before = await harness.sub.db('inventory.ingredients').where({ id: rivalId }).first();
    const response = await harness.as(['ADMIN'], UPDATE, { id: rivalId, input: { name: 'Stolen', reorderPoint: 99 } });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await harness.sub.db('inventory.ingredients').where({ id: rivalId }).first()).toEqual(before);

    const unknown = await harness.as(['ADMIN'], UPDATE, { id: randomUUID(), input: { name: 'Nobody' } });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  test('a sku taken by another ingredient is a BAD_USER_INPUT', async () => {
    const taken = `taken-${uniqueTag()}`;
    await createIngredient(harness, { sku: taken, name: 'A', category: 'test', unit: 'G' });
    const id = await createIngredient(harness, { sku: `free-${uniqueTag()}`, name: 'B', category: 'test', unit: 'G' });
    const response = await harness.as(['ADMIN'], UPDATE, { id, input: { sku: taken } });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toBe(`sku "${taken}" already exists`);
  });

  test('shelf life follows perishable: turning it off clears it, turning it on needs one', async () => {
    const id = await createIngredient(harness, {
      sku: `cream-${uniqueTag()}`, name: 'Cream', category: 'dairy', unit: 'L', perishable: true, shelfLifeDays: 7,
    });
    const off = await harness.as(['ADMIN'], UPDATE, { id, input: { perishable: false } });
    expect(off.data.updateIngredient).toMatchObject({ perishable: false, shelfLifeDays: null });

    const onWithout = await harness.as(['ADMIN'], UPDATE, { id, input: { perishable: true } });
    expect(onWithout.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(onWithout.errors?.[0].message).toContain('shelfLifeDays is required');

    const on = await harness.as(['ADMIN'], UPDATE, { id, input: { perishable: true, shelfLifeDays: 4 } });
    expect(on.data.updateIngredient).toMatchObject({ perishable: true, shelfLifeDays: 4 });
  });

  test('null for a required field is a BAD_USER_INPUT naming it', async () => {
    const id = await createIngredient(harness, { sku: `null-${uniqueTag()}`, name: 'Oats', category: 'grain', unit: 'KG' });
    const response = await harness.as(['ADMIN'], UPDATE, { id, input: { name: null } });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('name cannot be null');
  });

  test('the unit can change while nothing is on hand, not after', async () => {
    const id = await createIngredient(harness, { sku: `unit-${uniqueTag()}`, name: 'Eggs', category: 'eggs', unit: 'G' });
    const changed = await harness.as(['ADMIN'], UPDATE, { id, input: { unit: 'UNIT' } });
    expect(changed.data.updateIngredient.unit).toBe('UNIT');

    await recordMovement(harness, { ingredientId: id, kind: 'RECEIPT', quantity: 30 });
    const refused = await harness.as(['ADMIN'], UPDATE, { id, input: { unit: 'KG' } });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toContain('unit cannot change from UNIT while 30 UNIT is on hand');
  });
});

describe('ingredients (connection)', () => {
  test('walking first/after returns every matching row once, ordered by name, with a stable totalCount', async () => {
    const tag = `page-${uniqueTag()}`;
    // Inserted out of name order so that id order and name order differ.
    const names = Array.from({ length: 23 }, (_, index) => `${tag} ${String((index * 11) % 23).padStart(2, '0')}`);
    await insertIngredients(harness.sub.db, harness.demo, names.map((name, index) => ({ sku: `${tag}-${index}`, name })));
    const seen: string[] = [];
    let after: string | null = null;
    let lastCursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response = await harness.as(['VIEWER'], LIST, { first: 5, after, filter: { search: tag } });
      expect(response.errors).toBeUndefined();
      const connection = response.data.ingredients;
      expect(connection.totalCount).toBe(23);
      seen.push(...connection.edges.map((edge: { node: { name: string } }) => edge.node.name));
      lastCursor = connection.pageInfo.endCursor;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([...names].sort());
    expect(new Set(seen).size).toBe(23);
    // After the last row: an empty page, still counting every match.
    const end = await harness.as(['VIEWER'], LIST, { first: 5, after: lastCursor, filter: { search: tag } });
    expect(end.data.ingredients).toMatchObject({ edges: [], totalCount: 23, pageInfo: { hasNextPage: false } });
  });

  test('first over 500, below 1, or a forged cursor is a BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 501 }, { first: 0 }, { after: 'bm90LWEtY3Vyc29y' }, { after: Buffer.from('["a","not-a-uuid"]').toString('base64url') }]) {
      const response = await harness.as(['VIEWER'], LIST, variables);
      expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  test('filters by category, perishable, case-insensitive search on name or sku, and belowReorderPoint', async () => {
    const tag = `filter-${uniqueTag()}`;
    const make = (suffix: string, fields: Record<string, unknown>) =>
      createIngredient(harness, { sku: `${tag}-${suffix}`, name: `${tag} ${suffix}`, category: 'misc', unit: 'KG', ...fields });
    const butter = await make('Butter', { category: `${tag}-dairy`, perishable: true, shelfLifeDays: 10, reorderPoint: 5 });
    const salt = await make('Salt', { reorderPoint: 1 });
    const percent = await createIngredient(harness, { sku: `${tag}-pct`, name: `${tag} 100%_rye`, category: 'misc', unit: 'KG' });
    await recordMovement(harness, { ingredientId: salt, kind: 'RECEIPT', quantity: 3 });

    const ids = async (filter: Record<string, unknown>) => {
      const response = await harness.as(['VIEWER'], LIST, { first: 100, filter: { search: tag, ...filter } });
      expect(response.errors).toBeUndefined();
      expect(response.data.ingredients.totalCount).toBe(response.data.ingredients.edges.length);
      return response.data.ingredients.edges.map((edge: { node: { id: string } }) => edge.node.id).sort();
    };
    expect(await ids({})).toEqual([butter, salt, percent].sort());
    expect(await ids({ category: `${tag}-dairy` })).toEqual([butter]);
    expect(await ids({ perishable: true })).toEqual([butter]);
    expect(await ids({ perishable: false })).toEqual([salt, percent].sort());
    expect(await ids({ belowReorderPoint: true })).toEqual([butter]);
    expect(await ids({ belowReorderPoint: false })).toEqual([salt, percent].sort());
    expect(await ids({ search: `${tag}-SALT` })).toEqual([salt]);
    expect(await ids({ search: `${tag} BUTTER` })).toEqual([butter]);
    expect(await ids({ search: `${tag} 100%_` })).toEqual([percent]);
    expect(await ids({ search: `${tag} 1%` })).toEqual([]);
  });

  test('never lists another tenant’s ingredients', async () => {
    const tag = `hidden-${uniqueTag()}`;
    await createIngredient(harness, { sku: tag, name: tag, category: 'test', unit: 'G' }, harness.rival);
    const response = await harness.as(['VIEWER'], LIST, { filter: { search: tag } });
    expect(response.data.ingredients).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
