import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { graphql } from '../support/graphql.ts';
import { pipelineRowCounts } from '../planning/pipeline-support.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, waitFor, type JobsStack } from './support.ts';

/**
 * Fault tests on real Redis: a worker process killed in the middle of a run, and the planning
 * subgraph going down during a step, briefly or for longer than the step's retries.
 */

const env = jobsEnv('redis');
let stack: JobsStack;
let db: Db;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startJobsStack(inject('databaseUrl'), env);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await stack?.stop();
  await db?.destroy();
});

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run worker` as a real child process (node --import tsx, so SIGKILL reaches the worker itself). */
async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/index.ts'], {
    cwd: root,
    env: { ...process.env, ...env, GATEWAY_URL: stack.gatewayUrl, WORKER_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  if (process.env.TEST_WORKER_LOG) child.stdout!.on('data', (chunk) => appendFileSync(process.env.TEST_WORKER_LOG!, chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('orchestration worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  return child;
}

/** Stops a worker process the way an orchestrator would (SIGTERM) and waits for it to exit. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const stepsOf = (run: any) => Object.fromEntries(run.steps.map((step: any) => [step.name, [step.status, step.attempts]]));

describe('a worker killed in the middle of a run', () => {
  test('a new worker finishes it: one run, one schedule, one plan for that bakery and date', async () => {
    const bakery = await ownBakery(db, 'fault-kill');
    const first = await spawnWorker();
    // Hold the production step's request at planning: the worker is certainly mid-run.
    const caught = stack.planningProxy.on('generateProductionSchedule', 'hold');
    const { data } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    const runId = data.requestOrchestration.id;
    const held = await caught;
    const killed = once(first, 'exit');
    first.kill('SIGKILL');
    await killed;
    // The request the dead worker sent still reaches planning, which makes the schedule.
    held.release();

    const second = await spawnWorker();
    const run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, runId), (r) => FINAL_STATUSES.includes(r.status), 30_000, 'the run');
    await stopChild(second);
    expect(run.status).toBe('COMPLETED');
    expect(stepsOf(run)).toEqual({
      snapshot: ['COMPLETED', 1],
      forecast: ['COMPLETED', 1],
      // The killed worker's request still reached planning, which made the schedule and recorded
      // the step in one transaction: the new worker finds it COMPLETED and does not call again.
      production: ['COMPLETED', 1],
      procurement: ['COMPLETED', 1],
      notify: ['COMPLETED', 1],
    });
    const runs = await db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId, plan_date: run.planDate, trigger: 'MANUAL' });
    expect(runs).toHaveLength(1);
    const counts = await pipelineRowCounts(db, bakery.tenantId);
    expect(counts).toMatchObject({ orchestration_runs: 1, snapshots: 1, forecast_sets: 1, production_schedules: 1, procurement_plans: 1 });
    const job = await stack.queues.queue.getJob(`manual-${runId}`);
    expect(job?.attemptsStarted).toBe(2);
    expect(await job?.getState()).toBe('completed');
  });
});

describe('a worker asked to stop (SIGTERM)', () => {
  test('finishes the step in flight, puts the job back at that step boundary and exits; another worker completes the run', async () => {
    const bakery = await ownBakery(db, 'fault-term');
    const child = await spawnWorker();
    const caught = stack.planningProxy.on('generateForecasts', 'hold');
    const { data } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    const runId = data.requestOrchestration.id;
    const held = await caught;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    // Give the signal time to arrive before the step's answer does.
    await new Promise((resolve) => setTimeout(resolve, 300));
    held.release();
    const [code] = await exited;
    expect(code).toBe(0);

    const job = await stack.queues.queue.getJob(`manual-${runId}`);
    // Back in the queue: among the prioritized, since a manual job carries a priority (issue 12: scheduled runs first).
    expect(await job?.getState()).toBe('prioritized');
    const stopped = await readRun(stack.gatewayUrl, bakery.viewer, runId);
    expect(stepsOf(stopped)).toMatchObject({ snapshot: ['COMPLETED', 1], forecast: ['COMPLETED', 1], production: ['PENDING', 0] });

    await stack.startWorker();
    const run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, runId), (r) => FINAL_STATUSES.includes(r.status), 30_000, 'the run');
    expect(run.status).toBe('COMPLETED');
    expect(Object.values(stepsOf(run))).toEqual(Array(5).fill(['COMPLETED', 1]));
  });
});

describe('the planning subgraph down during a step', () => {
  test('for a few seconds: the step is retried and the run completes, with attempts > 1 on that step', async () => {
    const bakery = await ownBakery(db, 'fault-blip');
    await stack.startWorker();
    const outage = stack.planningProxy.on('generateForecasts', 'down');
    const { data } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    await outage;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    stack.planningProxy.down = false;

    const run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, data.requestOrchestration.id), (r) => FINAL_STATUSES.includes(r.status), 30_000, 'the run');
    expect(run.status).toBe('COMPLETED');
    const steps = stepsOf(run);
    expect(steps.forecast[0]).toBe('COMPLETED');
    expect(steps.forecast[1]).toBeGreaterThan(1);
    expect([steps.snapshot, steps.production, steps.procurement, steps.notify]).toEqual([
      ['COMPLETED', 1],
      ['COMPLETED', 1],
      ['COMPLETED', 1],
      ['COMPLETED', 1],
    ]);
    expect(await pipelineRowCounts(db, bakery.tenantId)).toMatchObject({ forecast_sets: 1, production_schedules: 1, procurement_plans: 1 });
  });

  test('for longer than the retries: the run ends COMPENSATED and leaves no DRAFT schedule or plan', async () => {
    const bakery = await ownBakery(db, 'fault-down');
    await stack.startWorker();
    const outage = stack.planningProxy.on('generateProcurementPlan', 'down');
    const { data } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    const runId = data.requestOrchestration.id;
    await outage;
    // Planning stays down until the saga gave up on the step and decided to compensate (kept
    // in the job, since planning cannot record it); then it comes back for the compensation.
    const job = await waitFor(
      () => stack.queues.queue.getJob(`manual-${runId}`),
      (found) => Boolean((found?.progress as { failure?: unknown } | undefined)?.failure),
      30_000,
      'the decision to compensate',
    );
    expect((job!.progress as any).failure).toMatchObject({ step: 'procurement' });
    stack.planningProxy.down = false;

    const run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, runId), (r) => FINAL_STATUSES.includes(r.status), 30_000, 'the run');
    expect(run.status).toBe('COMPENSATED');
    expect(run.failedStep).toBe('procurement');
    expect(run.error).toMatch(/generateProcurementPlan failed after \d+ tries/);
    const steps = stepsOf(run);
    expect(steps.procurement[0]).toBe('FAILED');
    expect(steps.procurement[1]).toBeGreaterThan(1);
    expect([steps.snapshot[0], steps.forecast[0], steps.production[0], steps.notify[0]]).toEqual(['COMPENSATED', 'COMPENSATED', 'COMPENSATED', 'SKIPPED']);
    expect(run.productionSchedule.status).toBe('CANCELLED');
    expect(run.procurementPlan === null || run.procurementPlan.status === 'CANCELLED').toBe(true);
    const drafts = await db('planning.production_schedules').where({ tenant_id: bakery.tenantId, run_id: runId, status: 'DRAFT' });
    const draftPlans = await db('planning.procurement_plans').where({ tenant_id: bakery.tenantId, run_id: runId, status: 'DRAFT' });
    expect([drafts.length, draftPlans.length]).toEqual([0, 0]);

    // The job fails for good (nothing left to retry) and the bakery is told.
    await waitFor(async () => (await stack.queues.queue.getJob(`manual-${runId}`))?.getState(), (state) => state === 'failed', 10_000, 'the job to fail');
    const failed = await stack.queues.queue.getJob(`manual-${runId}`);
    expect(failed?.failedReason).toMatch(/ended COMPENSATED/);
    const notifications = await db('planning.notifications').where({ tenant_id: bakery.tenantId, run_id: runId });
    expect(notifications.map((row) => row.kind)).toEqual(['RUN_FAILED']);
  });
});
