import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { graphql, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Issue 12, finding 9: a subgraph reached directly with a validly signed token of a tenant that
 * does not exist wrote rows no bakery owns, and `startOrchestrationRun` answered the foreign-key
 * violation as INTERNAL_SERVER_ERROR. Every subgraph now checks a mutation's tenant (planning in
 * its own table, the others by asking planning, remembered per TENANT_CACHE_SECONDS).
 */

let stack: TestStack;
let db: Db;
const ghost = randomUUID();

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  db = createDb(inject('databaseUrl'), 2);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const WRITES = {
  inventory: {
    query: 'mutation ($input: CreateIngredientInput!) { createIngredient(input: $input) { id } }',
    input: () => ({ sku: `GHOST-${randomUUID().slice(0, 8)}`, name: 'Ghost flour', category: 'flour', unit: 'KG' }),
    rows: (tenant: string) => db('inventory.ingredients').where({ tenant_id: tenant }).count({ n: '*' }),
  },
  suppliers: {
    query: 'mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }',
    input: () => ({ name: `Ghost mill ${randomUUID().slice(0, 8)}`, leadTimeDays: 1, reliability: 0.9 }),
    rows: (tenant: string) => db('suppliers.suppliers').where({ tenant_id: tenant }).count({ n: '*' }),
  },
  recipes: {
    query: 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    input: () => ({ sku: `GHOST-${randomUUID().slice(0, 8)}`, name: 'Ghost loaf' }),
    rows: (tenant: string) => db('recipes.products').where({ tenant_id: tenant }).count({ n: '*' }),
  },
} as const;

test.each(Object.keys(WRITES) as (keyof typeof WRITES)[])('%s refuses a write of a tenant that does not exist, and writes nothing', async (name) => {
  const write = WRITES[name];
  const response = await graphql(stack.subgraphs[name].url, write.query, { input: write.input() }, await tokenFor(ghost, ['ADMIN']));
  expect(response.status).toBe(401);
  expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(response.errors?.[0].message).toMatch(/tenant of this token does not exist/);
  expect(Number((await write.rows(ghost))[0].n)).toBe(0);
});

test.each(Object.keys(WRITES) as (keyof typeof WRITES)[])("%s still takes an existing bakery's write", async (name) => {
  const write = WRITES[name];
  const demo = await tenantId(db, 'demo');
  const before = Number((await write.rows(demo))[0].n);
  const response = await graphql(stack.subgraphs[name].url, write.query, { input: write.input() }, await tokenFor(demo, ['ADMIN']));
  expect(response.errors).toBeUndefined();
  expect(Number((await write.rows(demo))[0].n)).toBe(before + 1);
});

test('startOrchestrationRun of a tenant that does not exist is UNAUTHENTICATED (was a foreign-key INTERNAL_SERVER_ERROR), no run written', async () => {
  const response = await graphql(
    stack.subgraphs.planning.url,
    'mutation ($input: StartOrchestrationRunInput!) { startOrchestrationRun(input: $input) { id } }',
    { input: { planDate: '2026-03-02', trigger: 'SCHEDULED', idempotencyKey: 'scheduled:2026-03-02' } },
    await tokenFor(ghost, ['SERVICE']),
  );
  expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(Number((await db('planning.orchestration_runs').where({ tenant_id: ghost }).count({ n: '*' }))[0].n)).toBe(0);
});

test('reads of an unknown tenant are not refused: they find nothing', async () => {
  const response = await graphql(stack.subgraphs.suppliers.url, '{ suppliers(first: 5) { totalCount } }', {}, await tokenFor(ghost, ['VIEWER']));
  expect(response.errors).toBeUndefined();
  expect(response.data.suppliers.totalCount).toBe(0);
});
