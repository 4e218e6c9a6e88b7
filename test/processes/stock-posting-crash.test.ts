import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { waitFor } from '../jobs/support.ts';
import { ok, runPipelineThroughGateway, seedOwnBakery, type SeededBakery } from '../planning/pipeline-support.ts';
import { graphql } from '../support/graphql.ts';
import { FLOUR_LOTS, loafWithTwoFlourLots, RECORD_PRODUCTION } from '../planning/baking-support.ts';
import { startPlanningProcessStack, type PlanningProcessStack } from './planning-process.ts';

/**
 * THE CRASH (issue 13): planning is killed (SIGKILL) between committing a receipt and learning
 * that inventory posted its lots — once after inventory applied the post but before planning
 * heard back, once before the post reached inventory at all. A restarted planning's dispatcher
 * posts what its outbox holds; either way the stock ends posted exactly once. The same for a
 * day's baking, whose consumption goes through the same outbox.
 */

let stack: PlanningProcessStack;
let db: Db;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startPlanningProcessStack(inject('databaseUrl'));
  await stack.startPlanning();
}, 90_000);
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const today = () => dateIn(DEMO_BAKERY.tenant.timezone);

const RECEIVE = `mutation ($input: ReceivePurchaseOrderInput!) { receivePurchaseOrder(input: $input) { id stockPosted } }`;
const LOTS = `query ($id: ID!) {
  ingredient(id: $id) { lots { quantity receivedOn lotCode } }
  stockMovements(ingredientId: $id, first: 500) { edges { node { kind quantity postingKey } } }
}`;
const RECEIPTS = `query ($id: ID!) { procurementPlan(id: $id) { purchaseOrders { id status receipts { id stockPosted } } } }`;

/** A bakery of its own with one SUBMITTED order; the first line's ingredient is the one received. */
async function bakeryWithSubmittedOrder(prefix: string) {
  const bakery = await seedOwnBakery(db, DEMO_BAKERY, prefix);
  const { plan } = await runPipelineThroughGateway(stack.gatewayUrl, bakery.service, today());
  const order = plan.purchaseOrders[0];
  await ok(stack.gatewayUrl, `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id } }`, { id: order.id }, bakery.planner);
  return { bakery, planId: plan.id as string, orderId: order.id as string, ingredientId: order.lines[0].ingredient.id as string };
}

/** Inventory's view, through the API: the lots with `lotCode`, and the RECEIPT movements posted by planning. */
async function inventoryView(bakery: SeededBakery, ingredientId: string, lotCode: string) {
  const { ingredient, stockMovements } = await ok(stack.gatewayUrl, LOTS, { id: ingredientId }, bakery.viewer);
  return {
    lots: ingredient.lots.filter((lot: { lotCode: string | null }) => lot.lotCode === lotCode),
    posted: stockMovements.edges.map((edge: any) => edge.node).filter((movement: any) => movement.kind === 'RECEIPT' && movement.postingKey),
  };
}

async function receiptsOf(bakery: SeededBakery, planId: string, orderId: string) {
  const { procurementPlan } = await ok(stack.gatewayUrl, RECEIPTS, { id: planId }, bakery.viewer);
  return procurementPlan.purchaseOrders.find((order: { id: string }) => order.id === orderId);
}

describe('planning killed while posting a receipt to inventory', () => {
  test.each([
    ['after inventory applied the post, before planning heard back', 'withhold-answer', 1],
    ['before the post reached inventory', 'hold', 0],
  ] as const)('%s: after a restart the lots are posted exactly once', async (_, action, lotsAtCrash) => {
    const { bakery, planId, orderId, ingredientId } = await bakeryWithSubmittedOrder(`crash-${action}`);
    const lotCode = `CRASH-${action}`;
    const caught = stack.inventoryProxy.on('postStockMovements', action);
    const call = graphql(
      stack.gatewayUrl,
      RECEIVE,
      { input: { id: orderId, receivedOn: today(), lines: [{ ingredientId, quantity: 1.5, lot: lotCode }] } },
      bakery.planner,
    );
    const held = await caught;
    await stack.killPlanning();
    held.drop();
    const answer = await call;
    expect(answer.data?.receivePurchaseOrder ?? null).toBeNull(); // the caller never heard that it worked

    // The receipt committed before the post; the outbox row is not marked posted.
    const [receipt] = await db('planning.purchase_order_receipts').where({ tenant_id: bakery.tenantId, purchase_order_id: orderId });
    const [outbox] = await db('planning.stock_postings').where({ tenant_id: bakery.tenantId, source_id: receipt.id });
    expect(outbox.posted_at).toBeNull();
    expect((await inventoryView(bakery, ingredientId, lotCode)).lots).toHaveLength(lotsAtCrash);

    await stack.startPlanning();
    const order = await waitFor(
      () => receiptsOf(bakery, planId, orderId),
      (read) => read.receipts.length === 1 && read.receipts[0].stockPosted,
      20_000,
      'the receipt to be posted',
    );
    expect(order.status).toBe('PARTIALLY_RECEIVED');
    const view = await inventoryView(bakery, ingredientId, lotCode);
    expect(view.lots).toEqual([{ quantity: 1.5, receivedOn: today(), lotCode }]);
    expect(view.posted).toEqual([{ kind: 'RECEIPT', quantity: 1.5, postingKey: outbox.id }]);
    // The retried call of a caller who never heard back finds the receipt and posts nothing more.
    const retried = await ok(
      stack.gatewayUrl,
      RECEIVE,
      { input: { id: orderId, receivedOn: today(), lines: [{ ingredientId, quantity: 1.5, lot: lotCode }] } },
      bakery.planner,
    );
    expect(retried.receivePurchaseOrder).toEqual({ id: receipt.id, stockPosted: true });
    expect((await inventoryView(bakery, ingredientId, lotCode)).lots).toHaveLength(1);
  }, 90_000);
});

describe('planning killed while posting a day’s baking to inventory', () => {
  test('after inventory applied the consumption, before planning heard back: after a restart it is consumed exactly once (FEFO)', async () => {
    const bakery = await seedOwnBakery(db, DEMO_BAKERY, 'crash-baking');
    const { flourId, loafId } = await loafWithTwoFlourLots(stack.gatewayUrl, bakery, today());
    const caught = stack.inventoryProxy.on('postStockMovements', 'withhold-answer');
    const call = graphql(stack.gatewayUrl, RECORD_PRODUCTION, { input: { date: today(), batches: [{ productId: loafId, batches: 4 }] } }, bakery.planner);
    const held = await caught;
    await stack.killPlanning();
    held.drop();
    expect((await call).data?.recordProduction ?? null).toBeNull();

    await stack.startPlanning();
    const read = () => ok(stack.gatewayUrl, `query ($date: Date!) { productionRecord(date: $date) { id stockPosted consumption { posted } } }`, { date: today() }, bakery.viewer);
    const { productionRecord } = await waitFor(read, (value) => value.productionRecord?.stockPosted === true, 20_000, 'the consumption to be posted');
    expect(productionRecord.consumption).toEqual([{ posted: 12 }]);
    const { ingredient, stockMovements } = await ok(stack.gatewayUrl, FLOUR_LOTS, { id: flourId }, bakery.viewer);
    expect(ingredient.lots).toEqual([{ quantity: 8, expiresOn: expect.any(String) }]);
    expect(stockMovements.edges.filter((edge: any) => edge.node.kind === 'PRODUCTION')).toHaveLength(1);
  }, 90_000);
});
