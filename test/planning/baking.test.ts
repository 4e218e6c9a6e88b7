import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { FLOUR_LOTS, loafWithTwoFlourLots, RECORD_PRODUCTION } from './baking-support.ts';
import { ok, refused, runPipelineThroughGateway, seedOwnBakery, type SeededBakery } from './pipeline-support.ts';
import { graphql } from '../support/graphql.ts';

/**
 * Baking through the gateway (issue 13): recordProduction consumes the recipes' ingredients in
 * inventory first-expiring-first-out, exactly once, refuses what the stock cannot cover unless
 * told otherwise, and closes the schedule's day with planned vs actual batches.
 */

let stack: TestStack;
let db: Db;
let url: string;

useGatewayStack((started) => ({ stack, url, db } = started));

const today = () => dateIn(DEMO_BAKERY.tenant.timezone);

/** What a refused call must leave as it was. */
async function writtenRows(tenantId: string) {
  const count = async (table: string) => Number((await db(table).where('tenant_id', tenantId).count<{ count: number }[]>({ count: '*' }))[0].count);
  return {
    records: await count('planning.production_records'),
    recordLines: await count('planning.production_record_lines'),
    postings: await count('planning.stock_postings'),
    movements: await count('inventory.stock_movements'),
    onHand: Number((await db('inventory.stock_lots').where('tenant_id', tenantId).sum<{ sum: number }[]>({ sum: 'quantity' }))[0].sum),
  };
}

describe('recording what was baked', () => {
  let bakery: SeededBakery;
  let flourId: string;
  let loafId: string;

  beforeAll(async () => {
    bakery = await seedOwnBakery(db, DEMO_BAKERY, 'baking');
    ({ flourId, loafId } = await loafWithTwoFlourLots(url, bakery, today()));
  });

  test('consumption follows FEFO across lots (hand-computed), with one recipes request and one inventory post', async () => {
    stack.resetCounts();
    const { recordProduction: record } = await ok(url, RECORD_PRODUCTION, { input: { date: today(), batches: [{ productId: loafId, batches: 4 }] } }, bakery.planner);
    expect(stack.subgraphs.recipes.requests).toBe(1);
    // One stock lookup (what is on hand, to refuse a shortage) and one post.
    expect(stack.subgraphs.inventory.requests).toBe(2);
    // 4 batches × 3,000 g = 12 kg: all 10 kg of the lot expiring in 2 days, then 2 kg of the one expiring in 5.
    expect(record).toMatchObject({
      date: today(),
      stockPosted: true,
      allowShortage: false,
      lines: [{ product: { id: loafId }, plannedBatches: 0, actualBatches: 4 }],
      consumption: [{ ingredient: { id: flourId }, quantity: 12, unit: 'KG', posted: 12 }],
      shortages: [],
    });
    const { ingredient, stockMovements } = await ok(url, FLOUR_LOTS, { id: flourId }, bakery.viewer);
    expect(ingredient.lots).toEqual([{ quantity: 8, expiresOn: addDays(today(), 5) }]);
    const production = stockMovements.edges.map((edge: any) => edge.node).filter((movement: any) => movement.kind === 'PRODUCTION');
    expect(production).toEqual([{ kind: 'PRODUCTION', quantity: 12, postingKey: expect.any(String) }]);
  });

  test('recording the same day again: the same input returns the first record and posts nothing; other batches are refused', async () => {
    const before = await writtenRows(bakery.tenantId);
    const [{ id }] = await db('planning.production_records').where({ tenant_id: bakery.tenantId, date: today() });
    const again = await ok(url, RECORD_PRODUCTION, { input: { date: today(), batches: [{ productId: loafId, batches: 4 }] } }, bakery.planner);
    expect(again.recordProduction.id).toBe(id);
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
    const other = await refused(url, RECORD_PRODUCTION, { input: { date: today(), batches: [{ productId: loafId, batches: 5 }] } }, bakery.planner);
    expect(other.code).toBe('BAD_USER_INPUT');
    expect(other.message).toContain('input.date');
    expect(other.message).toContain('already recorded');
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
  });

  test('a baking the stock cannot cover is refused with what is missing, and nothing is written', async () => {
    const before = await writtenRows(bakery.tenantId);
    const response = await graphql(url, RECORD_PRODUCTION, { input: { date: addDays(today(), -1), batches: [{ productId: loafId, batches: 100 }] } }, bakery.planner);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('300 KG needed, 8 KG on hand');
    expect(response.errors?.[0].extensions?.shortages).toEqual([
      { ingredientId: flourId, name: expect.any(String), needed: 300, onHand: 8, missing: 292, unit: 'KG' },
    ]);
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
  });

  test('allowShortage records it: inventory takes what is there and the record lists the shortage', async () => {
    const { recordProduction: record } = await ok(
      url,
      RECORD_PRODUCTION,
      { input: { date: addDays(today(), -1), batches: [{ productId: loafId, batches: 100 }], allowShortage: true } },
      bakery.planner,
    );
    expect(record).toMatchObject({
      allowShortage: true,
      stockPosted: true,
      consumption: [{ ingredient: { id: flourId }, quantity: 300, unit: 'KG', posted: 8 }],
      shortages: [{ ingredient: { id: flourId }, needed: 300, onHand: 8, missing: 292, unit: 'KG' }],
    });
    const { ingredient } = await ok(url, FLOUR_LOTS, { id: flourId }, bakery.viewer);
    expect(ingredient.stock.onHand).toBe(0);
    expect(ingredient.lots).toEqual([]);
  });

  test('bad input is refused naming the field, and writes nothing', async () => {
    const before = await writtenRows(bakery.tenantId);
    const cases: [string, Record<string, unknown>][] = [
      ['input.date', { date: addDays(today(), 1), batches: [{ productId: loafId, batches: 1 }] }],
      ['input.batches.0.batches', { date: addDays(today(), -2), batches: [{ productId: loafId, batches: -1 }] }],
      ['input.batches.1.productId', { date: addDays(today(), -2), batches: [{ productId: loafId, batches: 1 }, { productId: loafId, batches: 2 }] }],
      ['input.batches.0.productId', { date: addDays(today(), -2), batches: [{ productId: flourId, batches: 1 }] }],
      ['input.batches', { date: addDays(today(), -2), batches: [] }],
    ];
    for (const [field, input] of cases) {
      const { code, message } = await refused(url, RECORD_PRODUCTION, { input }, bakery.planner);
      expect(code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(message, JSON.stringify(input)).toContain(field);
    }
    expect(await writtenRows(bakery.tenantId)).toEqual(before);
  });
});

describe("the schedule's day", () => {
  test('becomes DONE with planned vs actual batches per product; the other days stay PLANNED', async () => {
    const bakery = await seedOwnBakery(db, DEMO_BAKERY, 'baking-day');
    const { schedule } = await runPipelineThroughGateway(url, bakery.service, today());
    const planned = (schedule.batches as { date: string; product: { id: string }; batches: number }[]).filter((batch) => batch.date === today());
    expect(planned.length).toBeGreaterThan(1);
    const [first, second] = planned;
    // The first product baked one batch more than planned; the second not at all; the rest not said.
    const input = { date: today(), batches: [{ productId: first.product.id, batches: first.batches + 1 }, { productId: second.product.id, batches: 0 }], allowShortage: true };
    await ok(url, RECORD_PRODUCTION, { input }, bakery.planner);
    const { productionSchedule } = await ok(
      url,
      `query ($date: Date!) { productionSchedule(date: $date) { id days { date status production { schedule { id } lines { product { id } plannedBatches actualBatches } } } } }`,
      { date: today() },
      bakery.viewer,
    );
    expect(productionSchedule.id).toBe(schedule.id);
    expect(productionSchedule.days.map((day: { status: string }) => day.status)).toEqual(['DONE', 'PLANNED', 'PLANNED', 'PLANNED', 'PLANNED', 'PLANNED', 'PLANNED']);
    const [done] = productionSchedule.days;
    expect(done.production.schedule.id).toBe(schedule.id);
    const byProduct = new Map(done.production.lines.map((line: { product: { id: string }; plannedBatches: number; actualBatches: number }) => [line.product.id, line]));
    expect(byProduct.size).toBe(planned.length);
    expect(byProduct.get(first.product.id)).toMatchObject({ plannedBatches: first.batches, actualBatches: first.batches + 1 });
    expect(byProduct.get(second.product.id)).toMatchObject({ plannedBatches: second.batches, actualBatches: 0 });
    for (const batch of planned.slice(2)) expect(byProduct.get(batch.product.id)).toMatchObject({ plannedBatches: batch.batches, actualBatches: 0 });
  });
});
