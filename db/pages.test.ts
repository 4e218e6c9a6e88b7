import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { countQueries } from '../test/support/database.ts';
import { createDb, type Db } from './client.ts';
import { pageWithTotal } from './pages.ts';

let db: Db;
const tenantId = randomUUID();

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 1);
  await db('recipes.products').insert(['Baguette', 'Brioche', 'Croissant'].map((name) => ({ tenant_id: tenantId, sku: name.toLowerCase(), name })));
});
afterAll(async () => {
  await db('recipes.products').where('tenant_id', tenantId).delete();
  await db.destroy();
});

/** Products of `tenant` by name, after `after` when given, at most `limit`. */
function page(tenant: string, limit: number, after?: string) {
  const matching = () => db('recipes.products').where('tenant_id', tenant);
  const rows = matching().select('name').orderBy('name').limit(limit);
  if (after) rows.where('name', '>', after);
  return pageWithTotal<{ name: string }>(db, rows, matching, after !== undefined);
}

test('a page and the count of every matching row come back from one statement', async () => {
  const statements = countQueries(db);
  const first = await page(tenantId, 2);
  expect(first.rows.map((row) => row.name)).toEqual(['Baguette', 'Brioche']);
  expect(first.totalCount).toBe(3);
  const second = await page(tenantId, 2, 'Brioche');
  expect(second.rows.map((row) => row.name)).toEqual(['Croissant']);
  expect(second.totalCount).toBe(3);
  expect(statements.count).toBe(2);
});

test('an empty page after a cursor still counts every match (a second statement); with no cursor it means none', async () => {
  const statements = countQueries(db);
  expect(await page(tenantId, 2, 'Croissant')).toEqual({ rows: [], totalCount: 3 });
  expect(statements.count).toBe(2);
  statements.reset();
  expect(await page(randomUUID(), 2)).toEqual({ rows: [], totalCount: 0 });
  expect(statements.count).toBe(1);
});
