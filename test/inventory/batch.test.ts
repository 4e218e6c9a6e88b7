import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertIngredients, manyIngredients, startInventory, uniqueTag, type InventoryHarness } from './fixtures.ts';

// Batched lookups cost one SQL statement per entity kind, whatever the number of ids
// (DESIGN.md §1 "Batching"); these tests count the statements the subgraph's pool runs.

let harness: InventoryHarness;
let demoIds: string[];
let rivalIds: string[];

beforeAll(async () => {
  harness = await startInventory();
  const tag = uniqueTag();
  demoIds = await insertIngredients(harness.sub.db, harness.demo, manyIngredients(`batch-${tag}`, 1000));
  rivalIds = await insertIngredients(harness.sub.db, harness.rival, manyIngredients(`rival-${tag}`, 5));
});

afterAll(() => harness?.sub.stop());

const BY_IDS = /* GraphQL */ `
  query ByIds($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id name } missingIds } }
`;
const BY_IDS_WITH_STOCK = /* GraphQL */ `
  query ByIds($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id stock { onHand unit } } missingIds } }
`;
const BY_IDS_WITH_STOCK_AND_LOTS = /* GraphQL */ `
  query ByIds($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id stock { onHand } lots { id } } missingIds } }
`;
const STOCK_LEVELS = /* GraphQL */ `
  query Levels($ids: [ID!]!) {
    stockLevels(ingredientIds: $ids) { levels { ingredientId onHand unit belowReorderPoint updatedAt } missingIds }
  }
`;
const STOCK_LEVELS_EXPIRING = /* GraphQL */ `
  query Levels($ids: [ID!]!) { stockLevels(ingredientIds: $ids) { levels { ingredientId expiringWithinDays(days: 3) } missingIds } }
`;
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ingredient { id name } } }
`;

/** The ids in a scrambled but deterministic order, so "order kept" cannot pass by accident. */
const scrambled = (ids: string[]) => ids.map((id, index) => ({ id, key: (index * 7919) % ids.length })).sort((a, b) => a.key - b.key).map(({ id }) => id);

describe('ingredientsByIds', () => {
  test('1,000 ids cost exactly 1 SQL statement and come back in the order asked', async () => {
    const asked = scrambled(demoIds);
    harness.sub.queries.reset();
    const response = await harness.as(['VIEWER'], BY_IDS, { ids: asked });
    expect(response.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(1);
    expect(response.data.ingredientsByIds.ingredients.map((ingredient: { id: string }) => ingredient.id)).toEqual(asked);
    expect(response.data.ingredientsByIds.missingIds).toEqual([]);
  });

  test('selecting stock adds exactly one statement (2 in all), lots one more (3)', async () => {
    harness.sub.queries.reset();
    const withStock = await harness.as(['VIEWER'], BY_IDS_WITH_STOCK, { ids: demoIds });
    expect(withStock.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(2);
    expect(withStock.data.ingredientsByIds.ingredients[0].stock).toEqual({ onHand: 0, unit: 'KG' });

    harness.sub.queries.reset();
    const withLots = await harness.as(['VIEWER'], BY_IDS_WITH_STOCK_AND_LOTS, { ids: demoIds });
    expect(withLots.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(3);
    expect(withLots.data.ingredientsByIds.ingredients).toHaveLength(1000);
  });

  test('unknown and other-tenant ids are missing; order and duplicates kept in both lists', async () => {
    const unknown = randomUUID();
    const asked = [demoIds[5], rivalIds[0], demoIds[2], unknown, demoIds[5], rivalIds[1].toUpperCase(), unknown];
    const response = await harness.as(['VIEWER'], BY_IDS, { ids: asked });
    expect(response.errors).toBeUndefined();
    const batch = response.data.ingredientsByIds;
    expect(batch.ingredients.map((ingredient: { id: string }) => ingredient.id)).toEqual([demoIds[5], demoIds[2], demoIds[5]]);
    expect(batch.missingIds).toEqual([rivalIds[0], unknown, rivalIds[1], unknown]);
  });

  test('the rival tenant sees its own ids and none of demo', async () => {
    const response = await harness.as(['VIEWER'], BY_IDS, { ids: [rivalIds[0], demoIds[0]] }, harness.rival);
    expect(response.data.ingredientsByIds.ingredients.map((ingredient: { id: string }) => ingredient.id)).toEqual([rivalIds[0]]);
    expect(response.data.ingredientsByIds.missingIds).toEqual([demoIds[0]]);
  });

  test('malformed ids are a BAD_USER_INPUT naming them, before any SQL', async () => {
    harness.sub.queries.reset();
    const response = await harness.as(['VIEWER'], BY_IDS, { ids: [demoIds[0], 'not-a-uuid', '1234'] });
    expect(response.data).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('"not-a-uuid"');
    expect(response.errors?.[0].message).toContain('"1234"');
    expect(harness.sub.queries.count).toBe(0);
  });

  test('5,001 ids are a BAD_USER_INPUT; 5,000 are answered with one statement', async () => {
    const tooMany = Array.from({ length: 5001 }, () => randomUUID());
    const refused = await harness.as(['VIEWER'], BY_IDS, { ids: tooMany });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toContain('5001');

    harness.sub.queries.reset();
    const accepted = await harness.as(['VIEWER'], BY_IDS, { ids: tooMany.slice(1) });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.ingredientsByIds.missingIds).toHaveLength(5000);
    expect(harness.sub.queries.count).toBe(1);
  });
});

describe('stockLevels', () => {
  test('1,000 ids cost exactly 1 SQL statement; ingredients without lots are at 0, not missing', async () => {
    const asked = scrambled(demoIds);
    harness.sub.queries.reset();
    const response = await harness.as(['VIEWER'], STOCK_LEVELS, { ids: asked });
    expect(response.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(1);
    const { levels, missingIds } = response.data.stockLevels;
    expect(levels.map((level: { ingredientId: string }) => level.ingredientId)).toEqual(asked);
    expect(missingIds).toEqual([]);
    expect(levels[0]).toMatchObject({ onHand: 0, unit: 'KG', belowReorderPoint: false });
    expect(Number.isNaN(Date.parse(levels[0].updatedAt))).toBe(false);
  });

  test('expiringWithinDays over 1,000 levels adds exactly one statement (2 in all)', async () => {
    harness.sub.queries.reset();
    const response = await harness.as(['VIEWER'], STOCK_LEVELS_EXPIRING, { ids: demoIds });
    expect(response.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(2);
    expect(response.data.stockLevels.levels[999]).toEqual({ ingredientId: demoIds[999], expiringWithinDays: 0 });
  });

  test('other-tenant and unknown ids are missing; malformed and too many ids are refused', async () => {
    const unknown = randomUUID();
    const response = await harness.as(['VIEWER'], STOCK_LEVELS, { ids: [rivalIds[2], demoIds[9], unknown] });
    expect(response.data.stockLevels.levels.map((level: { ingredientId: string }) => level.ingredientId)).toEqual([demoIds[9]]);
    expect(response.data.stockLevels.missingIds).toEqual([rivalIds[2], unknown]);

    const malformed = await harness.as(['VIEWER'], STOCK_LEVELS, { ids: ['flour'] });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0].message).toContain('ingredientIds');
    expect(malformed.errors?.[0].message).toContain('"flour"');

    const tooMany = await harness.as(['VIEWER'], STOCK_LEVELS, { ids: Array.from({ length: 5001 }, () => randomUUID()) });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('_entities', () => {
  test('500 Ingredient representations cost exactly 1 SQL statement, in order', async () => {
    const representations = demoIds.slice(0, 500).reverse().map((id) => ({ __typename: 'Ingredient', id }));
    harness.sub.queries.reset();
    const response = await harness.as(['VIEWER'], ENTITIES, { representations });
    expect(response.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(1);
    expect(response.data._entities.map((entity: { id: string }) => entity.id)).toEqual(representations.map(({ id }) => id));
    expect(response.data._entities[0].name).toMatch(/ 0499$/);
  });

  test('other-tenant, unknown and malformed references resolve to null', async () => {
    const representations = [demoIds[0], rivalIds[0], randomUUID(), 'garbage'].map((id) => ({ __typename: 'Ingredient', id }));
    const response = await harness.as(['VIEWER'], ENTITIES, { representations });
    expect(response.errors).toBeUndefined();
    expect(response.data._entities.map((entity: { id: string } | null) => entity?.id ?? null)).toEqual([demoIds[0], null, null, null]);
  });
});

describe('nested fields on lists', () => {
  test('_entities with stock and a page of ingredients with stock and lots cost one statement per kind', async () => {
    const representations = demoIds.slice(0, 500).map((id) => ({ __typename: 'Ingredient', id }));
    harness.sub.queries.reset();
    const entities = await harness.as(
      ['VIEWER'],
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Ingredient { id stock { onHand } } } }',
      { r: representations },
    );
    expect(entities.errors).toBeUndefined();
    expect(harness.sub.queries.count).toBe(2);

    harness.sub.queries.reset();
    const page = await harness.as(
      ['VIEWER'],
      'query($search: String) { ingredients(first: 500, filter: { search: $search }) { edges { node { id stock { onHand } lots { id } } } totalCount } }',
      { search: 'batch-' },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data.ingredients.edges).toHaveLength(500);
    // the page with its totalCount in one statement, then one statement each for stock and lots
    expect(harness.sub.queries.count).toBe(3);
  });
});

describe('ingredient(id)', () => {
  test('finds the tenant’s own ingredient, null for another tenant’s, BAD_USER_INPUT for a malformed id', async () => {
    const query = 'query One($id: ID!) { ingredient(id: $id) { id sku } }';
    expect((await harness.as(['VIEWER'], query, { id: demoIds[3] })).data.ingredient.id).toBe(demoIds[3]);
    expect((await harness.as(['VIEWER'], query, { id: rivalIds[3] })).data.ingredient).toBeNull();
    const malformed = await harness.as(['VIEWER'], query, { id: 'x' });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0].message).toContain('"x"');
  });
});
