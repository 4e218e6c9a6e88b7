import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Db } from '../../db/client.ts';
import type { BakeryDescription, Weekday } from '../../db/seeds/bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { createTenant } from '../../subgraphs/planning/repository/tenants.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { ok, refused, runPipelineThroughGateway } from './pipeline-support.ts';

/**
 * Issue 11, point 10, and the forecast calendar's settings, through the gateway: one currency per
 * bakery (offers in another are left out with CURRENCY_MISMATCH, money says its currency), unit
 * prices that keep their digits from the offer to the plan line, and the new planning settings.
 */

let stack: TestStack;
let db: Db;
let url: string;

useGatewayStack((started) => ({ stack, url, db } = started));

const EVERY_DAY_THE_SAME = Object.fromEntries(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => [day, 1])) as Record<Weekday, number>;

/**
 * A brioche shop: 10 brioches a day, one batch of 10 takes 20 g of yeast, 50 g in stock. Yeast
 * sells in packs of 500 g from a EUR mill at €0.024/g and from a USD dealer at $0.01/g, so a
 * week's need is one pack: 500 g × 0.024 = 12.00.
 */
function briocheShop(slug: string): BakeryDescription {
  return {
    tenant: { slug, name: 'Brioche Shop', timezone: 'Europe/Paris' },
    weekdayFactors: EVERY_DAY_THE_SAME,
    ingredients: [
      { sku: 'YEAST', name: 'Fresh yeast', category: 'leavening', unit: 'G', perishable: false, shelfLifeDays: null, reorderPoint: 0, lots: [{ quantity: 50, receivedDaysAgo: 1 }] },
      { sku: 'SAFFRON', name: 'Saffron', category: 'spice', unit: 'G', perishable: false, shelfLifeDays: null, reorderPoint: 0, lots: [] },
    ],
    suppliers: [
      {
        name: 'Euro Mill',
        leadTimeDays: 1,
        reliability: 0.9,
        minimumOrderValue: 0,
        currency: 'EUR',
        deliveryDays: [],
        offers: [{ ingredientSku: 'YEAST', unitPrice: 0.024, minimumOrderQuantity: 500, packSize: 500, leadTimeDays: null }],
      },
      {
        name: 'Yankee Yeast',
        leadTimeDays: 1,
        reliability: 0.9,
        minimumOrderValue: 0,
        currency: 'USD',
        deliveryDays: [],
        offers: [{ ingredientSku: 'YEAST', unitPrice: 0.01, minimumOrderQuantity: 500, packSize: 500, leadTimeDays: null }],
      },
    ],
    products: [
      {
        sku: 'BRIOCHE',
        name: 'Brioche',
        sales: { baseline: 10, noise: 0 },
        recipe: { name: 'Brioche (10)', yieldQuantity: 10, lines: [{ ingredientSku: 'YEAST', quantity: 20, unit: 'G' }] },
      },
    ],
  };
}

const PLAN = `mutation ($runId: ID!) {
  generateProcurementPlan(runId: $runId) {
    id currency totalCost
    purchaseOrders { currency total supplier { name currency } lines { ingredient { name } supplier { name } quantity unit unitPrice cost } }
    warnings { code message supplier { name } }
  }
}`;

async function plan(service: string, planDate: string) {
  const { run, plan } = await runPipelineThroughGateway(url, service, planDate, { planMutation: PLAN });
  const runId = run.id as string;
  return { ...plan, runId };
}

const SETTINGS_FIELDS = 'currency closedWeekdays closedDates staleSalesAfterDays horizonDays';
const SETTINGS = `{ planningSettings { ${SETTINGS_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { ${SETTINGS_FIELDS} } }`;

describe('one currency per bakery, prices with their digits', () => {
  const slug = `brioche-${randomUUID().slice(0, 8)}`;
  let tokens: { service: string; admin: string; viewer: string };
  let yeastId: string;
  let saffronId: string;
  let euroMillId: string;
  let eurPlan: any;

  beforeAll(async () => {
    const { tenantId } = await insertBakery(db, briocheShop(slug));
    tokens = {
      service: await tokenFor(tenantId, ['SERVICE']),
      admin: await tokenFor(tenantId, ['ADMIN']),
      viewer: await tokenFor(tenantId, ['VIEWER']),
    };
    const { ingredients } = await ok(url, `{ ingredients(first: 10) { edges { node { id sku } } } }`, {}, tokens.viewer);
    const idOf = (sku: string) => ingredients.edges.find((edge: { node: { sku: string } }) => edge.node.sku === sku).node.id;
    yeastId = idOf('YEAST');
    saffronId = idOf('SAFFRON');
    eurPlan = await plan(tokens.service, dateIn('Europe/Paris'));
  });

  test('an offer at 0.024 €/g reads back as 0.024', async () => {
    const { supplierOffers } = await ok(url, `query ($ids: [ID!]) { supplierOffers(ingredientIds: $ids) { unitPrice supplier { id name currency } } }`, { ids: [yeastId] }, tokens.viewer);
    const euro = supplierOffers.find((offer: { supplier: { name: string } }) => offer.supplier.name === 'Euro Mill');
    expect(euro).toMatchObject({ unitPrice: 0.024, supplier: { currency: 'EUR' } });
    euroMillId = euro.supplier.id;
  });

  test('the plan line keeps 0.024 and costs 12.00 for 500 g; the plan and its order say EUR', () => {
    expect(eurPlan.currency).toBe('EUR');
    expect(eurPlan.purchaseOrders).toHaveLength(1);
    const [order] = eurPlan.purchaseOrders;
    expect(order).toMatchObject({ currency: 'EUR', total: 12, supplier: { name: 'Euro Mill', currency: 'EUR' } });
    expect(order.lines).toEqual([
      { ingredient: { name: 'Fresh yeast' }, supplier: { name: 'Euro Mill' }, quantity: 500, unit: 'G', unitPrice: 0.024, cost: 12 },
    ]);
    expect(eurPlan.totalCost).toBe(12);
  });

  test("the run's PLAN_READY notification gives the total with its currency", async () => {
    const NOTIFY = `mutation ($runId: ID!) { sendPlanNotifications(runId: $runId) { notifications { kind message } } }`;
    const { sendPlanNotifications } = await ok(url, NOTIFY, { runId: eurPlan.runId }, tokens.service);
    const ready = sendPlanNotifications.notifications.find((notification: { kind: string }) => notification.kind === 'PLAN_READY');
    expect(ready.message).toContain('total 12.00 EUR.');
  });

  test('the USD supplier, though cheaper, is not planned, and a CURRENCY_MISMATCH warning names it and both currencies', () => {
    const mismatches = eurPlan.warnings.filter((warning: { code: string }) => warning.code === 'CURRENCY_MISMATCH');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0].supplier).toEqual({ name: 'Yankee Yeast' });
    expect(mismatches[0].message).toMatch(/Yankee Yeast.*USD.*EUR/);
  });

  test('a bakery that switches to USD plans from the USD supplier only, in USD; the EUR plan stays in EUR', async () => {
    await ok(url, UPDATE, { input: { currency: 'USD' } }, tokens.admin);
    const usdPlan = await plan(tokens.service, dateIn('Europe/Paris'));
    expect(usdPlan.currency).toBe('USD');
    expect(usdPlan.purchaseOrders.map((order: { currency: string; supplier: { name: string } }) => [order.supplier.name, order.currency])).toEqual([
      ['Yankee Yeast', 'USD'],
    ]);
    expect(usdPlan.purchaseOrders[0].lines[0]).toMatchObject({ unitPrice: 0.01, quantity: 500, cost: 5 });
    const mismatch = usdPlan.warnings.find((warning: { code: string }) => warning.code === 'CURRENCY_MISMATCH');
    expect(mismatch.supplier).toEqual({ name: 'Euro Mill' });
    const { procurementPlan } = await ok(url, `query ($id: ID!) { procurementPlan(id: $id) { currency purchaseOrders { currency } } }`, { id: eurPlan.id }, tokens.viewer);
    expect(procurementPlan).toEqual({ currency: 'EUR', purchaseOrders: [{ currency: 'EUR' }] });
    await ok(url, UPDATE, { input: { currency: 'EUR' } }, tokens.admin);
  });

  test('an offer at 0.00085 €/g keeps all its digits; a price below 0.000001 is refused naming unitPrice', async () => {
    const UPSERT = `mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { unitPrice } }`;
    const input = { supplierId: euroMillId, ingredientId: saffronId, unitPrice: 0.00085, minimumOrderQuantity: 0, packSize: 1 };
    expect((await ok(url, UPSERT, { input }, tokens.admin)).upsertSupplierOffer.unitPrice).toBe(0.00085);
    const tooSmall = await refused(url, UPSERT, { input: { ...input, unitPrice: 0.0000004 } }, tokens.admin);
    expect(tooSmall.code).toBe('BAD_USER_INPUT');
    expect(tooSmall.message).toContain('unitPrice');
    const { supplierOffers } = await ok(url, `query ($ids: [ID!]) { supplierOffers(ingredientIds: $ids) { unitPrice } }`, { ids: [saffronId] }, tokens.viewer);
    expect(supplierOffers).toEqual([{ unitPrice: 0.00085 }]);
  });
});

describe('planning settings: currency and the forecast calendar', () => {
  let admin: string;
  let planningUrl: string;

  beforeAll(async () => {
    const tenant = await createTenant(db, { slug: `calendar-${randomUUID().slice(0, 8)}`, name: 'Calendar', timezone: 'Europe/Madrid' });
    admin = await tokenFor(tenant!.id, ['ADMIN']);
    planningUrl = stack.subgraphs.planning.url;
  });

  const DEFAULTS = { currency: 'EUR', closedWeekdays: [], closedDates: [], staleSalesAfterDays: 3, horizonDays: 7 };

  test('a new bakery plans in EUR, is never closed, and calls sales stale after 3 days', async () => {
    expect((await ok(url, SETTINGS, {}, admin)).planningSettings).toEqual(DEFAULTS);
  });

  test('writes are stored in week order and date order, without repeats, and read back', async () => {
    const written = await ok(
      url,
      UPDATE,
      { input: { currency: 'GBP', closedWeekdays: ['SUN', 'MON', 'SUN'], closedDates: ['2026-12-25', '2026-01-01', '2026-12-25'], staleSalesAfterDays: 5 } },
      admin,
    );
    const expected = { currency: 'GBP', closedWeekdays: ['MON', 'SUN'], closedDates: ['2026-01-01', '2026-12-25'], staleSalesAfterDays: 5, horizonDays: 7 };
    expect(written.updatePlanningSettings).toEqual(expected);
    expect((await ok(url, SETTINGS, {}, admin)).planningSettings).toEqual(expected);
    const cleared = await ok(url, UPDATE, { input: { closedWeekdays: [], closedDates: [] } }, admin);
    expect(cleared.updatePlanningSettings).toMatchObject({ closedWeekdays: [], closedDates: [], currency: 'GBP' });
    await ok(url, UPDATE, { input: { currency: 'EUR', staleSalesAfterDays: 3 } }, admin);
  });

  const manyDates = Array.from({ length: 367 }, (_, k) => new Date(Date.UTC(2026, 0, 1 + k)).toISOString().slice(0, 10));

  test.each([
    ['a lower-case currency', { currency: 'eur' }, 'input.currency'],
    ['a four-letter currency', { currency: 'EURO' }, 'input.currency'],
    ['0 days to stale', { staleSalesAfterDays: 0 }, 'input.staleSalesAfterDays'],
    ['366 days to stale', { staleSalesAfterDays: 366 }, 'input.staleSalesAfterDays'],
    ['367 distinct closed dates', { closedDates: manyDates }, 'input.closedDates'],
  ])('%s is refused naming %s, and changes nothing', async (_, input, field) => {
    const response = await refused(url, UPDATE, { input: { horizonDays: 9, closedWeekdays: ['TUE'], ...input } }, admin);
    expect(response.code).toBe('BAD_USER_INPUT');
    expect(response.message).toContain(field);
    expect((await ok(url, SETTINGS, {}, admin)).planningSettings).toEqual(DEFAULTS);
  });

  test('366 closed dates, repeats aside, are accepted', async () => {
    const leapYear = manyDates.slice(0, 366);
    const { updatePlanningSettings } = await ok(url, UPDATE, { input: { closedDates: [...leapYear, leapYear[0]] } }, admin);
    expect(updatePlanningSettings.closedDates).toEqual(leapYear);
    await ok(url, UPDATE, { input: { closedDates: [] } }, admin);
  });

  // The Date scalar refuses a day that does not exist before any resolver runs; the gateway
  // masks a subgraph's HTTP 400 (see test/planning/pipeline.test.ts), so this goes to planning.
  test('a closed date that does not exist is refused by the planning subgraph, and changes nothing', async () => {
    const response = await graphql(planningUrl, UPDATE, { input: { closedDates: ['2026-02-30'] } }, admin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ok(url, SETTINGS, {}, admin)).planningSettings).toEqual(DEFAULTS);
  });

  test('an unknown weekday is refused by the schema', async () => {
    const response = await graphql(url, UPDATE, { input: { closedWeekdays: ['SOMEDAY'] } }, admin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ok(url, SETTINGS, {}, admin)).planningSettings).toEqual(DEFAULTS);
  });
});
