import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { insertPrivateBakeries, type PrivateBakery } from './support.ts';

/**
 * Issue 12, finding 7 (backstop only): a value Postgres refuses (SQLSTATE class 22) comes back as
 * BAD_USER_INPUT without SQL in the message, not INTERNAL_SERVER_ERROR, and nothing is written.
 */

let stack: TestStack;
let db: Db;
let bakery: PrivateBakery;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'data-errors'));
  stack = await startTestStack(inject('databaseUrl'));
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

test('a NUL character in an ingredient name is BAD_USER_INPUT and writes nothing', async () => {
  const token = await tokenFor(bakery.tenantId, ['ADMIN']);
  const count = async () => Number((await db('inventory.ingredients').where({ tenant_id: bakery.tenantId }).count({ n: '*' }))[0].n);
  const before = await count();
  const response = await graphql(
    stack.gatewayUrl,
    'mutation ($input: CreateIngredientInput!) { createIngredient(input: $input) { id } }',
    { input: { sku: 'NUL-1', name: 'Rye\u0000flour', category: 'flour', unit: 'KG' } },
    token,
  );
  expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(response.errors?.[0].message).not.toMatch(/insert|select|0x00|invalid byte sequence/i);
  expect(await count()).toBe(before);
});

test('a subscription sent straight to a subgraph is refused with HTTP 400, not an internal error', async () => {
  const token = await tokenFor(bakery.tenantId, ['VIEWER']);
  for (const { url } of Object.values(stack.subgraphs)) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { __typename }' }),
    });
    expect(response.status, url).toBe(400);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
});
