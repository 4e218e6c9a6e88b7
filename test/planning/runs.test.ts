import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { addDays } from '../../platform/time-zones.ts';
import { createTenant } from '../../subgraphs/planning/repository/tenants.ts';
import { planningSubgraph } from '../../subgraphs/planning/server.ts';
import { tenantId, tokenFor } from '../support/graphql.ts';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph.ts';
import { GENERATE_FORECASTS, GENERATE_PLAN, GENERATE_SCHEDULE, ok, pipelineRowCounts, RECORD_SNAPSHOT, refused, START_RUN } from './pipeline-support.ts';

/**
 * The planning subgraph on its own, with a hand-made bakery whose plan can be worked out on
 * paper: DESIGN.md §3's worked example. One product sells 20 a day; one unit takes 1000 g of
 * flour (stocked in kg); 100 kg on hand; one supplier, lead time 2 days, every day, MOQ 50,
 * packs of 25; PERCENTAGE safety stock at 0.5.
 */

let planning: TestSubgraph;
let url: string;
let bakery: { tenantId: string; service: string; planner: string; viewer: string; admin: string };

/** A Monday. */
const D = '2026-03-02';
const ids = {
  flour: randomUUID(),
  lot: randomUUID(),
  supplier: randomUUID(),
  offer: randomUUID(),
  product: randomUUID(),
  recipe: randomUUID(),
};

function workedExampleSnapshot() {
  return {
    takenAt: `${D}T04:30:00Z`,
    ingredients: [
      {
        id: ids.flour,
        name: 'Flour T65',
        unit: 'KG',
        perishable: false,
        shelfLifeDays: null,
        lots: [{ id: ids.lot, quantity: 100, receivedOn: addDays(D, -5), expiresOn: null }],
      },
    ],
    suppliers: [
      {
        id: ids.supplier,
        name: 'Mill',
        leadTimeDays: 2,
        reliability: 0.9,
        minimumOrderValue: 0,
        currency: 'EUR',
        deliveryDays: [],
        offers: [{ id: ids.offer, ingredient: { id: ids.flour }, unitPrice: 0.8, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null }],
      },
    ],
    recipes: [
      {
        id: ids.recipe,
        name: 'Baguette',
        product: { id: ids.product, name: 'Baguette' },
        yieldQuantity: 1,
        ingredients: [{ ingredient: { id: ids.flour }, quantity: 1000, unit: 'G' }],
      },
    ],
  };
}

async function startRun(planDate = D, trigger = 'MANUAL') {
  const { startOrchestrationRun } = await ok(url, START_RUN, { input: { planDate, trigger, idempotencyKey: randomUUID() } }, bakery.service);
  return startOrchestrationRun as { id: string };
}

/** Snapshot (taken on the plan date's morning, so the stock is that day's), forecasts, schedule and plan for a new run of `planDate`. */
async function runPipeline(planDate = D) {
  const run = await startRun(planDate);
  await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: { ...workedExampleSnapshot(), takenAt: `${planDate}T04:30:00Z` } }, bakery.service);
  await ok(url, GENERATE_FORECASTS, { runId: run.id }, bakery.service);
  const { generateProductionSchedule: schedule } = await ok(url, GENERATE_SCHEDULE, { runId: run.id }, bakery.service);
  const { generateProcurementPlan: plan } = await ok(url, GENERATE_PLAN, { runId: run.id }, bakery.service);
  return { run, schedule, plan };
}

const STEP = `mutation ($runId: ID!, $input: RecordRunStepInput!) {
  recordRunStep(runId: $runId, input: $input) { status startedAt steps { name status attempts startedAt finishedAt durationMs error } }
}`;
const FINISH = `mutation ($runId: ID!, $input: FinishOrchestrationRunInput!) {
  finishOrchestrationRun(runId: $runId, input: $input) { status startedAt finishedAt durationMs error failedStep }
}`;

beforeAll(async () => {
  planning = await startTestSubgraph(planningSubgraph, inject('databaseUrl'));
  url = planning.url;
  const tenant = await createTenant(planning.db, { slug: `runs-${randomUUID().slice(0, 8)}`, name: 'Worked Example', timezone: 'UTC' });
  const id = tenant!.id;
  bakery = {
    tenantId: id,
    service: await tokenFor(id, ['SERVICE']),
    planner: await tokenFor(id, ['PLANNER']),
    viewer: await tokenFor(id, ['VIEWER']),
    admin: await tokenFor(id, ['ADMIN']),
  };
  await ok(
    url,
    `mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { safetyStockMethod } }`,
    { input: { safetyStockMethod: 'PERCENTAGE', safetyStockPercent: 0.5 } },
    bakery.admin,
  );
  // 8 weeks of 20 a day before D (written directly: recordSales refuses days after today).
  await planning.db('planning.sales').insert(
    Array.from({ length: 56 }, (_, k) => ({ tenant_id: id, product_id: ids.product, date: addDays(D, -56 + k), quantity: 20 })),
  );
});
afterAll(() => planning?.stop());

describe('DESIGN §3 worked example, stage by stage', () => {
  test('20 a day forecast, 20 batches a day, 20 kg of flour a day, one order of 75 kg on day 2 for day 4', async () => {
    const run = await startRun();
    const recorded = await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: workedExampleSnapshot() }, bakery.service);
    expect(recorded.recordSnapshot.snapshot).toEqual({
      takenAt: `${D}T04:30:00.000Z`,
      ingredients: 1,
      lots: 1,
      suppliers: 1,
      offers: 1,
      recipes: 1,
      products: 1,
    });

    const { generateForecasts } = await ok(url, GENERATE_FORECASTS, { runId: run.id }, bakery.service);
    expect(generateForecasts.forecasts).toEqual(
      Array.from({ length: 7 }, (_, k) => ({
        product: { id: ids.product },
        date: addDays(D, k),
        quantity: 20,
        lower: 20,
        upper: 20,
        sigma: 0,
        method: 'MOVING_AVERAGE',
        error: 0,
      })),
    );

    const { generateProductionSchedule: schedule } = await ok(url, GENERATE_SCHEDULE, { runId: run.id }, bakery.service);
    expect(schedule.batches).toEqual(
      Array.from({ length: 7 }, (_, k) => ({
        date: addDays(D, k),
        recipe: { id: ids.recipe },
        product: { id: ids.product },
        batches: 20,
        quantity: 20,
        forecastQuantity: 20,
      })),
    );
    expect(schedule.ingredientRequirements).toEqual([
      {
        ingredient: { id: ids.flour },
        unit: 'KG',
        totalQuantity: 140,
        demandSigma: 0,
        days: Array.from({ length: 7 }, (_, k) => ({ date: addDays(D, k), quantity: 20 })),
      },
    ]);

    const { generateProcurementPlan: generated } = await ok(url, GENERATE_PLAN, { runId: run.id }, bakery.service);
    const { procurementPlan: plan } = await ok(
      url,
      `query ($id: ID!) { procurementPlan(id: $id) {
        planDate horizonDays status totalCost warnings { code }
        purchaseOrders { supplier { id } orderDate deliveryDate total belowMinimumOrderValue status
          lines { ingredient { id } supplier { id } quantity unit orderDate deliveryDate neededBy safetyStock unitPrice cost urgent reason } }
        projections { ingredient { id } unit safetyStock days { date opening receipts demand expired closing } }
      } }`,
      { id: generated.id },
      bakery.viewer,
    );
    expect(plan).toMatchObject({ planDate: D, horizonDays: 7, status: 'DRAFT', totalCost: 60, warnings: [] });
    expect(plan.purchaseOrders).toHaveLength(1);
    const [order] = plan.purchaseOrders;
    expect(order).toMatchObject({
      supplier: { id: ids.supplier },
      orderDate: addDays(D, 2),
      deliveryDate: addDays(D, 4),
      total: 60,
      belowMinimumOrderValue: false,
      status: 'DRAFT',
    });
    expect(order.lines).toEqual([
      {
        ingredient: { id: ids.flour },
        supplier: { id: ids.supplier },
        quantity: 75,
        unit: 'KG',
        orderDate: addDays(D, 2),
        deliveryDate: addDays(D, 4),
        neededBy: addDays(D, 4),
        safetyStock: 20,
        unitPrice: 0.8,
        cost: 60,
        urgent: false,
        reason: expect.stringMatching(/\b75\b/),
      },
    ]);
    const closings = [80, 60, 40, 20, 75, 55, 35];
    expect(plan.projections).toEqual([
      {
        ingredient: { id: ids.flour },
        unit: 'KG',
        safetyStock: 20,
        days: closings.map((closing, k) => ({
          date: addDays(D, k),
          opening: k === 0 ? 100 : closings[k - 1],
          receipts: k === 4 ? 75 : 0,
          demand: 20,
          expired: 0,
          closing,
        })),
      },
    ]);
  });

  test('the run shows what each stage stored', async () => {
    const { run, schedule, plan } = await runPipeline();
    const { orchestrationRun } = await ok(
      url,
      `query ($id: ID!) { orchestrationRun(id: $id) {
        id planDate trigger status startedAt finishedAt durationMs
        snapshot { ingredients } forecasts { date } productionSchedule { id run { id } } procurementPlan { id run { id } }
      } }`,
      { id: run.id },
      bakery.viewer,
    );
    expect(orchestrationRun).toMatchObject({
      id: run.id,
      planDate: D,
      trigger: 'MANUAL',
      status: 'RUNNING',
      finishedAt: null,
      durationMs: null,
      snapshot: { ingredients: 1 },
      productionSchedule: { id: schedule.id, run: { id: run.id } },
      procurementPlan: { id: plan.id, run: { id: run.id } },
    });
    expect(orchestrationRun.forecasts).toHaveLength(7);
    expect(Date.parse(orchestrationRun.startedAt)).not.toBeNaN();
  });
});

describe('the saga record', () => {
  test('steps move PENDING → RUNNING → COMPLETED with attempts and timings; the run completes once it has a plan', async () => {
    const run = await startRun();
    const running = await ok(url, STEP, { runId: run.id, input: { name: 'snapshot', status: 'RUNNING' } }, bakery.service);
    expect(running.recordRunStep.status).toBe('RUNNING');
    expect(running.recordRunStep.steps[0]).toMatchObject({ name: 'snapshot', status: 'RUNNING', attempts: 1, finishedAt: null, durationMs: null });

    const retried = await ok(url, STEP, { runId: run.id, input: { name: 'snapshot', status: 'RUNNING', error: 'gateway timed out' } }, bakery.service);
    expect(retried.recordRunStep.steps[0]).toMatchObject({ status: 'RUNNING', attempts: 2, error: 'gateway timed out' });

    await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: workedExampleSnapshot() }, bakery.service);
    const done = await ok(url, STEP, { runId: run.id, input: { name: 'snapshot', status: 'COMPLETED' } }, bakery.service);
    const [snapshotStep] = done.recordRunStep.steps;
    expect(snapshotStep).toMatchObject({ status: 'COMPLETED', attempts: 2, error: null });
    expect(snapshotStep.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(snapshotStep.finishedAt)).toBeGreaterThanOrEqual(Date.parse(snapshotStep.startedAt));

    const again = await ok(url, STEP, { runId: run.id, input: { name: 'snapshot', status: 'COMPLETED' } }, bakery.service);
    expect(again.recordRunStep.steps[0]).toEqual(snapshotStep);

    const backwards = await refused(url, STEP, { runId: run.id, input: { name: 'snapshot', status: 'RUNNING' } }, bakery.service);
    expect(backwards.code).toBe('BAD_USER_INPUT');
    expect(backwards.message).toContain('COMPLETED and cannot become RUNNING');
    await ok(url, STEP, { runId: run.id, input: { name: 'forecast', status: 'RUNNING', attempts: 3 } }, bakery.service);
    const fewer = await refused(url, STEP, { runId: run.id, input: { name: 'forecast', status: 'RUNNING', attempts: 2 } }, bakery.service);
    expect(fewer.code).toBe('BAD_USER_INPUT');
    expect(fewer.message).toContain('below the 3 already recorded');

    const early = await refused(url, FINISH, { runId: run.id, input: { status: 'COMPLETED' } }, bakery.service);
    expect(early.code).toBe('BAD_USER_INPUT');
    expect(early.message).toContain('no procurement plan');

    await ok(url, GENERATE_FORECASTS, { runId: run.id }, bakery.service);
    await ok(url, GENERATE_SCHEDULE, { runId: run.id }, bakery.service);
    const { generateProcurementPlan: plan } = await ok(url, GENERATE_PLAN, { runId: run.id }, bakery.service);
    await ok(url, STEP, { runId: run.id, input: { name: 'notify', status: 'SKIPPED' } }, bakery.service);
    const { finishOrchestrationRun: finished } = await ok(url, FINISH, { runId: run.id, input: { status: 'COMPLETED' } }, bakery.service);
    expect(finished).toMatchObject({ status: 'COMPLETED', error: null, failedStep: null });
    expect(finished.durationMs).toBe(Date.parse(finished.finishedAt) - Date.parse(finished.startedAt));

    // A finished run keeps its results (a redelivered step gets them back) but takes no new work.
    const replay = await ok(url, GENERATE_PLAN, { runId: run.id }, bakery.service);
    expect(replay.generateProcurementPlan.id).toBe(plan.id);
    const late = await refused(url, STEP, { runId: run.id, input: { name: 'forecast', status: 'RUNNING' } }, bakery.service);
    expect(late.message).toContain('is COMPLETED');
    const reopen = await refused(url, FINISH, { runId: run.id, input: { status: 'FAILED', error: 'x', failedStep: 'notify' } }, bakery.service);
    expect(reopen.code).toBe('BAD_USER_INPUT');
  });

  test('a failed step is compensated in reverse: plan and schedule cancelled, then the run ends COMPENSATED', async () => {
    const { run, schedule, plan } = await runPipeline();
    for (const name of ['snapshot', 'forecast', 'production', 'procurement']) {
      await ok(url, STEP, { runId: run.id, input: { name, status: 'COMPLETED' } }, bakery.service);
    }
    await ok(url, STEP, { runId: run.id, input: { name: 'notify', status: 'FAILED', attempts: 5, error: 'webhook answered 500' } }, bakery.service);

    const tooSoon = await refused(url, FINISH, { runId: run.id, input: { status: 'COMPENSATED', error: 'webhook answered 500', failedStep: 'notify' } }, bakery.service);
    expect(tooSoon.message).toContain('cancel it first');
    const unexplained = await refused(url, FINISH, { runId: run.id, input: { status: 'FAILED' } }, bakery.service);
    expect(unexplained.message).toContain('input.error');

    const cancelPlan = `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { status purchaseOrders { status } } }`;
    const cancelSchedule = `mutation ($id: ID!) { cancelProductionSchedule(id: $id) { status } }`;
    for (let call = 0; call < 2; call++) {
      const { cancelProcurementPlan } = await ok(url, cancelPlan, { id: plan.id }, bakery.service);
      expect(cancelProcurementPlan).toEqual({ status: 'CANCELLED', purchaseOrders: [{ status: 'CANCELLED' }] });
      expect((await ok(url, cancelSchedule, { id: schedule.id }, bakery.service)).cancelProductionSchedule.status).toBe('CANCELLED');
    }
    for (const name of ['procurement', 'production', 'forecast']) {
      await ok(url, STEP, { runId: run.id, input: { name, status: 'COMPENSATED' } }, bakery.service);
    }
    const { finishOrchestrationRun } = await ok(
      url,
      FINISH,
      { runId: run.id, input: { status: 'COMPENSATED', error: 'webhook answered 500', failedStep: 'notify' } },
      bakery.service,
    );
    expect(finishOrchestrationRun).toMatchObject({ status: 'COMPENSATED', error: 'webhook answered 500', failedStep: 'notify' });
    const { orchestrationRun } = await ok(url, `query ($id: ID!) { orchestrationRun(id: $id) { steps { name status attempts error } } }`, { id: run.id }, bakery.viewer);
    expect(orchestrationRun.steps.map((step: { status: string }) => step.status)).toEqual(['COMPLETED', 'COMPENSATED', 'COMPENSATED', 'COMPENSATED', 'FAILED']);
    expect(orchestrationRun.steps[4]).toMatchObject({ attempts: 5, error: 'webhook answered 500' });

  });

  test('orchestrationRuns lists newest first, filters by status and pages with cursors', async () => {
    const created = [await startRun(), await startRun(), await startRun()].map((run) => run.id).reverse();
    const RUNS = `query ($first: Int, $after: String, $status: OrchestrationStatus) {
      orchestrationRuns(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } }
    }`;
    const first = (await ok(url, RUNS, { first: 2, status: 'QUEUED' }, bakery.viewer)).orchestrationRuns;
    expect(first.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(created.slice(0, 2));
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1].cursor });
    const second = (await ok(url, RUNS, { first: 2, after: first.pageInfo.endCursor, status: 'QUEUED' }, bakery.viewer)).orchestrationRuns;
    expect(second.edges[0].node.id).toBe(created[2]);
    expect(second.totalCount).toBe(first.totalCount);

    const all = (await ok(url, RUNS, { first: 500 }, bakery.viewer)).orchestrationRuns;
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThan(first.totalCount);
    const completed = (await ok(url, RUNS, { status: 'COMPLETED' }, bakery.viewer)).orchestrationRuns;
    expect(completed.edges.every((edge: { node: { status: string } }) => edge.node.status === 'COMPLETED')).toBe(true);

    for (const cursor of [['yesterday', randomUUID()], ['2026-03-02', randomUUID()], ['2026-02-30T00:00:00.000000Z', randomUUID()], [first.edges[0].node.id, 'x']]) {
      const tampered = await refused(url, RUNS, { after: Buffer.from(JSON.stringify(cursor)).toString('base64url') }, bakery.viewer);
      expect(tampered.code).toBe('BAD_USER_INPUT');
      // Notifications' cursor carries the same kind of instant and checks it the same way (it reached SQL before).
      const notifications = await refused(url, `query ($after: String) { notifications(after: $after) { totalCount } }`, { after: Buffer.from(JSON.stringify(cursor)).toString('base64url') }, bakery.viewer);
      expect(notifications.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('forecasts and plans as a planner reads them', () => {
  test('forecasts(from, to) takes each day from the latest run that forecast it', async () => {
    const bakeryRows = async () => (await pipelineRowCounts(planning.db, bakery.tenantId)).forecasts;
    const early = await runPipeline(addDays(D, 20));
    // Sales change before the next run, so its forecasts differ.
    await planning.db('planning.sales').insert(
      Array.from({ length: 7 }, (_, k) => ({ tenant_id: bakery.tenantId, product_id: ids.product, date: addDays(D, 20 + k), quantity: 34 })),
    );
    const later = await runPipeline(addDays(D, 23));
    expect(await bakeryRows()).toBeGreaterThan(0);
    const FORECASTS = `query ($id: ID!) { orchestrationRun(id: $id) { forecasts { date quantity } } }`;
    const earlyForecasts = (await ok(url, FORECASTS, { id: early.run.id }, bakery.viewer)).orchestrationRun.forecasts;
    const laterForecasts = (await ok(url, FORECASTS, { id: later.run.id }, bakery.viewer)).orchestrationRun.forecasts;
    expect(laterForecasts[0].quantity).not.toBe(earlyForecasts[3].quantity);

    const { forecasts } = await ok(
      url,
      `query ($from: Date!, $to: Date!, $ids: [ID!]) { forecasts(from: $from, to: $to, productIds: $ids) { product { id } date quantity } }`,
      { from: addDays(D, 21), to: addDays(D, 31), ids: [ids.product] },
      bakery.viewer,
    );
    expect(forecasts.map((forecast: { date: string; quantity: number }) => ({ date: forecast.date, quantity: forecast.quantity }))).toEqual([
      ...earlyForecasts.slice(1, 3),
      ...laterForecasts,
    ]);
    const none = await ok(url, `query ($p: [ID!]) { forecasts(from: "2026-03-02", to: "2026-03-09", productIds: $p) { date } }`, { p: [randomUUID()] }, bakery.viewer);
    expect(none.forecasts).toEqual([]);
    const tooLong = await refused(url, `{ forecasts(from: "2024-01-01", to: "2026-01-01") { date } }`, {}, bakery.viewer);
    expect(tooLong.code).toBe('BAD_USER_INPUT');
  });

  test('a purchase order goes DRAFT → SUBMITTED → RECEIVED; repeats change nothing, the rest is refused', async () => {
    const { plan } = await runPipeline();
    const orderId = plan.purchaseOrders[0].id;
    const act = (mutation: string, token = bakery.planner) => ok(url, `mutation ($id: ID!) { ${mutation}(id: $id) { id status } }`, { id: orderId }, token);
    const refuse = (mutation: string) => refused(url, `mutation ($id: ID!) { ${mutation}(id: $id) { id status } }`, { id: orderId }, bakery.planner);

    expect((await refuse('markPurchaseOrderReceived')).message).toContain('only a SUBMITTED or PARTIALLY_RECEIVED order');
    expect((await act('submitPurchaseOrder')).submitPurchaseOrder.status).toBe('SUBMITTED');
    expect((await act('submitPurchaseOrder', bakery.admin)).submitPurchaseOrder.status).toBe('SUBMITTED');
    const cancelPlan = await refused(url, `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id } }`, { id: plan.id }, bakery.service);
    expect(cancelPlan.message).toContain('already submitted');
    expect((await act('markPurchaseOrderReceived')).markPurchaseOrderReceived.status).toBe('RECEIVED');
    expect((await act('markPurchaseOrderReceived')).markPurchaseOrderReceived.status).toBe('RECEIVED');
    expect((await refuse('cancelPurchaseOrder')).code).toBe('BAD_USER_INPUT');
    expect((await refuse('submitPurchaseOrder')).message).toContain('is RECEIVED');

    const approved = await ok(url, `mutation ($id: ID!) { approveProcurementPlan(id: $id) { status approvedAt } }`, { id: plan.id }, bakery.planner);
    expect(approved.approveProcurementPlan.status).toBe('APPROVED');
    expect(Date.parse(approved.approveProcurementPlan.approvedAt)).not.toBeNaN();
    const cancelApproved = await refused(url, `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id } }`, { id: plan.id }, bakery.service);
    expect(cancelApproved.message).toContain('APPROVED');
  });

  test('a received order is no longer a receipt; a cancelled one never was', async () => {
    const first = await runPipeline();
    const order = first.plan.purchaseOrders[0];
    await ok(url, `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id } }`, { id: order.id }, bakery.planner);
    const RECEIPTS = `query ($id: ID!) { procurementPlan(id: $id) { lines { quantity } projections { days { receipts } } } }`;
    const withSubmitted = (await ok(url, RECEIPTS, { id: (await runPipeline()).plan.id }, bakery.viewer)).procurementPlan;
    // The submitted 75 kg arrive on day 4: no new order is needed.
    expect(withSubmitted.lines).toEqual([]);
    expect(withSubmitted.projections[0].days[4].receipts).toBe(75);

    await ok(url, `mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { id } }`, { id: order.id }, bakery.planner);
    const afterCancel = (await ok(url, RECEIPTS, { id: (await runPipeline()).plan.id }, bakery.viewer)).procurementPlan;
    expect(afterCancel.lines).toEqual([{ quantity: 75 }]);
  });
});

describe('batching and entities', () => {
  test('a page of runs with everything they produced costs the same SQL for 1 run as for 5', async () => {
    for (let k = 0; k < 5; k++) await runPipeline();
    const QUERY = `query ($first: Int) { orchestrationRuns(first: $first) { edges { node {
      steps { name } snapshot { takenAt } forecasts { date }
      productionSchedule { batches { date } ingredientRequirements { days { date } } }
      procurementPlan { lines { quantity } purchaseOrders { lines { quantity } } }
    } } } }`;
    const countFor = async (first: number) => {
      planning.queries.reset();
      const data = await ok(url, QUERY, { first }, bakery.viewer);
      expect(data.orchestrationRuns.edges).toHaveLength(first);
      return planning.queries.count;
    };
    const one = await countFor(1);
    expect(await countFor(5)).toBe(one);
    // runs + count, steps, snapshots, forecasts, schedules, batches, requirements, plans, plan lines, orders, order lines.
    expect(one).toBeLessThanOrEqual(12);
  });

  test('_entities resolves a bakery’s own plans and runs and nobody else’s', async () => {
    const { run, schedule, plan } = await runPipeline();
    const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on OrchestrationRun { id runStatus: status } ... on ProcurementPlan { id planStatus: status }
      ... on ProductionSchedule { id scheduleStatus: status }
    } }`;
    const representations = [
      { __typename: 'OrchestrationRun', id: run.id },
      { __typename: 'ProcurementPlan', id: plan.id },
      { __typename: 'ProductionSchedule', id: schedule.id },
      { __typename: 'ProcurementPlan', id: 'not-a-uuid' },
    ];
    const own = await ok(url, ENTITIES, { representations }, bakery.viewer);
    expect(own._entities).toEqual([
      { id: run.id, runStatus: 'RUNNING' },
      { id: plan.id, planStatus: 'DRAFT' },
      { id: schedule.id, scheduleStatus: 'DRAFT' },
      null,
    ]);
    const other = await ok(url, ENTITIES, { representations }, await tokenFor(await tenantId(planning.db, 'rival'), ['VIEWER']));
    expect(other._entities).toEqual([null, null, null, null]);
  });
});
