import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Db } from '../../db/client.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { graphql, tenantId, tokenFor } from '../support/graphql.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import {
  GENERATE_FORECASTS,
  GENERATE_PLAN,
  GENERATE_SCHEDULE,
  ok,
  pipelineRowCounts,
  RECORD_SNAPSHOT,
  refused,
  runPipelineThroughGateway,
  type SeededBakery,
  seedOwnBakery,
  SNAPSHOT_QUERY,
  snapshotInput,
  START_RUN,
} from './pipeline-support.ts';

let stack: TestStack;
let db: Db;
let url: string;

type Bakery = SeededBakery;

/** A copy of the demo bakery under a slug of its own, so runs and orders here disturb no other test. */
const ownBakery = (prefix: string) => seedOwnBakery(db, DEMO_BAKERY, prefix);

const planDate = () => dateIn(DEMO_BAKERY.tenant.timezone);

const runPipeline = (bakery: Bakery, idempotencyKey = randomUUID()) => runPipelineThroughGateway(url, bakery.service, planDate(), { idempotencyKey });

const LATEST_PLAN = `{
  latestProcurementPlan {
    id planDate horizonDays status totalCost
    run { id status }
    purchaseOrders {
      id status orderDate deliveryDate total belowMinimumOrderValue
      supplier { id name }
      lines { ingredient { id name } supplier { id name } quantity unit orderDate deliveryDate neededBy safetyStock unitPrice cost urgent reason }
    }
    projections { ingredient { id name } unit safetyStock days { date opening receipts demand expired shortfall closing blockedProduction { product { name } batches } } }
    warnings { code message ingredient { id } product { id } supplier { id } }
  }
}`;

useGatewayStack((started) => ({ stack, url, db } = started));

describe('the pipeline through the gateway', () => {
  let bakery: Bakery;
  let pipeline: Awaited<ReturnType<typeof runPipeline>>;

  beforeAll(async () => {
    bakery = await ownBakery('pipeline');
    pipeline = await runPipeline(bakery);
  });

  test('a run starts QUEUED with its five steps pending', () => {
    expect(pipeline.run).toMatchObject({ planDate: planDate(), trigger: 'MANUAL', status: 'QUEUED', snapshot: null });
    expect(pipeline.run.steps).toEqual(
      ['snapshot', 'forecast', 'production', 'procurement', 'notify'].map((name) => ({ name, status: 'PENDING', attempts: 0 })),
    );
  });

  test('the snapshot is one gateway query, one fetch to each source subgraph, and its summary counts what it holds', async () => {
    stack.resetCounts();
    await ok(url, SNAPSHOT_QUERY, {}, bakery.service);
    expect(stack.subgraphs.inventory.requests).toBe(1);
    expect(stack.subgraphs.suppliers.requests).toBe(1);
    expect(stack.subgraphs.recipes.requests).toBe(1);
    expect(stack.subgraphs.planning.requests).toBe(0);

    const offers = DEMO_BAKERY.suppliers.reduce((sum, supplier) => sum + supplier.offers.length, 0);
    const lots = DEMO_BAKERY.ingredients.reduce((sum, ingredient) => sum + ingredient.lots.length, 0);
    expect(pipeline.recorded.status).toBe('RUNNING');
    expect(pipeline.recorded.snapshot).toMatchObject({
      ingredients: DEMO_BAKERY.ingredients.length,
      lots,
      suppliers: DEMO_BAKERY.suppliers.length,
      offers,
      recipes: DEMO_BAKERY.products.length,
      products: DEMO_BAKERY.products.length,
    });
  });

  test('forecasts cover every product on each of the 7 horizon days', () => {
    const forecasts = pipeline.forecasted.forecasts as { product: { id: string }; date: string; quantity: number; lower: number; upper: number }[];
    expect(forecasts).toHaveLength(DEMO_BAKERY.products.length * 7);
    expect(new Set(forecasts.map((forecast) => forecast.date)).size).toBe(7);
    for (const forecast of forecasts) {
      expect(forecast.quantity).toBeGreaterThan(0);
      expect(forecast.lower).toBeLessThanOrEqual(forecast.quantity);
      expect(forecast.upper).toBeGreaterThanOrEqual(forecast.quantity);
    }
  });

  test('the schedule bakes whole batches covering each forecast', () => {
    const { schedule } = pipeline;
    expect(schedule).toMatchObject({ planDate: planDate(), status: 'DRAFT', horizonDays: 7 });
    expect(schedule.batches.length).toBeGreaterThan(0);
    for (const batch of schedule.batches) {
      expect(batch.quantity).toBeGreaterThanOrEqual(batch.forecastQuantity);
      expect(Number.isInteger(batch.batches)).toBe(true);
    }
    for (const requirement of schedule.ingredientRequirements) expect(requirement.days).toHaveLength(7);
  });

  test('latestProcurementPlan: purchase orders per supplier, explained lines, names from the owning subgraphs, lost-sales projections', async () => {
    const { latestProcurementPlan: plan } = await ok(url, LATEST_PLAN, {}, bakery.viewer);
    expect(plan).toMatchObject({ id: pipeline.plan.id, planDate: planDate(), horizonDays: 7, status: 'DRAFT', run: { id: pipeline.run.id } });
    expect(plan.purchaseOrders.length).toBeGreaterThan(0);

    const supplierNames = new Set(DEMO_BAKERY.suppliers.map((supplier) => supplier.name));
    const ingredientNames = new Set(DEMO_BAKERY.ingredients.map((ingredient) => ingredient.name));
    for (const order of plan.purchaseOrders) {
      expect(supplierNames).toContain(order.supplier.name);
      expect(order.status).toBe('DRAFT');
      expect(order.lines.length).toBeGreaterThan(0);
      expect(order.total).toBeCloseTo(order.lines.reduce((sum: number, line: { cost: number }) => sum + line.cost, 0), 2);
      for (const line of order.lines) {
        expect(line.supplier).toEqual(order.supplier);
        expect(line.orderDate).toBe(order.orderDate);
        expect(ingredientNames).toContain(line.ingredient.name);
        expect(line.reason.length).toBeGreaterThan(20);
        expect(line.cost).toBeCloseTo(line.quantity * line.unitPrice, 2);
        expect(line.deliveryDate >= line.orderDate).toBe(true);
        // A line no delivery can bring by its need date is ordered today (issue 11 acceptance 2).
        if (line.urgent) expect(line.orderDate).toBe(planDate());
      }
    }
    const orderKeys = plan.purchaseOrders.map((order: { supplier: { id: string }; orderDate: string }) => `${order.supplier.id}/${order.orderDate}`);
    expect(new Set(orderKeys).size).toBe(orderKeys.length);
    expect(plan.totalCost).toBeCloseTo(plan.purchaseOrders.reduce((sum: number, order: { total: number }) => sum + order.total, 0), 2);

    expect(plan.projections).toHaveLength(DEMO_BAKERY.ingredients.length);
    for (const projection of plan.projections) {
      expect(ingredientNames).toContain(projection.ingredient.name);
      expect(projection.days.length).toBeGreaterThanOrEqual(7);
      expect(projection.days[0].date).toBe(planDate());
      for (const day of projection.days) {
        // Lost sales: closing never below 0; what stock cannot serve is the day's shortfall (issue 11 acceptance 2).
        expect(day.closing).toBeGreaterThanOrEqual(0);
        expect(day.closing).toBeCloseTo(day.opening + day.receipts - day.demand - day.expired + day.shortfall, 5);
        if (day.shortfall === 0) expect(day.blockedProduction).toEqual([]);
      }
    }
    // Every line arrives as a receipt in its ingredient's projection on its delivery day.
    const lines = plan.purchaseOrders.flatMap((order: { lines: unknown[] }) => order.lines);
    for (const line of lines) {
      const projection = plan.projections.find((candidate: { ingredient: { id: string } }) => candidate.ingredient.id === line.ingredient.id);
      const day = projection.days.find((candidate: { date: string }) => candidate.date === line.deliveryDate);
      expect(day.receipts).toBeGreaterThanOrEqual(line.quantity - 1e-6);
    }
  });

  test('calling each step again returns the same result and writes nothing', async () => {
    const before = await pipelineRowCounts(db, bakery.tenantId);
    const runId = pipeline.run.id;
    const snapshot = await ok(url, RECORD_SNAPSHOT, { runId, snapshot: pipeline.snapshot }, bakery.service);
    const forecasts = await ok(url, GENERATE_FORECASTS, { runId }, bakery.service);
    const schedule = await ok(url, GENERATE_SCHEDULE, { runId }, bakery.service);
    const plan = await ok(url, GENERATE_PLAN, { runId }, bakery.service);
    expect(snapshot.recordSnapshot.snapshot).toEqual(pipeline.recorded.snapshot);
    expect(forecasts.generateForecasts.forecasts).toEqual(pipeline.forecasted.forecasts);
    expect(schedule.generateProductionSchedule).toEqual(pipeline.schedule);
    expect(plan.generateProcurementPlan).toEqual(pipeline.plan);
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });

  test('concurrent calls of one step store one result', async () => {
    const { startOrchestrationRun: run } = await ok(
      url,
      START_RUN,
      { input: { planDate: planDate(), trigger: 'EVENT', idempotencyKey: randomUUID() } },
      bakery.service,
    );
    const variables = { runId: run.id };
    const all = <T>(calls: Promise<T>[]) => Promise.all(calls);
    await all([1, 2, 3].map(() => ok(url, RECORD_SNAPSHOT, { ...variables, snapshot: pipeline.snapshot }, bakery.service)));
    await all([1, 2, 3].map(() => ok(url, GENERATE_FORECASTS, variables, bakery.service)));
    const schedules = await all([1, 2, 3].map(() => ok(url, GENERATE_SCHEDULE, variables, bakery.service)));
    const plans = await all([1, 2, 3].map(() => ok(url, GENERATE_PLAN, variables, bakery.service)));
    expect(new Set(schedules.map((result) => result.generateProductionSchedule.id)).size).toBe(1);
    expect(new Set(plans.map((result) => result.generateProcurementPlan.id)).size).toBe(1);
    const perRun = async (table: string) =>
      Number((await db(`planning.${table}`).where('run_id', run.id).count<{ count: number }[]>({ count: '*' }))[0].count);
    expect(await perRun('snapshots')).toBe(1);
    expect(await perRun('forecast_sets')).toBe(1);
    expect(await perRun('forecasts')).toBe(DEMO_BAKERY.products.length * 7);
    expect(await perRun('production_schedules')).toBe(1);
    expect(await perRun('procurement_plans')).toBe(1);
  });

  test('the same idempotency key returns the same run; reused for another day it is refused', async () => {
    const key = `nightly-${randomUUID()}`;
    const input = { planDate: planDate(), trigger: 'SCHEDULED', idempotencyKey: key };
    const first = await ok(url, START_RUN, { input }, bakery.service);
    const before = await pipelineRowCounts(db, bakery.tenantId);
    const again = await Promise.all([1, 2].map(() => ok(url, START_RUN, { input }, bakery.service)));
    expect(again.map((result) => result.startOrchestrationRun.id)).toEqual([first.startOrchestrationRun.id, first.startOrchestrationRun.id]);
    const otherDay = await refused(url, START_RUN, { input: { ...input, planDate: '2030-01-01' } }, bakery.service);
    expect(otherDay.code).toBe('BAD_USER_INPUT');
    expect(otherDay.message).toContain(key);
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });
});

describe('submitted purchase orders', () => {
  test('a submitted order is a receipt in the next run’s projection', async () => {
    const bakery = await ownBakery('receipts');
    const first = await runPipeline(bakery);
    const order = first.plan.purchaseOrders[0];
    const submitted = await ok(url, `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`, { id: order.id }, bakery.planner);
    expect(submitted.submitPurchaseOrder).toEqual({ id: order.id, status: 'SUBMITTED' });

    const second = await runPipeline(bakery);
    const { procurementPlan: plan } = await ok(
      url,
      `query ($id: ID!) { procurementPlan(id: $id) {
        lines { ingredient { id } quantity deliveryDate }
        projections { ingredient { id } days { date receipts } }
      } }`,
      { id: second.plan.id },
      bakery.viewer,
    );
    for (const line of order.lines as { ingredient: { id: string }; quantity: number; deliveryDate: string }[]) {
      const ownDeliveries = plan.lines
        .filter((candidate: typeof line) => candidate.ingredient.id === line.ingredient.id && candidate.deliveryDate === line.deliveryDate)
        .reduce((sum: number, candidate: typeof line) => sum + candidate.quantity, 0);
      const projection = plan.projections.find((candidate: { ingredient: { id: string } }) => candidate.ingredient.id === line.ingredient.id);
      const day = projection.days.find((candidate: { date: string }) => candidate.date === line.deliveryDate);
      expect(day.receipts).toBeCloseTo(ownDeliveries + line.quantity, 5);
    }
  });
});

describe('only the pipeline runs the pipeline', () => {
  let bakery: Bakery;
  let pipeline: Awaited<ReturnType<typeof runPipeline>>;

  beforeAll(async () => {
    bakery = await ownBakery('roles');
    pipeline = await runPipeline(bakery);
  });

  const pipelineCalls = () => [
    [START_RUN, { input: { planDate: planDate(), trigger: 'MANUAL', idempotencyKey: randomUUID() } }],
    [RECORD_SNAPSHOT, { runId: pipeline.run.id, snapshot: pipeline.snapshot }],
    [GENERATE_FORECASTS, { runId: pipeline.run.id }],
    [GENERATE_SCHEDULE, { runId: pipeline.run.id }],
    [GENERATE_PLAN, { runId: pipeline.run.id }],
    [`mutation ($runId: ID!) { recordRunStep(runId: $runId, input: { name: snapshot, status: RUNNING }) { id } }`, { runId: pipeline.run.id }],
    [`mutation ($runId: ID!) { finishOrchestrationRun(runId: $runId, input: { status: COMPLETED }) { id } }`, { runId: pipeline.run.id }],
    [`mutation ($id: ID!) { cancelProductionSchedule(id: $id) { id } }`, { id: pipeline.schedule.id }],
    [`mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id } }`, { id: pipeline.plan.id }],
  ] as const;

  test.each(['VIEWER', 'PLANNER', 'ADMIN'] as const)('a %s is FORBIDDEN every pipeline mutation, and nothing changes', async (role) => {
    const token = { VIEWER: bakery.viewer, PLANNER: bakery.planner, ADMIN: bakery.admin }[role];
    const before = await pipelineRowCounts(db, bakery.tenantId);
    for (const [query, variables] of pipelineCalls()) {
      const { code } = await refused(url, query, variables, token);
      expect(code, query).toBe('FORBIDDEN');
    }
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
    const { orchestrationRun } = await ok(url, `query ($id: ID!) { orchestrationRun(id: $id) { status } }`, { id: pipeline.run.id }, token);
    expect(orchestrationRun.status).toBe('RUNNING');
  });

  test('the service is FORBIDDEN the planner actions', async () => {
    const order = pipeline.plan.purchaseOrders[0];
    for (const [query, id] of [
      [`mutation ($id: ID!) { approveProcurementPlan(id: $id) { id } }`, pipeline.plan.id],
      [`mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id } }`, order.id],
      [`mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { id } }`, order.id],
    ]) {
      expect((await refused(url, query, { id }, bakery.service)).code).toBe('FORBIDDEN');
      expect((await refused(url, query, { id }, bakery.viewer)).code).toBe('FORBIDDEN');
    }
  });

  test('another bakery sees none of it: null on reads, NOT_FOUND on writes', async () => {
    const demo = await tenantId(db, 'demo');
    const [demoViewer, demoService, demoPlanner] = await Promise.all([
      tokenFor(demo, ['VIEWER']),
      tokenFor(demo, ['SERVICE']),
      tokenFor(demo, ['PLANNER']),
    ]);
    const reads = await ok(
      url,
      `query ($run: ID!, $plan: ID!, $schedule: ID!) {
        orchestrationRun(id: $run) { id } procurementPlan(id: $plan) { id } productionSchedule(id: $schedule) { id }
        orchestrationRuns(first: 500) { edges { node { id } } }
        latestProcurementPlan { id }
      }`,
      { run: pipeline.run.id, plan: pipeline.plan.id, schedule: pipeline.schedule.id },
      demoViewer,
    );
    expect(reads).toMatchObject({ orchestrationRun: null, procurementPlan: null, productionSchedule: null });
    expect(reads.orchestrationRuns.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(pipeline.run.id);
    expect(reads.latestProcurementPlan?.id).not.toBe(pipeline.plan.id);

    const before = await pipelineRowCounts(db, bakery.tenantId);
    for (const [query, variables] of pipelineCalls().slice(1)) {
      const { code } = await refused(url, query, variables, demoService);
      expect(code, query).toBe('NOT_FOUND');
    }
    for (const [query, id] of [
      [`mutation ($id: ID!) { approveProcurementPlan(id: $id) { id } }`, pipeline.plan.id],
      [`mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id } }`, pipeline.plan.purchaseOrders[0].id],
    ]) {
      expect((await refused(url, query, { id }, demoPlanner)).code).toBe('NOT_FOUND');
    }
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });
});

describe('bad input is refused and writes nothing', () => {
  let bakery: Bakery;

  beforeAll(async () => {
    bakery = await ownBakery('refusals');
  });

  // Dates are checked by the Date scalar in the subgraph, which answers HTTP 400; the gateway
  // does not yet pass a subgraph's 400 on (it masks it as INTERNAL_SERVER_ERROR, for every
  // subgraph's Date arguments), so these cases go to the planning subgraph itself.
  test.each([
    ['a date that does not exist', 'planning', { planDate: '2026-02-30', trigger: 'MANUAL' }],
    ['a date in another format', 'planning', { planDate: '30/01/2026', trigger: 'MANUAL' }],
    ['an unknown trigger', 'gateway', { planDate: '2026-03-02', trigger: 'WEEKLY' }],
    ['an empty idempotency key', 'gateway', { planDate: '2026-03-02', trigger: 'MANUAL', idempotencyKey: ' ' }],
  ] as const)('startOrchestrationRun with %s (through the %s)', async (_, through, input) => {
    const before = await pipelineRowCounts(db, bakery.tenantId);
    const target = through === 'gateway' ? url : stack.subgraphs.planning.url;
    const { code } = await refused(target, START_RUN, { input: { idempotencyKey: randomUUID(), ...input } }, bakery.service);
    expect(code).toBe('BAD_USER_INPUT');
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });

  test('a snapshot with a negative quantity names the field and is not stored', async () => {
    const { startOrchestrationRun: run } = await ok(
      url,
      START_RUN,
      { input: { planDate: planDate(), trigger: 'MANUAL', idempotencyKey: randomUUID() } },
      bakery.service,
    );
    const snapshot = snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, bakery.service));
    const index = snapshot.ingredients.findIndex((ingredient: any) => ingredient.lots.length > 1);
    const broken = structuredClone(snapshot) as any;
    broken.ingredients[index].lots[1].quantity = -5;
    const before = await pipelineRowCounts(db, bakery.tenantId);

    const negative = await refused(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: broken }, bakery.service);
    expect(negative.code).toBe('BAD_USER_INPUT');
    expect(negative.message).toContain(`snapshot.ingredients.${index}.lots.1.quantity`);

    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
    const { orchestrationRun } = await ok(url, `query ($id: ID!) { orchestrationRun(id: $id) { status snapshot { takenAt } } }`, { id: run.id }, bakery.viewer);
    expect(orchestrationRun).toEqual({ status: 'QUEUED', snapshot: null });
  });

  test('steps out of order are refused with what to do first', async () => {
    const { startOrchestrationRun: run } = await ok(
      url,
      START_RUN,
      { input: { planDate: planDate(), trigger: 'MANUAL', idempotencyKey: randomUUID() } },
      bakery.service,
    );
    const before = await pipelineRowCounts(db, bakery.tenantId);
    const forecasts = await refused(url, GENERATE_FORECASTS, { runId: run.id }, bakery.service);
    expect(forecasts).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(forecasts.message).toContain('recordSnapshot');
    const plan = await refused(url, GENERATE_PLAN, { runId: run.id }, bakery.service);
    expect(plan.message).toContain('generateProductionSchedule');
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });

  test('approving a cancelled plan is refused and it stays cancelled, with its orders', async () => {
    const { plan } = await runPipeline(bakery);
    const cancelled = await ok(url, `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { status purchaseOrders { status } } }`, { id: plan.id }, bakery.service);
    expect(cancelled.cancelProcurementPlan.status).toBe('CANCELLED');
    expect(new Set(cancelled.cancelProcurementPlan.purchaseOrders.map((order: { status: string }) => order.status))).toEqual(new Set(['CANCELLED']));

    const approve = await refused(url, `mutation ($id: ID!) { approveProcurementPlan(id: $id) { status } }`, { id: plan.id }, bakery.planner);
    expect(approve.code).toBe('BAD_USER_INPUT');
    expect(approve.message).toContain('CANCELLED');
    const submit = await refused(url, `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { status } }`, { id: plan.purchaseOrders[0].id }, bakery.planner);
    expect(submit.code).toBe('BAD_USER_INPUT');

    const { procurementPlan } = await ok(url, `query ($id: ID!) { procurementPlan(id: $id) { status approvedAt purchaseOrders { status } } }`, { id: plan.id }, bakery.viewer);
    expect(procurementPlan.status).toBe('CANCELLED');
    expect(procurementPlan.approvedAt).toBeNull();
    expect(procurementPlan.purchaseOrders.every((order: { status: string }) => order.status === 'CANCELLED')).toBe(true);
    const { latestProcurementPlan } = await ok(url, `{ latestProcurementPlan { id } }`, {}, bakery.viewer);
    expect(latestProcurementPlan?.id).not.toBe(plan.id);
  });

  test('a malformed id is BAD_USER_INPUT, an unknown one NOT_FOUND', async () => {
    expect((await refused(url, GENERATE_FORECASTS, { runId: 'run-1' }, bakery.service)).code).toBe('BAD_USER_INPUT');
    expect((await refused(url, GENERATE_FORECASTS, { runId: randomUUID() }, bakery.service)).code).toBe('NOT_FOUND');
  });
});
