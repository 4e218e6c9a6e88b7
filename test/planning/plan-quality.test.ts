import { beforeAll, describe, expect, test } from 'vitest';
import { type Db } from '../../db/client.ts';
import type { BakeryDescription, SeedIngredient, SeedProduct, Weekday } from '../../db/seeds/bakery.ts';
import { formatDay } from '../../subgraphs/planning/engine/dates.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { ok, runPipelineThroughGateway, seedOwnBakery } from './pipeline-support.ts';

/*
 * Issue 11, through the gateway: small bakeries whose plans a baker could not have followed before —
 * shortfalls "repaid" by later orders, urgent lines ordered days late, long lead times never ordered,
 * a future run opening with today's stock, stale sales read as zero sales, a false minimum-order
 * warning, a reason silent about the supplier passed over.
 */

let stack: TestStack;
let db: Db;
let url: string;

const ZONE = 'Europe/Madrid';
const today = () => dateIn(ZONE);
const EVERY_DAY_ONCE: Record<Weekday, number> = { MON: 1, TUE: 1, WED: 1, THU: 1, FRI: 1, SAT: 1, SUN: 1 };
const WEEKDAYS: Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const weekdayIn = (days: number): Weekday => WEEKDAYS[new Date(`${addDays(today(), days)}T12:00:00Z`).getUTCDay()];

function ingredient(sku: string, onHand: number): SeedIngredient {
  return { sku, name: sku, category: 'Dry', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 0, lots: [{ quantity: onHand, receivedDaysAgo: 1 }] };
}

/** A product of one batch a unit, made of 1 kg of each ingredient listed, selling `perDay` every day, no noise. */
function product(sku: string, perDay: number, ingredientSkus: string[], kgEach = 1): SeedProduct {
  return {
    sku,
    name: sku,
    recipe: { name: `${sku} recipe`, yieldQuantity: 1, lines: ingredientSkus.map((ingredientSku) => ({ ingredientSku, quantity: kgEach, unit: 'KG' })) },
    sales: { baseline: perDay, noise: 0 },
  };
}

function bakery(description: Omit<BakeryDescription, 'tenant' | 'weekdayFactors'>): BakeryDescription {
  return { tenant: { slug: 'quality', name: 'Plan quality', timezone: ZONE }, weekdayFactors: EVERY_DAY_ONCE, ...description };
}

const SETTINGS = `mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { closedWeekdays } }`;
const PLAN_OF_RUN = `query ($id: ID!) {
  orchestrationRun(id: $id) {
    procurementPlan {
      planDate warnings { code message }
      purchaseOrders { orderDate deliveryDate total belowMinimumOrderValue lines { ingredient { name } } }
      lines { ingredient { name } supplier { name } quantity orderDate deliveryDate neededBy urgent reason }
      projections { ingredient { name } safetyStock days { date opening demand shortfall closing blockedProduction { product { name } batches } } }
    }
  }
}`;

async function planOf(token: string, runId: string) {
  const { orchestrationRun } = await ok(url, PLAN_OF_RUN, { id: runId }, token);
  return orchestrationRun.procurementPlan;
}

useGatewayStack((started) => ({ stack, url, db } = started));

describe('a bakery whose flour runs out before any delivery can come', () => {
  // 30 kg of flour and 100 kg of sugar; bread takes 1 kg of each a batch and sells 20 a day. SlowMill (1.00/kg, lead
  // 9 days) is the only one that could deliver soonest; CheapMill (0.50/kg, lead 12) scores higher. Salt comes from
  // a supplier that delivers on one weekday only.
  const description = bakery({
    ingredients: [ingredient('flour', 30), ingredient('sugar', 100), ingredient('salt', 5)],
    suppliers: [
      { name: 'SlowMill', leadTimeDays: 9, reliability: 0.9, minimumOrderValue: 0, currency: 'EUR', deliveryDays: [], offers: [
        { ingredientSku: 'flour', unitPrice: 1, minimumOrderQuantity: 0, packSize: 25, leadTimeDays: null },
        { ingredientSku: 'sugar', unitPrice: 1, minimumOrderQuantity: 0, packSize: 25, leadTimeDays: null },
      ] },
      { name: 'CheapMill', leadTimeDays: 12, reliability: 0.9, minimumOrderValue: 0, currency: 'EUR', deliveryDays: [], offers: [
        { ingredientSku: 'flour', unitPrice: 0.5, minimumOrderQuantity: 0, packSize: 25, leadTimeDays: null },
      ] },
      { name: 'WeeklySalt', leadTimeDays: 2, reliability: 0.9, minimumOrderValue: 0, currency: 'EUR', deliveryDays: [weekdayIn(4)], offers: [
        { ingredientSku: 'salt', unitPrice: 0.3, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      ] },
    ],
    products: [product('bread', 20, ['flour', 'sugar']), product('pretzel', 2, ['salt'])],
  });
  let seeded: Awaited<ReturnType<typeof seedOwnBakery>>;
  let plan: Awaited<ReturnType<typeof planOf>>;
  const projectionOf = (name: string) => plan.projections.find((projection: { ingredient: { name: string } }) => projection.ingredient.name === name);
  const lineOf = (name: string) => plan.lines.find((line: { ingredient: { name: string } }) => line.ingredient.name === name);

  beforeAll(async () => {
    seeded = await seedOwnBakery(db, description, 'quality');
    const { run } = await runPipelineThroughGateway(url, seeded.service, today());
    plan = await planOf(seeded.viewer, run.id);
  });

  test('never projects stock below 0: the demand it cannot serve is lost, and the batches it blocks are named (case 1)', () => {
    const flour = projectionOf('flour');
    // 30 kg: day 0 closes at 10, day 1 serves 10 and loses 10, then 20 a day are lost until the delivery on day 9.
    expect(flour.days.slice(0, 4).map((day: { closing: number; shortfall: number }) => [day.closing, day.shortfall])).toEqual([
      [10, 0],
      [0, 10],
      [0, 20],
      [0, 20],
    ]);
    for (const day of flour.days) expect(day.closing).toBeGreaterThanOrEqual(0);
    expect(flour.days[2].blockedProduction).toEqual([{ product: { name: 'bread' }, batches: 20 }]);
  });

  test('orders a lead time longer than the horizon today, projecting to its earliest delivery (case 3)', () => {
    const flour = projectionOf('flour');
    expect(flour.days).toHaveLength(10); // the 7-day horizon, continued to day 9
    expect(lineOf('flour')).toMatchObject({ orderDate: today(), deliveryDate: addDays(today(), 9), urgent: true });
    expect(flour.days[9].closing).toBeGreaterThan(0);
  });

  test('orders an urgent line at once, for the earliest delivery (case 2)', () => {
    // Salt: 5 kg, 2 a day → runs out on day 2; WeeklySalt delivers on day 4's weekday only, lead 2: the earliest
    // delivery is day 4, and an order placed today reaches it. (Before: ordered on day 2, delivery − lead time.)
    expect(lineOf('salt')).toMatchObject({ orderDate: today(), deliveryDate: addDays(today(), 4), urgent: true });
    const late = plan.warnings.find((warning: { code: string; message: string }) => warning.code === 'LATE_DELIVERY' && warning.message.startsWith('salt'));
    expect(late.message).toContain('order it today');
    expect(late.message).toMatch(/of demand from .* stays uncovered/);
  });

  test('names the better-scored supplier it passed over, and why (case 9)', () => {
    expect(lineOf('flour').supplier.name).toBe('SlowMill');
    expect(lineOf('flour').reason).toContain(`CheapMill is cheaper (0.50 per kg against 1.00) but cannot deliver before ${formatDay(addDays(today(), 12))}`);
  });

  test('opens a run for a later date with the stock projected from today (case 4)', async () => {
    const { run } = await runPipelineThroughGateway(url, seeded.service, addDays(today(), 3));
    const later = await planOf(seeded.viewer, run.id);
    const sugar = later.projections.find((projection: { ingredient: { name: string } }) => projection.ingredient.name === 'sugar');
    // 100 kg today, 20 a day for three days → 40 kg on the later date's morning, not today's 100.
    expect(sugar.days[0]).toMatchObject({ date: addDays(today(), 3), opening: 40 });
    const flour = later.projections.find((projection: { ingredient: { name: string } }) => projection.ingredient.name === 'flour');
    expect(flour.days[0].opening).toBe(0);
  });
});

describe('sales calendar', () => {
  test('a bakery whose sales stop four days ago is forecast at its usual rate, with STALE_SALES_DATA; closed weekdays forecast 0 (case 5)', async () => {
    const description = bakery({ ingredients: [ingredient('flour', 1000)], suppliers: [], products: [product('bread', 100, ['flour'])] });
    const fresh = await seedOwnBakery(db, description, 'fresh');
    const stale = await seedOwnBakery(db, description, 'stale');
    await db('planning.sales').where('tenant_id', stale.tenantId).where('date', '>=', addDays(today(), -3)).delete();
    // The fresh bakery closes on tomorrow's weekday from now on: nothing is forecast for it.
    await ok(url, SETTINGS, { input: { closedWeekdays: [weekdayIn(1)] } }, fresh.admin);

    const freshRun = await runPipelineThroughGateway(url, fresh.service, today());
    const staleRun = await runPipelineThroughGateway(url, stale.service, today());
    const quantities = (forecasts: { date: string; quantity: number }[]) => forecasts.filter((f) => f.date === today()).map((f) => f.quantity);
    expect(quantities(freshRun.forecasted.forecasts)).toEqual([100]);
    const tomorrow = freshRun.forecasted.forecasts.filter((f: { date: string }) => f.date === addDays(today(), 1));
    expect(tomorrow.map((f: { quantity: number }) => f.quantity)).toEqual([0]);
    expect(quantities(staleRun.forecasted.forecasts)).toEqual([100]); // was 57.1: three unrecorded days read as 0
    const codes = async (token: string, runId: string) => (await planOf(token, runId)).warnings.map((warning: { code: string }) => warning.code);
    expect(await codes(fresh.viewer, freshRun.run.id)).not.toContain('STALE_SALES_DATA');
    expect(await codes(stale.viewer, staleRun.run.id)).toContain('STALE_SALES_DATA');
  });
});

describe('minimum order value', () => {
  test('a later order that can keep its delivery day is merged into an order below the minimum (case 6)', async () => {
    // One supplier delivering only on day 3's weekday. Rye (lead 2 via its offer) is needed on day 3 → ordered day 1;
    // spelt (lead 1) is needed on day 3 → ordered day 2. Day 1's order (40 kg × 1.00) is below the minimum 100; spelt
    // ordered on day 1 still arrives on day 3, so it moves: one order, no warning. (Before: two orders and a
    // "no later order could be merged" warning on the first.)
    const description = bakery({
      ingredients: [ingredient('rye', 30), ingredient('spelt', 35)],
      suppliers: [
        // Always on time and no demand noise: safety stock 0, so the need days are exactly the stock-out days.
        { name: 'Molino', leadTimeDays: 1, reliability: 1, minimumOrderValue: 100, currency: 'EUR', deliveryDays: [weekdayIn(3)], offers: [
          { ingredientSku: 'rye', unitPrice: 1, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: 2 },
          { ingredientSku: 'spelt', unitPrice: 2, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
        ] },
      ],
      products: [product('rye-bread', 10, ['rye']), product('spelt-bread', 10, ['spelt'])],
    });
    const seeded = await seedOwnBakery(db, description, 'minimum');
    const { run } = await runPipelineThroughGateway(url, seeded.service, today());
    const plan = await planOf(seeded.viewer, run.id);
    expect(plan.purchaseOrders.map((order: { orderDate: string; deliveryDate: string; belowMinimumOrderValue: boolean }) => [order.orderDate, order.deliveryDate, order.belowMinimumOrderValue])).toEqual([
      [addDays(today(), 1), addDays(today(), 3), false],
    ]);
    expect(plan.warnings.map((warning: { code: string }) => warning.code)).not.toContain('BELOW_MINIMUM_ORDER_VALUE');
  });
});
