import { describe, expect, test } from 'vitest';
import { createLogger } from '../../platform/logger.ts';
import { GatewayCallFailed, GatewayError, type GatewayCall, type GatewayClient } from './gateway-client.ts';
import type { RunState, StepName } from './operations.ts';
import { CompensationIncomplete, runSaga, SagaReleased, type SagaJob, type SagaProgress } from './saga.ts';

/**
 * The saga against an in-memory planning subgraph that keeps the run's state the way the real
 * one does (steps, schedule, plan, statuses), so each test reads what the saga left behind.
 */

const STEP_NAMES: StepName[] = ['snapshot', 'forecast', 'production', 'procurement', 'notify'];
const TENANT = '11111111-1111-4111-8111-111111111111';
const RUN_ID = '22222222-2222-4222-8222-222222222222';

const failed = (name: string, tries: number, transient: boolean, message = 'INTERNAL_SERVER_ERROR: Internal server error') =>
  new GatewayCallFailed({ tenantId: TENANT, target: 'planning', name, query: '' }, tries, new GatewayError(message, { transient }));

function fakePlanning() {
  const run: RunState = {
    id: RUN_ID,
    planDate: '2026-11-30',
    trigger: 'MANUAL',
    status: 'QUEUED',
    error: null,
    failedStep: null,
    durationMs: null,
    steps: STEP_NAMES.map((name) => ({ name, status: 'PENDING', attempts: 0, error: null, durationMs: null })),
    snapshot: null,
    productionSchedule: null,
    procurementPlan: null,
  };
  const calls: string[] = [];
  /** Operation name → how many more calls fail, and how. */
  const failures = new Map<string, { times: number; error: () => Error }>();
  const step = (name: StepName) => run.steps.find((candidate) => candidate.name === name)!;
  const copy = () => structuredClone(run);

  /** A stage mutation as planning runs it: the step RUNNING → COMPLETED with the work, one attempt more (at least the worker's try). */
  const stage = (name: StepName, attempt: number | undefined, work: () => void) => {
    const current = step(name);
    work();
    if (current.status === 'COMPLETED' || !['QUEUED', 'RUNNING'].includes(run.status)) return;
    current.attempts = Math.max(current.attempts + 1, attempt ?? 0);
    current.status = 'COMPLETED';
    run.status = 'RUNNING';
  };

  const handlers: Record<string, (variables: any) => unknown> = {
    orchestrationRun: () => ({ orchestrationRun: copy() }),
    recordRunStep: ({ input }) => {
      const current = step(input.name);
      current.attempts = input.attempts ?? (input.status === 'RUNNING' ? current.attempts + 1 : current.attempts);
      current.status = input.status;
      if (input.error !== undefined) current.error = input.error;
      if (run.status === 'QUEUED') run.status = 'RUNNING';
      return { recordRunStep: { id: run.id, status: run.status, steps: copy().steps } };
    },
    snapshot: () => Object.fromEntries(['ingredients', 'suppliers', 'recipes', 'products'].map((list) => [list, { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] }])),
    recordSnapshot: ({ attempt }) => {
      stage('snapshot', attempt, () => (run.snapshot ??= { takenAt: new Date().toISOString() }));
      return { recordSnapshot: copy() };
    },
    generateForecasts: ({ attempt }) => {
      stage('forecast', attempt, () => {});
      return { generateForecasts: copy() };
    },
    generateProductionSchedule: ({ attempt }) => {
      stage('production', attempt, () => (run.productionSchedule ??= { id: 'schedule-1', status: 'DRAFT' }));
      return { generateProductionSchedule: { run: copy() } };
    },
    generateProcurementPlan: ({ attempt }) => {
      stage('procurement', attempt, () => (run.procurementPlan ??= { id: 'plan-1', status: 'DRAFT' }));
      return { generateProcurementPlan: { run: copy() } };
    },
    sendPlanNotifications: ({ attempt }) => {
      if (run.status === 'RUNNING') Object.assign(step('notify'), { status: 'RUNNING', attempts: Math.max(step('notify').attempts + 1, attempt ?? 0) });
      return { sendPlanNotifications: { webhookUrl: null, notifications: [], run: { ...copy(), procurementPlan: null } } };
    },
    finishOrchestrationRun: ({ input }) => {
      if (input.status === 'COMPLETED') Object.assign(step('notify'), { status: 'COMPLETED', attempts: Math.max(step('notify').attempts, input.attempts ?? 1), error: input.note ?? null });
      run.status = input.status;
      run.error = input.error ?? null;
      run.failedStep = input.failedStep ?? null;
      return { finishOrchestrationRun: copy() };
    },
    cancelProductionSchedule: () => {
      run.productionSchedule!.status = 'CANCELLED';
      return { cancelProductionSchedule: run.productionSchedule };
    },
    cancelProcurementPlan: () => {
      if (run.procurementPlan!.status === 'APPROVED') throw failed('cancelProcurementPlan', 1, false, 'BAD_USER_INPUT: plan is APPROVED');
      run.procurementPlan!.status = 'CANCELLED';
      return { cancelProcurementPlan: run.procurementPlan };
    },
  };

  const gateway: GatewayClient = {
    async request<T>(call: GatewayCall) {
      calls.push(call.name);
      const failure = failures.get(call.name);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        throw failure.error();
      }
      const variables = typeof call.variables === 'function' ? call.variables(1) : (call.variables ?? {});
      return { data: handlers[call.name](variables) as T, tries: 1 };
    },
  };
  return { run, calls, failures, gateway, step };
}

function jobOf(progress: SagaProgress = {}, attemptsStarted = 1) {
  const job: SagaJob & { saved: SagaProgress[] } = {
    id: `manual-${RUN_ID}`,
    data: { trigger: 'MANUAL', tenantId: TENANT, runId: RUN_ID },
    firedAt: Date.now(),
    attemptsStarted,
    progress,
    saved: [],
    async saveProgress(next) {
      job.progress = next;
      job.saved.push(next);
    },
  };
  return job;
}

const options = (gateway: GatewayClient, stopping = () => false) => ({
  gateway,
  sendWebhook: async () => ({ delivered: true, tries: 1, error: null }),
  logger: createLogger('saga-test', 'silent'),
  maxStartedAttempts: 8,
  stopping,
});

const statuses = (planning: ReturnType<typeof fakePlanning>) => planning.run.steps.map((step) => `${step.name}:${step.status}`);

describe('runSaga', () => {
  test('runs the five steps in order, reads the sources once, and completes the run in 8 calls', async () => {
    const planning = fakePlanning();
    const summary = await runSaga(jobOf(), options(planning.gateway));
    expect(summary).toMatchObject({ runId: RUN_ID, status: 'COMPLETED', procurementPlanId: 'plan-1' });
    expect(statuses(planning)).toEqual(['snapshot:COMPLETED', 'forecast:COMPLETED', 'production:COMPLETED', 'procurement:COMPLETED', 'notify:COMPLETED']);
    expect(planning.calls).toEqual([
      'orchestrationRun',
      'snapshot',
      'recordSnapshot',
      'generateForecasts',
      'generateProductionSchedule',
      'generateProcurementPlan',
      'sendPlanNotifications',
      'finishOrchestrationRun',
    ]);
  });

  test("each try of a step's mutation tells planning its attempt, retries of the step's earlier calls included", async () => {
    const planning = fakePlanning();
    const sent: Record<string, number[]> = {};
    // The snapshot query takes 3 tries, each planning mutation 2: the last try answers.
    const retrying: GatewayClient = {
      async request<T>(call: GatewayCall) {
        const tries = call.name === 'snapshot' ? 3 : 2;
        const variablesOf = call.variables;
        if (typeof variablesOf !== 'function') return { ...(await planning.gateway.request<T>(call)), tries };
        sent[call.name] = [1, 2].map((tryNumber) => variablesOf(tryNumber).attempt as number);
        return { ...(await planning.gateway.request<T>({ ...call, variables: variablesOf(tries) })), tries };
      },
    };
    const summary = await runSaga(jobOf(), options(retrying));
    expect(summary.status).toBe('COMPLETED');
    expect(sent.recordSnapshot).toEqual([3, 4]);
    expect(sent.generateForecasts).toEqual([1, 2]);
    expect(planning.run.steps.map((step) => step.attempts)).toEqual([4, 2, 2, 2, 2]);
  });

  test('a step that still fails after its retries is FAILED with its tries, and the completed steps are undone in reverse', async () => {
    const planning = fakePlanning();
    planning.failures.set('generateProcurementPlan', { times: 1, error: () => failed('generateProcurementPlan', 6, true) });
    const job = jobOf();
    const summary = await runSaga(job, options(planning.gateway));
    expect(summary).toMatchObject({ status: 'COMPENSATED', failedStep: 'procurement' });
    expect(summary.error).toMatch(/generateProcurementPlan failed after 6 tries/);
    expect(statuses(planning)).toEqual(['snapshot:COMPENSATED', 'forecast:COMPENSATED', 'production:COMPENSATED', 'procurement:FAILED', 'notify:SKIPPED']);
    expect(planning.step('procurement').attempts).toBe(6);
    expect(planning.run.productionSchedule!.status).toBe('CANCELLED');
    expect(job.saved.at(-1)!.failure).toMatchObject({ step: 'procurement', attempts: 6 });
    const compensations = planning.calls.filter((name) => name === 'cancelProductionSchedule' || name === 'recordRunStep').slice(-4);
    expect(compensations).toEqual(['cancelProductionSchedule', 'recordRunStep', 'recordRunStep', 'recordRunStep']);
    // The failed run is notified too.
    expect(planning.calls.at(-1)).toBe('sendPlanNotifications');
  });

  test('a plan made by a call whose answer was lost is cancelled as well', async () => {
    const planning = fakePlanning();
    planning.failures.set('recordRunStep', { times: 0, error: () => new Error('unused') });
    let answered = 0;
    const gateway: GatewayClient = {
      async request(call) {
        if (call.name === 'generateProcurementPlan' && answered++ === 0) {
          await planning.gateway.request(call);
          throw failed('generateProcurementPlan', 6, true, 'gateway unreachable: socket hang up');
        }
        return planning.gateway.request(call);
      },
    };
    const summary = await runSaga(jobOf(), options(gateway));
    expect(summary.status).toBe('COMPENSATED');
    expect(planning.run.procurementPlan!.status).toBe('CANCELLED');
    expect(planning.run.productionSchedule!.status).toBe('CANCELLED');
  });

  test('a refused first step leaves nothing to undo: the run is FAILED at once, without retries', async () => {
    const planning = fakePlanning();
    planning.failures.set('recordSnapshot', { times: 1, error: () => failed('recordSnapshot', 1, false, 'BAD_USER_INPUT: snapshot.ingredients.0.unit is not a Unit') });
    const summary = await runSaga(jobOf(), options(planning.gateway));
    expect(summary).toMatchObject({ status: 'FAILED', failedStep: 'snapshot' });
    expect(planning.step('snapshot')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(statuses(planning).slice(1)).toEqual(['forecast:SKIPPED', 'production:SKIPPED', 'procurement:SKIPPED', 'notify:SKIPPED']);
  });

  test('a plan a planner approved meanwhile is not undone: the run ends FAILED and says why', async () => {
    const planning = fakePlanning();
    planning.failures.set('sendPlanNotifications', { times: 1, error: () => failed('sendPlanNotifications', 6, true) });
    const original = planning.gateway.request.bind(planning.gateway);
    planning.gateway.request = async (call) => {
      const result = await original(call);
      if (call.name === 'generateProcurementPlan') planning.run.procurementPlan!.status = 'APPROVED';
      return result as never;
    };
    const summary = await runSaga(jobOf(), options(planning.gateway));
    expect(summary.status).toBe('FAILED');
    expect(summary.error).toMatch(/approved by a planner/);
    expect(planning.run.procurementPlan!.status).toBe('APPROVED');
  });

  test('compensation that cannot reach planning leaves the run FAILED; the next delivery finishes it COMPENSATED', async () => {
    const planning = fakePlanning();
    planning.failures.set('generateForecasts', { times: 1, error: () => failed('generateForecasts', 6, true) });
    planning.failures.set('recordRunStep', { times: 0, error: () => new Error('unused') });
    // Forecast fails; then the first undo (marking snapshot COMPENSATED) cannot reach planning.
    const original = planning.gateway.request.bind(planning.gateway);
    let blocked = true;
    planning.gateway.request = async (call) => {
      if (blocked && call.name === 'recordRunStep' && (call.variables as any).input.status === 'COMPENSATED') {
        throw failed('recordRunStep', 6, true);
      }
      return original(call);
    };
    const job = jobOf();
    await expect(runSaga(job, options(planning.gateway))).rejects.toBeInstanceOf(CompensationIncomplete);
    expect(planning.run.status).toBe('FAILED');
    expect(planning.step('snapshot').status).toBe('COMPLETED');

    blocked = false;
    const calls = planning.calls.length;
    const summary = await runSaga(job, options(planning.gateway));
    expect(summary.status).toBe('COMPENSATED');
    expect(planning.step('snapshot').status).toBe('COMPENSATED');
    // The redelivered job only compensates: the failed step is not tried again.
    expect(planning.calls.slice(calls)).not.toContain('generateForecasts');
  });

  test('a redelivered job skips the completed steps and runs the unfinished one again', async () => {
    const planning = fakePlanning();
    // The worker "dies" in the procurement call: that saga never goes on.
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const original = planning.gateway.request.bind(planning.gateway);
    const dying: GatewayClient = {
      async request(call) {
        if (call.name === 'generateProcurementPlan') {
          died();
          return new Promise(() => {});
        }
        return original(call);
      },
    };
    const job = jobOf();
    void runSaga(job, options(dying));
    await dead;
    // The call never reached planning: nothing was recorded.
    expect(planning.step('procurement')).toMatchObject({ status: 'PENDING', attempts: 0 });
    const calls = planning.calls.length;
    const summary = await runSaga(job, options(planning.gateway));
    expect(summary.status).toBe('COMPLETED');
    const again = planning.calls.slice(calls);
    expect(again).not.toContain('snapshot');
    expect(again).not.toContain('generateForecasts');
    expect(again).not.toContain('generateProductionSchedule');
    expect(again).toContain('generateProcurementPlan');
    expect(planning.step('procurement')).toMatchObject({ status: 'COMPLETED', attempts: 1 });
  });

  test('on the last start the worker allows, an unfinished run is undone instead of tried again', async () => {
    const planning = fakePlanning();
    await runSaga(jobOf(), { ...options(planning.gateway), stopping: (() => {
      let asked = 0;
      return () => asked++ >= 3;
    })() }).catch((error) => expect(error).toBeInstanceOf(SagaReleased));
    expect(statuses(planning).slice(0, 3)).toEqual(['snapshot:COMPLETED', 'forecast:COMPLETED', 'production:COMPLETED']);

    const summary = await runSaga(jobOf({ runId: RUN_ID }, 8), options(planning.gateway));
    expect(summary.status).toBe('COMPENSATED');
    expect(summary.failedStep).toBe('procurement');
    expect(summary.error).toMatch(/started 8 times without finishing/);
    expect(planning.calls).not.toContain('generateProcurementPlan');
  });

  test('a worker shutting down releases the job at a step boundary', async () => {
    const planning = fakePlanning();
    await expect(runSaga(jobOf(), options(planning.gateway, () => true))).rejects.toBeInstanceOf(SagaReleased);
    expect(planning.calls).toEqual(['orchestrationRun']);
  });
});
