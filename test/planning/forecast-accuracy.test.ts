import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import type { BakeryDescription } from '../../db/seeds/bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { ok, runPipelineThroughGateway, seedOwnBakery } from './pipeline-support.ts';

/*
 * Issue 13: forecasts kept with the sales that followed. A run's stored forecasts are moved a week
 * back (as if the run had been made then) and set to hand-picked figures; the sales of that week are
 * replaced by known ones; forecastAccuracy through the gateway must give the hand-computed WAPE and bias.
 */

let stack: TestStack;
let db: Db;
const ZONE = 'Europe/Madrid';
const EVERY_DAY = { MON: 1, TUE: 1, WED: 1, THU: 1, FRI: 1, SAT: 1, SUN: 1 };
const description: BakeryDescription = {
  tenant: { slug: 'accuracy', name: 'Accuracy', timezone: ZONE },
  weekdayFactors: EVERY_DAY,
  ingredients: [{ sku: 'flour', name: 'Flour', category: 'Dry', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 0, lots: [{ quantity: 500, receivedDaysAgo: 1 }] }],
  suppliers: [],
  products: [
    { sku: 'bread', name: 'Bread', recipe: { name: 'Bread', yieldQuantity: 1, lines: [{ ingredientSku: 'flour', quantity: 1, unit: 'KG' }] }, sales: { baseline: 100, noise: 0 } },
  ],
};

const ACCURACY = `{
  forecastAccuracy {
    asOf
    bakery { last7 { days observedDays forecast actual wape bias } }
    products { product { name } last7 { observedDays forecast actual wape bias } last28 { observedDays } }
  }
}`;

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  db = createDb(inject('databaseUrl'), 2);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

test('forecastAccuracy holds the kept forecasts against the sales that followed (hand-computed)', async () => {
  const bakery = await seedOwnBakery(db, description, 'accuracy');
  const today = dateIn(ZONE);
  const { run } = await runPipelineThroughGateway(stack.gatewayUrl, bakery.service, today);
  // The run forecast today … today + 6; move its forecasts to the week before today (days −7 … −1) at 100 each.
  const moved = await db('planning.forecasts').where({ tenant_id: bakery.tenantId, run_id: run.id }).update({
    date: db.raw('date - 7'),
    quantity: 100,
  });
  expect(moved).toBe(7);
  // That week's sales: 90, 110, 100, 100, 80, 100, 120 — but day −3 is not recorded at all.
  const sold = [90, 110, 100, 100, 80, 100, 120];
  await db('planning.sales').where('tenant_id', bakery.tenantId).where('date', '>=', addDays(today, -7)).delete();
  const product = await db('planning.forecasts').where({ run_id: run.id }).first('product_id');
  await db('planning.sales').insert(
    sold
      .map((quantity, k) => ({ tenant_id: bakery.tenantId, product_id: product.product_id, date: addDays(today, k - 7), quantity }))
      .filter((row) => row.date !== addDays(today, -3)),
  );

  const { forecastAccuracy } = await ok(stack.gatewayUrl, ACCURACY, {}, bakery.viewer);
  // Six recorded days: forecasts 600, sales 620, Σ|error| = 10 + 10 + 0 + 0 + 0 + 20 = 40 → WAPE 0.064516, bias −0.032258.
  expect(forecastAccuracy.asOf).toBe(today);
  expect(forecastAccuracy.products).toEqual([
    { product: { name: 'Bread' }, last7: { observedDays: 6, forecast: 600, actual: 620, wape: 0.064516, bias: -0.032258 }, last28: { observedDays: 6 } },
  ]);
  expect(forecastAccuracy.bakery.last7).toEqual({ days: 7, observedDays: 6, forecast: 600, actual: 620, wape: 0.064516, bias: -0.032258 });
});
