import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { ORCHESTRATE_JOB } from '../../jobs/queues.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { ok, refused, START_RUN } from '../planning/pipeline-support.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, waitFor, type JobsStack } from './support.ts';

/**
 * Issue 15, a quiet pipeline: the worker reaches the gateway through a counting HTTP proxy, and a
 * run costs at most 8 gateway calls — each stage mutation records its own step and answers with
 * the run's state. Also the planning API that makes this possible, bad inputs included.
 */

const MAX_CALLS_PER_RUN = 8;

let stack: JobsStack;
let db: Db;
/** Between the worker and the gateway: counts every request the worker sends. */
let counter: FaultProxy;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
  counter = await startFaultProxy(stack.gatewayUrl);
  await stack.startWorker({ GATEWAY_URL: counter.url });
});
afterAll(async () => {
  await stack?.stop();
  await counter?.stop();
  await db?.destroy();
});

/** Waits for the queue to be idle, so the worker's calls of one run are all counted. */
const idleQueue = () =>
  waitFor(
    () => stack.queues.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized'),
    (counts) => Object.values(counts).every((count) => count === 0),
    30_000,
    'an idle queue',
  );

const stepsOf = (run: { steps: { name: string; status: string; attempts: number }[] }) => run.steps.map((step) => [step.name, step.status, step.attempts]);
const ALL_COMPLETED_ONCE = ['snapshot', 'forecast', 'production', 'procurement', 'notify'].map((name) => [name, 'COMPLETED', 1]);

describe('a run through a counting proxy', () => {
  test('a requested (MANUAL) run costs at most 8 gateway calls, every step recorded with its timings', async () => {
    const bakery = await ownBakery(db, 'quiet-manual');
    await idleQueue();
    const before = counter.requests;
    const { requestOrchestration } = await ok(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    const runId = requestOrchestration.id;
    const run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, runId), (r) => FINAL_STATUSES.includes(r.status), 30_000, 'the run');
    await idleQueue();

    expect(run.status).toBe('COMPLETED');
    expect(stepsOf(run)).toEqual(ALL_COMPLETED_ONCE);
    expect(run.steps.every((step: { durationMs: number | null }) => step.durationMs !== null)).toBe(true);
    expect(run.procurementPlan.status).toBe('DRAFT');
    expect(counter.requests - before).toBeLessThanOrEqual(MAX_CALLS_PER_RUN);
  });

  test('a SCHEDULED job: at most 8 calls, the plan date is the fire time in the bakery zone, and a second fire that day makes no second run', async () => {
    // UTC+14: for ten hours of every UTC day its date is not UTC's.
    const bakery = await ownBakery(db, 'quiet-scheduled', 'Pacific/Kiritimati');
    await idleQueue();
    const before = counter.requests;
    const job = await stack.queues.queue.add(ORCHESTRATE_JOB, { trigger: 'SCHEDULED', tenantId: bakery.tenantId }, { jobId: `quiet-${randomUUID()}`, attempts: 1 });
    await idleQueue();
    const afterFirst = counter.requests;
    const runs = await db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId });
    expect(runs).toHaveLength(1);
    const planDate = dateIn('Pacific/Kiritimati', new Date(job.timestamp));
    expect(runs[0]).toMatchObject({ plan_date: planDate, trigger: 'SCHEDULED', status: 'COMPLETED', idempotency_key: `scheduled:${planDate}` });
    expect(stepsOf(await readRun(stack.gatewayUrl, bakery.viewer, runs[0].id))).toEqual(ALL_COMPLETED_ONCE);
    expect(afterFirst - before).toBeLessThanOrEqual(MAX_CALLS_PER_RUN);

    // Fired again the same day (a scheduler fired twice): one call finds the finished run.
    await stack.queues.queue.add(ORCHESTRATE_JOB, { trigger: 'SCHEDULED', tenantId: bakery.tenantId }, { jobId: `quiet-${randomUUID()}`, attempts: 1, timestamp: job.timestamp });
    await idleQueue();
    expect(await db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId })).toHaveLength(1);
    expect(counter.requests - afterFirst).toBe(1);
  });
});

describe('the planning API of a quiet run', () => {
  const GENERATE_FORECASTS = `mutation ($runId: ID!, $attempt: Int) { generateForecasts(runId: $runId, attempt: $attempt) { id } }`;
  const GENERATE_SCHEDULE = `mutation ($runId: ID!) { generateProductionSchedule(runId: $runId) { id } }`;
  const FINISH = `mutation ($runId: ID!, $input: FinishOrchestrationRunInput!) { finishOrchestrationRun(runId: $runId, input: $input) { id } }`;

  test('startOrchestrationRun takes exactly one of planDate and firedAt; with firedAt the key is scoped to the plan date', async () => {
    const bakery = await ownBakery(db, 'quiet-start', 'America/Los_Angeles');
    const firedAt = new Date().toISOString();
    const both = await refused(stack.gatewayUrl, START_RUN, { input: { planDate: '2026-03-02', firedAt, trigger: 'SCHEDULED', idempotencyKey: 'scheduled' } }, bakery.service);
    const neither = await refused(stack.gatewayUrl, START_RUN, { input: { trigger: 'SCHEDULED', idempotencyKey: 'scheduled' } }, bakery.service);
    const longKey = await refused(stack.gatewayUrl, START_RUN, { input: { firedAt, trigger: 'EVENT', idempotencyKey: 'k'.repeat(190) } }, bakery.service);
    for (const refusal of [both, neither, longKey]) expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(both.message).toMatch(/exactly one of planDate and firedAt/);
    expect(longKey.message).toMatch(/idempotencyKey/);

    const input = { firedAt, trigger: 'SCHEDULED', idempotencyKey: 'scheduled' };
    const { startOrchestrationRun: first } = await ok(stack.gatewayUrl, START_RUN, { input }, bakery.service);
    const { startOrchestrationRun: again } = await ok(stack.gatewayUrl, START_RUN, { input }, bakery.service);
    const planDate = dateIn('America/Los_Angeles', new Date(firedAt));
    expect([first.planDate, again.id]).toEqual([planDate, first.id]);
    const [row] = await db('planning.orchestration_runs').where({ id: first.id });
    expect(row.idempotency_key).toBe(`scheduled:${planDate}`);
  });

  test('a refused stage records nothing, its step included; bad attempts and finishing notes are refused', async () => {
    const bakery = await ownBakery(db, 'quiet-refusal');
    const { startOrchestrationRun: run } = await ok(stack.gatewayUrl, START_RUN, { input: { planDate: dateIn('Europe/Madrid'), trigger: 'MANUAL', idempotencyKey: randomUUID() } }, bakery.service);

    const early = await refused(stack.gatewayUrl, GENERATE_SCHEDULE, { runId: run.id }, bakery.service);
    expect(early.code).toBe('BAD_USER_INPUT');
    const after = await readRun(stack.gatewayUrl, bakery.viewer, run.id);
    expect(after.status).toBe('QUEUED');
    expect(stepsOf(after)).toEqual(['snapshot', 'forecast', 'production', 'procurement', 'notify'].map((name) => [name, 'PENDING', 0]));

    for (const attempt of [0, 1001, -1]) {
      const bad = await refused(stack.gatewayUrl, GENERATE_FORECASTS, { runId: run.id, attempt }, bakery.service);
      expect([bad.code, bad.message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('attempt')]);
    }
    const note = await refused(stack.gatewayUrl, FINISH, { runId: run.id, input: { status: 'FAILED', failedStep: 'production', error: 'x', note: 'y', attempts: 2 } }, bakery.service);
    expect(note.code).toBe('BAD_USER_INPUT');
    expect(note.message).toMatch(/note: must be empty for a FAILED run.*attempts: must be empty/);
    // Nothing of the refused calls was recorded.
    expect((await readRun(stack.gatewayUrl, bakery.viewer, run.id)).steps).toEqual(after.steps);
  });
});
