import { beforeAll, describe, expect, test } from 'vitest';
import { type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { ownBakery as demoCopy, type TestBakery as Bakery } from '../jobs/support.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { ok, pipelineRowCounts, refused, runPipelineThroughGateway } from './pipeline-support.ts';

/**
 * Issue 11, point 8, through the gateway: "today's plan" is the newest run's plan for the latest
 * plan date on or before today (in the bakery's time zone), not the plan with the latest plan
 * date; a newer plan for a date supersedes the older drafts of that date.
 */

let stack: TestStack;
let db: Db;
let url: string;

/** A copy of the demo bakery under its own slug: its runs disturb no other test. */
const ownBakery = (prefix: string) => demoCopy(db, prefix);

/** Today in the bakery's own time zone (Europe/Madrid), as the planning subgraph takes it. */
const today = () => dateIn(DEMO_BAKERY.tenant.timezone);

/** One whole run for `planDate`, as the worker drives it: the ids a planner would act on. */
async function runFor(bakery: Bakery, planDate: string) {
  const { run, schedule, plan } = await runPipelineThroughGateway(url, bakery.service, planDate);
  const runId = run.id as string;
  return { runId, scheduleId: schedule.id as string, planId: plan.id as string, orderIds: plan.purchaseOrders.map((order: { id: string }) => order.id) as string[] };
}

const PLAN_FIELDS = 'id planDate status supersededAt run { id productionSchedule { id status } }';
const BY_DATE = `query ($date: Date!) {
  procurementPlan(date: $date) { ${PLAN_FIELDS} }
  productionSchedule(date: $date) { id planDate status run { id } }
}`;
const BY_ID = `query ($id: ID!) { procurementPlan(id: $id) { ${PLAN_FIELDS} } }`;
const LATEST = `{ latestProcurementPlan { ${PLAN_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!) { approveProcurementPlan(id: $id) { id status } }`;
const SUBMIT = `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`;
const CANCEL_PLAN = `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id status } }`;

async function planById(bakery: Bakery, id: string) {
  return (await ok(url, BY_ID, { id }, bakery.viewer)).procurementPlan;
}

useGatewayStack((started) => ({ stack, url, db } = started));

describe("today's plan", () => {
  let bakery: Bakery;
  let later: Awaited<ReturnType<typeof runFor>>;
  let older: Awaited<ReturnType<typeof runFor>>;
  let newer: Awaited<ReturnType<typeof runFor>>;
  const laterDate = () => addDays(today(), 2);

  beforeAll(async () => {
    bakery = await ownBakery('today');
    later = await runFor(bakery, laterDate());
  });

  test('a plan for a later date only is not today\'s plan, but procurementPlan(date:) finds it', async () => {
    expect((await ok(url, LATEST, {}, bakery.viewer)).latestProcurementPlan).toBeNull();
    const { procurementPlan, productionSchedule } = await ok(url, BY_DATE, { date: laterDate() }, bakery.viewer);
    expect(procurementPlan).toMatchObject({ id: later.planId, planDate: laterDate(), status: 'DRAFT' });
    expect(productionSchedule).toMatchObject({ id: later.scheduleId, planDate: laterDate(), status: 'DRAFT' });
  });

  test("two runs for today after one for a later date: latestProcurementPlan is today's newest", async () => {
    older = await runFor(bakery, today());
    newer = await runFor(bakery, today());
    const { latestProcurementPlan } = await ok(url, LATEST, {}, bakery.viewer);
    expect(latestProcurementPlan).toMatchObject({ id: newer.planId, planDate: today(), status: 'DRAFT', supersededAt: null });
    expect(latestProcurementPlan.run).toEqual({ id: newer.runId, productionSchedule: { id: newer.scheduleId, status: 'DRAFT' } });
  });

  test('the older draft for today and its schedule are SUPERSEDED; the later date\'s plan is untouched', async () => {
    const superseded = await planById(bakery, older.planId);
    expect(superseded).toMatchObject({ status: 'SUPERSEDED', run: { productionSchedule: { id: older.scheduleId, status: 'SUPERSEDED' } } });
    expect(Date.parse(superseded.supersededAt)).not.toBeNaN();
    expect(await planById(bakery, later.planId)).toMatchObject({ status: 'DRAFT', supersededAt: null });

    const todays = await ok(url, BY_DATE, { date: today() }, bakery.viewer);
    expect(todays.procurementPlan.id).toBe(newer.planId);
    expect(todays.productionSchedule).toMatchObject({ id: newer.scheduleId, status: 'DRAFT', run: { id: newer.runId } });
    const laters = await ok(url, BY_DATE, { date: laterDate() }, bakery.viewer);
    expect(laters.procurementPlan.id).toBe(later.planId);
  });

  test('approving a superseded plan or submitting its order is refused, says which plan to use, and changes nothing', async () => {
    expect(older.orderIds.length).toBeGreaterThan(0);
    const before = await pipelineRowCounts(db, bakery.tenantId);
    const approve = await refused(url, APPROVE, { id: older.planId }, bakery.planner);
    expect(approve.code).toBe('BAD_USER_INPUT');
    expect(approve.message).toContain('SUPERSEDED');
    expect(approve.message).toContain(newer.planId);
    const submit = await refused(url, SUBMIT, { id: older.orderIds[0] }, bakery.planner);
    expect(submit.code).toBe('BAD_USER_INPUT');
    expect(submit.message).toContain('SUPERSEDED');
    expect(await planById(bakery, older.planId)).toMatchObject({ status: 'SUPERSEDED' });
    const { procurementPlan } = await ok(url, `query ($id: ID!) { procurementPlan(id: $id) { purchaseOrders { status } } }`, { id: older.planId }, bakery.viewer);
    expect(new Set(procurementPlan.purchaseOrders.map((order: { status: string }) => order.status))).toEqual(new Set(['DRAFT']));
    expect(await pipelineRowCounts(db, bakery.tenantId)).toEqual(before);
  });

  test('a date with no plan answers null; id and date together, or neither, are refused', async () => {
    expect(await ok(url, BY_DATE, { date: addDays(today(), 20) }, bakery.viewer)).toEqual({ procurementPlan: null, productionSchedule: null });
    for (const query of [
      `query ($id: ID!, $date: Date!) { procurementPlan(id: $id, date: $date) { id } }`,
      `query ($id: ID!, $date: Date!) { productionSchedule(id: $id, date: $date) { id } }`,
    ]) {
      const both = await refused(url, query, { id: newer.planId, date: today() }, bakery.viewer);
      expect(both.code).toBe('BAD_USER_INPUT');
      expect(both.message).toContain('exactly one of id and date');
    }
    const neither = await refused(url, `{ procurementPlan { id } }`, {}, bakery.viewer);
    expect(neither.code).toBe('BAD_USER_INPUT');
  });
});

describe('what superseding leaves alone, and what compensation gives back', () => {
  test('an APPROVED plan and a plan with a submitted order are not superseded by a newer run', async () => {
    const bakery = await ownBakery('kept');
    const approved = await runFor(bakery, today());
    await ok(url, APPROVE, { id: approved.planId }, bakery.planner);
    const submitted = await runFor(bakery, today());
    await ok(url, SUBMIT, { id: submitted.orderIds[0] }, bakery.planner);
    const newest = await runFor(bakery, today());

    expect(await planById(bakery, approved.planId)).toMatchObject({ status: 'APPROVED', supersededAt: null });
    expect(await planById(bakery, submitted.planId)).toMatchObject({ status: 'DRAFT', supersededAt: null });
    expect((await ok(url, LATEST, {}, bakery.viewer)).latestProcurementPlan).toMatchObject({ id: newest.planId, status: 'DRAFT' });
  });

  test('cancelling the newest draft (a compensation) gives the superseded draft back as today\'s plan', async () => {
    const bakery = await ownBakery('restore');
    const first = await runFor(bakery, today());
    const second = await runFor(bakery, today());
    const third = await runFor(bakery, today());
    expect(await planById(bakery, first.planId)).toMatchObject({ status: 'SUPERSEDED' });
    expect(await planById(bakery, second.planId)).toMatchObject({ status: 'SUPERSEDED' });

    const { cancelProcurementPlan } = await ok(url, CANCEL_PLAN, { id: third.planId }, bakery.service);
    expect(cancelProcurementPlan.status).toBe('CANCELLED');
    expect(await planById(bakery, second.planId)).toMatchObject({
      status: 'DRAFT',
      supersededAt: null,
      run: { productionSchedule: { status: 'DRAFT' } },
    });
    expect(await planById(bakery, first.planId)).toMatchObject({ status: 'SUPERSEDED', run: { productionSchedule: { status: 'SUPERSEDED' } } });
    expect((await ok(url, LATEST, {}, bakery.viewer)).latestProcurementPlan.id).toBe(second.planId);
  });
});
