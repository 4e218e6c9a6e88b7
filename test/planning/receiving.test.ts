import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { graphql } from '../support/graphql.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { ok, refused, runPipelineThroughGateway, seedOwnBakery, type SeededBakery } from './pipeline-support.ts';

/**
 * Receiving a purchase order through the gateway (issue 13): partial and full receipts, per lot,
 * posted to inventory exactly once through planning's outbox; refusals write nothing.
 */

let stack: TestStack;
let db: Db;
let url: string;

useGatewayStack((started) => ({ stack, url, db } = started));

const today = () => dateIn(DEMO_BAKERY.tenant.timezone);

export const RECEIVE = `mutation ($input: ReceivePurchaseOrderInput!) {
  receivePurchaseOrder(input: $input) {
    id receivedOn stockPosted recordedBy
    purchaseOrder { id status lines { ingredient { id } quantity receivedQuantity } }
    lines { ingredient { id } quantity unit lot expiresOn }
  }
}`;
const SUBMIT = `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`;
const CANCEL = `mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { id status } }`;
const INGREDIENT = `query ($id: ID!) {
  ingredient(id: $id) {
    id perishable shelfLifeDays stock { onHand }
    lots { id quantity receivedOn expiresOn lotCode }
  }
  stockMovements(ingredientId: $id, first: 500) { edges { node { kind quantity postingKey note } } }
}`;

interface OrderLine {
  ingredient: { id: string };
  quantity: number;
  deliveryDate: string;
}
interface Order {
  id: string;
  lines: OrderLine[];
}

/** Everything this bakery's receipts wrote, in both schemas: a refused call changes none of it. */
async function writtenRows(tenantId: string) {
  const count = async (table: string) => Number((await db(table).where('tenant_id', tenantId).count<{ count: number }[]>({ count: '*' }))[0].count);
  return {
    receipts: await count('planning.purchase_order_receipts'),
    receiptLines: await count('planning.purchase_order_receipt_lines'),
    postings: await count('planning.stock_postings'),
    inventoryPostings: await count('inventory.stock_postings'),
    lots: await count('inventory.stock_lots'),
    movements: await count('inventory.stock_movements'),
    received: Number((await db('planning.procurement_lines').where('tenant_id', tenantId).sum<{ sum: number }[]>({ sum: 'received_quantity' }))[0].sum),
    statuses: (await db('planning.purchase_orders').where('tenant_id', tenantId).orderBy('id').select('status')).map((row) => row.status),
  };
}

const readIngredient = async (bakery: SeededBakery, id: string) => ok(url, INGREDIENT, { id }, bakery.viewer);

/** An order's outstanding quantity per ingredient (3 decimals, as inventory keeps it). */
function ordered(order: Order): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of order.lines) totals.set(line.ingredient.id, Math.round(((totals.get(line.ingredient.id) ?? 0) + line.quantity) * 1000) / 1000);
  return totals;
}

describe('receiving a purchase order', () => {
  let bakery: SeededBakery;
  let orders: Order[];
  /** A submitted order with a perishable ingredient; `ingredientId` is that ingredient. */
  let order: Order;
  let ingredientId: string;
  let shelfLifeDays: number;

  beforeAll(async () => {
    bakery = await seedOwnBakery(db, DEMO_BAKERY, 'receiving');
    const { plan } = await runPipelineThroughGateway(url, bakery.service, today());
    orders = plan.purchaseOrders;
    const { ingredients } = await ok(url, `{ ingredients(first: 500) { edges { node { id perishable shelfLifeDays } } } }`, {}, bakery.viewer);
    const perishable = new Map<string, number>(
      ingredients.edges.filter((edge: any) => edge.node.perishable).map((edge: any) => [edge.node.id, edge.node.shelfLifeDays as number]),
    );
    order = orders.find((candidate) => candidate.lines.some((line) => perishable.has(line.ingredient.id)))!;
    expect(order, 'the demo plan orders a perishable ingredient').toBeDefined();
    ingredientId = order.lines.find((line) => perishable.has(line.ingredient.id))!.ingredient.id;
    shelfLifeDays = perishable.get(ingredientId)!;
    await ok(url, SUBMIT, { id: order.id }, bakery.planner);
  });

  test('a partial receipt posts exactly the lots received, and the order is PARTIALLY_RECEIVED', async () => {
    const total = ordered(order).get(ingredientId)!;
    const first = Math.round(total * 250) / 1000; // a quarter, in lot A with its own expiry
    const second = Math.round(total * 250) / 1000; // a quarter, in lot B with the shelf-life default
    const explicitExpiry = addDays(today(), 2);
    const before = await readIngredient(bakery, ingredientId);
    stack.resetCounts();
    const { receivePurchaseOrder: receipt } = await ok(
      url,
      RECEIVE,
      {
        input: {
          id: order.id,
          receivedOn: today(),
          lines: [
            { ingredientId, quantity: first, lot: 'A-1', expiresOn: explicitExpiry },
            { ingredientId, quantity: second, lot: 'B-2' },
          ],
        },
      },
      bakery.planner,
    );
    // One post to inventory for the whole receipt (the gateway asks inventory nothing: only ids are selected).
    expect(stack.subgraphs.inventory.requests).toBe(1);
    expect(receipt.stockPosted).toBe(true);
    expect(receipt.purchaseOrder.status).toBe('PARTIALLY_RECEIVED');
    expect(receipt.lines).toEqual([
      { ingredient: { id: ingredientId }, quantity: first, unit: expect.any(String), lot: 'A-1', expiresOn: explicitExpiry },
      { ingredient: { id: ingredientId }, quantity: second, unit: expect.any(String), lot: 'B-2', expiresOn: addDays(today(), shelfLifeDays) },
    ]);
    const received = receipt.purchaseOrder.lines
      .filter((line: OrderLine) => line.ingredient.id === ingredientId)
      .reduce((sum: number, line: { receivedQuantity: number }) => sum + line.receivedQuantity, 0);
    expect(received).toBeCloseTo(first + second, 6);

    const after = await readIngredient(bakery, ingredientId);
    const newLots = after.ingredient.lots.filter((lot: { id: string }) => !before.ingredient.lots.some((old: { id: string }) => old.id === lot.id));
    expect(newLots.map(({ id, ...lot }: { id: string }) => lot).sort((a: any, b: any) => a.lotCode.localeCompare(b.lotCode))).toEqual([
      { quantity: first, receivedOn: today(), expiresOn: explicitExpiry, lotCode: 'A-1' },
      { quantity: second, receivedOn: today(), expiresOn: addDays(today(), shelfLifeDays), lotCode: 'B-2' },
    ]);
    expect(after.ingredient.stock.onHand).toBeCloseTo(before.ingredient.stock.onHand + first + second, 3);
    const posted = after.stockMovements.edges.map((edge: any) => edge.node).filter((movement: any) => movement.postingKey);
    expect(posted.map((movement: any) => [movement.kind, movement.quantity]).sort()).toEqual([['RECEIPT', first], ['RECEIPT', second]].sort());
  });

  test('the remainder is still a scheduled receipt in the next plan', async () => {
    const { receiptsPlanned } = await nextPlanReceipts();
    const line = order.lines.find((candidate) => candidate.ingredient.id === ingredientId)!;
    const { ownDeliveries, receipts } = receiptsPlanned(ingredientId, line.deliveryDate);
    const [row] = await db('planning.procurement_lines').where({ purchase_order_id: order.id, ingredient_id: ingredientId }).select('quantity', 'received_quantity');
    expect(row.received_quantity).toBeGreaterThan(0);
    expect(receipts).toBeCloseTo(ownDeliveries + (row.quantity - row.received_quantity), 3);
  });

  test('over-receipt, an ingredient not on the order, bad dates and quantities are refused naming the field, and write nothing', async () => {
    const outstanding = await outstandingOf(order.id);
    const { ingredients } = await ok(url, `{ ingredients(first: 500) { edges { node { id } } } }`, {}, bakery.viewer);
    const stranger = ingredients.edges.map((edge: any) => edge.node.id).find((id: string) => !outstanding.has(id));
    expect(stranger, 'an ingredient of the bakery that the order lacks').toBeDefined();
    const before = await writtenRows(bakery.tenantId);
    const cases: [string, Record<string, unknown>][] = [
      ['input.lines.0.quantity', { lines: [{ ingredientId, quantity: outstanding.get(ingredientId)! + 0.001 }] }],
      ['input.lines.1.quantity', { lines: [{ ingredientId, quantity: outstanding.get(ingredientId)!, lot: 'X' }, { ingredientId, quantity: 0.001, lot: 'Y' }] }],
      ['input.lines.0.ingredientId', { lines: [{ ingredientId: stranger, quantity: 1 }] }],
      ['input.lines.0.quantity', { lines: [{ ingredientId, quantity: 0 }] }],
      ['input.lines.0.quantity', { lines: [{ ingredientId, quantity: -2 }] }],
      ['input.receivedOn', { receivedOn: addDays(today(), 1), lines: [{ ingredientId, quantity: 1 }] }],
      ['input.lines.0.expiresOn', { lines: [{ ingredientId, quantity: 1, expiresOn: today() }] }],
      ['input.lines.1.lot', { lines: [{ ingredientId, quantity: 1, lot: 'Z' }, { ingredientId, quantity: 1, lot: 'Z' }] }],
      ['input.lines', { lines: [] }],
    ];
    for (const [field, input] of cases) {
      const { code, message } = await refused(url, RECEIVE, { input: { id: order.id, receivedOn: today(), ...input } }, bakery.planner);
      expect(code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(message, JSON.stringify(input)).toContain(field);
    }
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
  });

  test('a DRAFT or CANCELLED order is refused, and cancelling a PARTIALLY_RECEIVED order cancels only the remainder', async () => {
    const [draft, toCancel] = orders.filter((candidate) => candidate.id !== order.id);
    expect(toCancel, 'the demo plan has at least three orders').toBeDefined();
    await ok(url, SUBMIT, { id: toCancel.id }, bakery.planner);
    await ok(url, CANCEL, { id: toCancel.id }, bakery.planner);
    const before = await writtenRows(bakery.tenantId);
    for (const [target, status] of [[draft, 'DRAFT'], [toCancel, 'CANCELLED']] as const) {
      const line = target.lines[0];
      const { code, message } = await refused(url, RECEIVE, { input: { id: target.id, receivedOn: today(), lines: [{ ingredientId: line.ingredient.id, quantity: 1 }] } }, bakery.planner);
      expect(code).toBe('BAD_USER_INPUT');
      expect(message).toContain(`is ${status}`);
      expect(message).toContain('input.id');
    }
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
  });

  test('a retried identical call posts once and returns the first receipt', async () => {
    const total = ordered(order).get(ingredientId)!;
    const [retried, keyedQuantity] = [Math.round(total * 50) / 1000, Math.round(total * 25) / 1000];
    const input = { id: order.id, receivedOn: today(), lines: [{ ingredientId, quantity: retried, lot: 'RETRY-1' }] };
    const first = (await ok(url, RECEIVE, { input }, bakery.planner)).receivePurchaseOrder;
    const before = await writtenRows(bakery.tenantId);
    // The same lines in another order of keys and the same content: the same receipt.
    const second = (await ok(url, RECEIVE, { input: { ...input, lines: [{ lot: 'RETRY-1', quantity: retried, ingredientId }] } }, bakery.planner)).receivePurchaseOrder;
    expect(second.id).toBe(first.id);
    expect(second.stockPosted).toBe(true);
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
    const { ingredient } = await readIngredient(bakery, ingredientId);
    expect(ingredient.lots.filter((lot: { lotCode: string }) => lot.lotCode === 'RETRY-1')).toHaveLength(1);

    // A client key names the receipt: reused with other content it is refused.
    const keyed = { ...input, idempotencyKey: `delivery-${randomUUID()}`, lines: [{ ingredientId, quantity: keyedQuantity, lot: 'KEY-1' }] };
    const firstKeyed = (await ok(url, RECEIVE, { input: keyed }, bakery.planner)).receivePurchaseOrder;
    expect((await ok(url, RECEIVE, { input: keyed }, bakery.planner)).receivePurchaseOrder.id).toBe(firstKeyed.id);
    const { code, message } = await refused(url, RECEIVE, { input: { ...keyed, lines: [{ ingredientId, quantity: keyedQuantity + 0.001, lot: 'KEY-1' }] } }, bakery.planner);
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toContain('input.idempotencyKey');
  });

  test('the rest arrives: the order is RECEIVED, with every receipt, and nothing is outstanding in the next plan', async () => {
    const outstanding = await outstandingOf(order.id);
    const lines = [...outstanding].filter(([, quantity]) => quantity > 0).map(([id, quantity]) => ({ ingredientId: id, quantity }));
    const { receivePurchaseOrder: receipt } = await ok(url, RECEIVE, { input: { id: order.id, receivedOn: today(), lines } }, bakery.planner);
    expect(receipt.purchaseOrder.status).toBe('RECEIVED');
    expect(receipt.stockPosted).toBe(true);
    const { procurementPlan } = await ok(
      url,
      `query ($id: ID!) { procurementPlan(id: $id) { purchaseOrders { id status receipts { id stockPosted } } } }`,
      { id: (await db('planning.purchase_orders').where({ id: order.id }).first('plan_id')).plan_id },
      bakery.viewer,
    );
    const stored = procurementPlan.purchaseOrders.find((candidate: { id: string }) => candidate.id === order.id);
    expect(stored.receipts).toHaveLength(4);
    expect(stored.receipts.every((candidate: { stockPosted: boolean }) => candidate.stockPosted)).toBe(true);
    const { code } = await refused(url, RECEIVE, { input: { id: order.id, receivedOn: today(), lines: [{ ingredientId, quantity: 1 }] } }, bakery.planner);
    expect(code).toBe('BAD_USER_INPUT');
    // markPurchaseOrderReceived on a RECEIVED order: unchanged, no receipt.
    const mark = await ok(url, `mutation ($id: ID!) { markPurchaseOrderReceived(id: $id) { id status receipts { id } } }`, { id: order.id }, bakery.planner);
    expect(mark.markPurchaseOrderReceived).toMatchObject({ status: 'RECEIVED' });
    expect(mark.markPurchaseOrderReceived.receipts).toHaveLength(4);
    const { receiptsPlanned } = await nextPlanReceipts();
    for (const line of order.lines) {
      const { ownDeliveries, receipts } = receiptsPlanned(line.ingredient.id, line.deliveryDate);
      expect(receipts).toBeCloseTo(ownDeliveries, 3);
    }
  });

  test('markPurchaseOrderReceived receives everything outstanding today and posts it', async () => {
    // The order the DRAFT refusal above left as it was.
    const other = orders.find((candidate) => candidate.id !== order.id)!;
    await ok(url, SUBMIT, { id: other.id }, bakery.planner);
    const [line] = other.lines;
    const before = await readIngredient(bakery, line.ingredient.id);
    const { markPurchaseOrderReceived: marked } = await ok(
      url,
      `mutation ($id: ID!) { markPurchaseOrderReceived(id: $id) { id status receipts { receivedOn stockPosted lines { ingredient { id } quantity lot } } } }`,
      { id: other.id },
      bakery.planner,
    );
    expect(marked.status).toBe('RECEIVED');
    expect(marked.receipts).toEqual([{ receivedOn: today(), stockPosted: true, lines: [...ordered(other)].map(([id, quantity]) => ({ ingredient: { id }, quantity, lot: null })) }]);
    const after = await readIngredient(bakery, line.ingredient.id);
    expect(after.ingredient.stock.onHand).toBeCloseTo(before.ingredient.stock.onHand + ordered(other).get(line.ingredient.id)!, 3);
  });

  /** What is outstanding of each ingredient of an order, read through the API. */
  async function outstandingOf(orderId: string): Promise<Map<string, number>> {
    const planId = (await db('planning.purchase_orders').where({ id: orderId }).first('plan_id')).plan_id;
    const { procurementPlan } = await ok(
      url,
      `query ($id: ID!) { procurementPlan(id: $id) { purchaseOrders { id lines { ingredient { id } quantity receivedQuantity } } } }`,
      { id: planId },
      bakery.viewer,
    );
    const stored = procurementPlan.purchaseOrders.find((candidate: { id: string }) => candidate.id === orderId);
    const left = new Map<string, number>();
    for (const line of stored.lines) {
      left.set(line.ingredient.id, Math.round(((left.get(line.ingredient.id) ?? 0) + line.quantity - line.receivedQuantity) * 1000) / 1000);
    }
    return left;
  }

  /** Runs the pipeline again; for an ingredient and day, the new plan's receipts and its own deliveries. */
  async function nextPlanReceipts() {
    const next = await runPipelineThroughGateway(url, bakery.service, today());
    const { procurementPlan: plan } = await ok(
      url,
      `query ($id: ID!) { procurementPlan(id: $id) { lines { ingredient { id } quantity deliveryDate } projections { ingredient { id } days { date receipts } } } }`,
      { id: next.plan.id },
      bakery.viewer,
    );
    return {
      receiptsPlanned(ingredient: string, date: string) {
        const ownDeliveries = plan.lines
          .filter((line: OrderLine) => line.ingredient.id === ingredient && line.deliveryDate === date)
          .reduce((sum: number, line: OrderLine) => sum + line.quantity, 0);
        const projection = plan.projections.find((candidate: { ingredient: { id: string } }) => candidate.ingredient.id === ingredient);
        const day = projection.days.find((candidate: { date: string }) => candidate.date === date);
        return { ownDeliveries, receipts: day.receipts as number };
      },
    };
  }
});

describe('postStockMovements (inventory)', () => {
  test('a key applies once; the same key with other content is refused; only the SERVICE token may post', async () => {
    const bakery = await seedOwnBakery(db, DEMO_BAKERY, 'posting');
    const { ingredients } = await ok(url, `{ ingredients(first: 1) { edges { node { id } } } }`, {}, bakery.viewer);
    const ingredientId = ingredients.edges[0].node.id;
    const POST = `mutation ($input: PostStockMovementsInput!) { postStockMovements(input: $input) { key replayed lines { requested posted shortfall lotId } } }`;
    const input = { key: randomUUID(), kind: 'RECEIPT', occurredOn: today(), lines: [{ ingredientId, quantity: 3, lotCode: 'P-1' }] };
    const first = (await ok(url, POST, { input }, bakery.service)).postStockMovements;
    const second = (await ok(url, POST, { input }, bakery.service)).postStockMovements;
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    const lots = await db('inventory.stock_lots').where({ tenant_id: bakery.tenantId, lot_code: 'P-1' });
    expect(lots).toHaveLength(1);
    const other = await refused(url, POST, { input: { ...input, lines: [{ ingredientId, quantity: 4, lotCode: 'P-1' }] } }, bakery.service);
    expect(other.code).toBe('BAD_USER_INPUT');
    expect(other.message).toContain('key');
    const planner = await graphql(url, POST, { input: { ...input, key: randomUUID() } }, bakery.planner);
    expect(planner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await db('inventory.stock_lots').where({ tenant_id: bakery.tenantId, lot_code: 'P-1' })).toHaveLength(1);
  });
});
