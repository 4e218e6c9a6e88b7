import { expect, test } from 'vitest';
import type { Db } from '../../db/client.ts';
import type { BakeryDescription } from '../../db/seeds/bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { useGatewayStack, type TestStack } from '../support/stack.ts';
import { GENERATE_FORECASTS, RECORD_SNAPSHOT, SNAPSHOT_QUERY, START_RUN, ok, seedOwnBakery, snapshotInput } from './pipeline-support.ts';

/*
 * Issue 13: the forecast method chosen by accumulated accuracy. A bakery with 60 days of bread sales
 * is run day by day for 16 days through the gateway, its sales recorded each evening. Every run keeps
 * each candidate's forecast of its day; from the 15th run on, 14 days are scored and the candidate with
 * the lowest accumulated WAPE (seasonal ES) takes over from the held-out window's choice (Holt-Winters).
 * The figures are the engine's on this series (they depend on no date: the series keeps its weekdays).
 */

let stack: TestStack;
let url: string;
let db: Db;
useGatewayStack((started) => ({ stack, url, db } = started));

const ZONE = 'Europe/Madrid';
const EVERY_DAY = { MON: 1, TUE: 1, WED: 1, THU: 1, FRI: 1, SAT: 1, SUN: 1 };
const flourRecipe = (name: string) => ({ name, yieldQuantity: 1, lines: [{ ingredientSku: 'flour', quantity: 1, unit: 'KG' as const }] });
const description: BakeryDescription = {
  tenant: { slug: 'choice', name: 'Method choice', timezone: ZONE },
  weekdayFactors: EVERY_DAY,
  ingredients: [{ sku: 'flour', name: 'Flour', category: 'Dry', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 0, lots: [{ quantity: 500, receivedDaysAgo: 1 }] }],
  suppliers: [],
  products: [
    { sku: 'bread', name: 'Bread', recipe: flourRecipe('Bread'), sales: { baseline: 100, noise: 0 } },
    { sku: 'rolls', name: 'Rolls', recipe: flourRecipe('Rolls'), sales: { baseline: 20, noise: 0 } },
  ],
};

/** Bread sold on 76 consecutive days: a drifting level around 100 with a small weekly pattern. */
const BREAD = [
  110, 92, 92, 99, 116, 111, 101, 106, 93, 96, 102, 108, 111, 107, 109, 97, 109, 98, 110, 100, 98, 104, 103, 106, 105, 100, 108, 103,
  99, 102, 92, 103, 101, 97, 111, 98, 102, 109, 107, 116, 115, 118, 102, 105, 90, 98, 93, 109, 109, 98, 93, 92, 96, 106, 101, 91, 94,
  91, 84, 94, 103, 91, 92, 77, 85, 84, 100, 98, 85, 92, 89, 72, 80, 88, 78, 86,
];
const HISTORY_DAYS = 60;
const RUN_DAYS = BREAD.length - HISTORY_DAYS;
const ROLLS = 20;

const FORECASTS = `query ($from: Date!, $to: Date!) { forecasts(from: $from, to: $to) { product { name } date method methodRule methodReason } }`;
const RECORD_SALES = `mutation ($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }`;
const ACCURACY = `{ forecastAccuracy { products { product { name } candidates { scoredDays methods { method wape absoluteError } } } } }`;

/** The forecast step of a MANUAL run for `planDate` (the snapshot taken now, so the run forecasts from its own date). */
async function forecastRun(service: string, planDate: string): Promise<string> {
  const { startOrchestrationRun: run } = await ok(url, START_RUN, { input: { planDate, trigger: 'MANUAL', idempotencyKey: `choice-${planDate}` } }, service);
  const snapshot = snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, service));
  await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot }, service);
  stack.resetCounts();
  await ok(url, GENERATE_FORECASTS, { runId: run.id }, service);
  return run.id;
}

/** The statements of the last forecast step that read the candidates' scored forecasts. */
const scoringQueries = () => stack.subgraphs.planning.queries.statements.filter((sql) => /^with .*candidate_forecasts/s.test(sql)).length;

test('the method switches to the accumulated winner once 14 days are scored, with the figures in its reason', async () => {
  const bakery = await seedOwnBakery(db, description, 'choice');
  const today = dateIn(ZONE);
  const firstRunDay = addDays(today, -RUN_DAYS);
  const products: { id: string; sku: string }[] = await db('recipes.products').where('tenant_id', bakery.tenantId).select('id', 'sku');
  const id = Object.fromEntries(products.map((product) => [product.sku, product.id]));
  await db('planning.sales').where('tenant_id', bakery.tenantId).delete();
  await db('planning.sales').insert(
    BREAD.slice(0, HISTORY_DAYS).flatMap((quantity, t) => {
      const date = addDays(firstRunDay, t - HISTORY_DAYS);
      return [
        { tenant_id: bakery.tenantId, product_id: id.bread, date, quantity },
        { tenant_id: bakery.tenantId, product_id: id.rolls, date, quantity: ROLLS },
      ];
    }),
  );

  const chosen: { method: string; rule: string }[] = [];
  for (let k = 0; k < RUN_DAYS; k++) {
    const date = addDays(firstRunDay, k);
    await forecastRun(bakery.service, date);
    expect(scoringQueries(), `run ${k}: the scored candidates in one query`).toBe(1);
    const { forecasts } = await ok(url, FORECASTS, { from: date, to: date }, bakery.viewer);
    const bread = forecasts.find((forecast: { product: { name: string } }) => forecast.product.name === 'Bread');
    chosen.push({ method: bread.method, rule: bread.methodRule });
    if (k === 13) {
      expect(bread.methodReason).toBe(
        'Held-out last 14 days of sales: Holt-Winters WAPE 6.0 % vs seasonal naive 7.7 %, seasonal ES 7.8 %, moving average 9.5 % ' +
          '(accumulated accuracy decides from 14 scored days; 13 so far)',
      );
    }
    if (k === 14) {
      expect(bread.methodReason).toBe(
        'Accumulated accuracy over the last 14 scored days: seasonal ES WAPE 6.3 % vs Holt-Winters 7.2 %, moving average 7.4 %, seasonal naive 7.7 %',
      );
      // Rolls sell 20 every day: every candidate is exact, the tie goes to the simplest.
      expect(forecasts.find((forecast: { product: { name: string } }) => forecast.product.name === 'Rolls')).toMatchObject({
        method: 'MOVING_AVERAGE',
        methodRule: 'ACCUMULATED_ACCURACY',
      });
    }
    const { recordSales } = await ok(
      url,
      RECORD_SALES,
      { records: [{ productId: id.bread, date, quantity: BREAD[HISTORY_DAYS + k] }, { productId: id.rolls, date, quantity: ROLLS }] },
      bakery.planner,
    );
    expect(recordSales.recorded).toBe(2);
  }
  expect(chosen).toEqual([
    ...new Array(14).fill({ method: 'HOLT_WINTERS', rule: 'HELD_OUT' }),
    { method: 'SEASONAL_ES', rule: 'ACCUMULATED_ACCURACY' },
    { method: 'SEASONAL_ES', rule: 'ACCUMULATED_ACCURACY' },
  ]);
  // Each run kept 4 candidates (no Croston: neither product is intermittent) for each of the 2 products.
  expect(await candidateRows(bakery.tenantId)).toBe(RUN_DAYS * 4 * 2);

  // The dashboard's evidence: all 16 days scored; the rule's ranking, best first.
  const { forecastAccuracy } = await ok(url, ACCURACY, {}, bakery.viewer);
  expect(forecastAccuracy.products.find((product: { product: { name: string } }) => product.product.name === 'Bread').candidates).toEqual({
    scoredDays: 16,
    methods: [
      { method: 'SEASONAL_ES', wape: 0.065189, absoluteError: 91.264131 },
      { method: 'MOVING_AVERAGE', wape: 0.073469, absoluteError: 102.857144 },
      { method: 'HOLT_WINTERS', wape: 0.074295, absoluteError: 104.013682 },
      { method: 'SEASONAL_NAIVE', wape: 0.082857, absoluteError: 116 },
    ],
  });

  // Retention: candidates of days more than 56 days before a run's first day are deleted by that run.
  const firstRun = await db('planning.forecast_sets').where({ tenant_id: bakery.tenantId, plan_date: firstRunDay }).first('run_id');
  await db('planning.candidate_forecasts').where({ tenant_id: bakery.tenantId, run_id: firstRun.run_id }).update({ date: addDays(today, -57) });
  await forecastRun(bakery.service, today);
  expect(await db('planning.candidate_forecasts').where({ tenant_id: bakery.tenantId, run_id: firstRun.run_id })).toEqual([]);
  // The first run's 8 rows went, today's 8 came.
  expect(await candidateRows(bakery.tenantId)).toBe(RUN_DAYS * 4 * 2);
});

async function candidateRows(tenantId: string): Promise<number> {
  const [{ count }] = await db('planning.candidate_forecasts').where('tenant_id', tenantId).count<{ count: number }[]>({ count: '*' });
  return Number(count);
}
