import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { CREATE_INGREDIENT, RECORD_MOVEMENT } from './fixtures.ts';

/**
 * A `Date` is a day in the tenant's time zone (DESIGN.md): the day a RECEIPT is received on, the
 * expiry its shelf life gives, and "today" of expiringWithinDays. The subgraph finds the zone
 * itself from the verified token's tenant (SubgraphContext.today); no header names it, so a
 * forged `x-levain-time-zone` (the header the gateway once sent) changes nothing.
 *
 * The bakery sits in a zone whose calendar differs from UTC's at the moment the test runs
 * (UTC+14 from 10:00 UTC, UTC−11 before 11:00 UTC), so a UTC "today" cannot pass.
 */
const ZONE = new Date().getUTCHours() >= 11 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
const SHELF_LIFE_DAYS = 4;

let db: Db;
let stack: TestStack;
let planner: string;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  const { tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug: `zone-${randomUUID().slice(0, 8)}`, timezone: ZONE } });
  planner = await tokenFor(tenantId, ['ADMIN']);
  stack = await startTestStack(inject('databaseUrl'));
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

async function receiveFreshIngredient(url: string, headers: Record<string, string> = {}) {
  const sku = `zone-${randomUUID().slice(0, 8)}`;
  const created = await graphql(url, CREATE_INGREDIENT, { input: { sku, name: sku, category: 'dairy', unit: 'KG', perishable: true, shelfLifeDays: SHELF_LIFE_DAYS } }, planner, headers);
  expect(created.errors).toBeUndefined();
  const ingredientId = created.data.createIngredient.id as string;
  const received = await graphql(url, RECORD_MOVEMENT, { input: { ingredientId, kind: 'RECEIPT', quantity: 3 } }, planner, headers);
  expect(received.errors).toBeUndefined();
  const lots = await graphql(
    url,
    'query ($id: ID!) { ingredient(id: $id) { lots { receivedOn expiresOn } stock { expiringWithinDays(days: 0) } } }',
    { id: ingredientId },
    planner,
    headers,
  );
  expect(lots.errors).toBeUndefined();
  return lots.data.ingredient as { lots: { receivedOn: string; expiresOn: string }[]; stock: { expiringWithinDays: number } };
}

describe("inventory's calendar is the tenant's", () => {
  test('the test can tell the two calendars apart', () => {
    expect(dateIn(ZONE)).not.toBe(dateIn('UTC'));
  });

  test('through the gateway: a RECEIPT is received today in the bakery, and expires shelf life days later', async () => {
    const today = dateIn(ZONE);
    const ingredient = await receiveFreshIngredient(stack.gatewayUrl);
    expect(ingredient.lots).toEqual([{ receivedOn: today, expiresOn: addDays(today, SHELF_LIFE_DAYS) }]);
    expect(ingredient.stock.expiringWithinDays).toBe(0);
  });

  test("asked directly, the subgraph still uses the bakery's zone, found from the token's tenant", async () => {
    const today = dateIn(ZONE);
    const ingredient = await receiveFreshIngredient(stack.subgraphs.inventory.url);
    expect(ingredient.lots).toEqual([{ receivedOn: today, expiresOn: addDays(today, SHELF_LIFE_DAYS) }]);
    expect(ingredient.stock.expiringWithinDays).toBe(0);
  });

  // A zone whose calendar is the other side of the bakery's (and UTC's) at the moment the test runs.
  const FORGED = ZONE === 'Pacific/Kiritimati' ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';

  test.each([
    ['through the gateway', () => stack.gatewayUrl],
    ['to the subgraph directly', () => stack.subgraphs.inventory.url],
  ])('a forged x-levain-time-zone header changes nothing (%s)', async (_how, url) => {
    expect(dateIn(FORGED)).not.toBe(dateIn(ZONE));
    for (const forged of [FORGED, 'UTC', 'Mars/Olympus_Mons']) {
      const today = dateIn(ZONE);
      const ingredient = await receiveFreshIngredient(url(), { 'x-levain-time-zone': forged });
      expect(ingredient.lots).toEqual([{ receivedOn: today, expiresOn: addDays(today, SHELF_LIFE_DAYS) }]);
      expect(ingredient.stock.expiringWithinDays).toBe(0);
    }
  });
});
