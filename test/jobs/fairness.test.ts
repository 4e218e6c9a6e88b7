import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { ORCHESTRATE_JOB } from '../../jobs/queues.ts';
import type { OrchestrationWorker } from '../../jobs/worker.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, startJobsStack, waitFor, type JobsStack, type TestBakery } from './support.ts';

/**
 * Issue 12 on real Redis/BullMQ. Finding 6: 31 runs queued by one PLANNER in one batched request
 * held every worker slot. Finding 3: the worker ran whatever a job in Redis named. Each is counted
 * (runs written, slots held, jobs failed), never timed.
 */

let stack: JobsStack;
let db: Db;
let worker: OrchestrationWorker;
let flooder: TestBakery;
let neighbour: TestBakery;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startJobsStack(
    inject('databaseUrl'),
    // 31 operations in one HTTP request, as in the finding (the default batch is 10).
    jobsEnv('redis', { WORKER_CONCURRENCY: '2', WORKER_CONCURRENCY_PER_TENANT: '1', MAX_OPEN_RUNS_PER_TENANT: '3', MAX_BATCHED_OPERATIONS: '31' }),
  );
  flooder = await ownBakery(db, 'flood');
  neighbour = await ownBakery(db, 'neighbour');
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

/** One POST holding several operations (a JSON array body), as the finding's attacker sent. */
async function batched(operations: { query: string; variables?: Record<string, unknown> }[], token: string) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(operations),
  });
  return (await response.json()) as { data?: Record<string, { id: string } | null> | null; errors?: { message: string; extensions?: { code?: string } }[] }[];
}

/** One operation per date, each asking for a run on it. */
const requestsFor = (dates: string[]) =>
  dates.map((planDate) => ({ query: 'mutation ($planDate: Date) { requestOrchestration(input: { planDate: $planDate }) { id } }', variables: { planDate } }));

const runsOf = (tenantId: string) =>
  db('planning.orchestration_runs').where({ tenant_id: tenantId }).orderBy('started_at').select('id', 'status', 'started_at', 'finished_at');

/** The most runs of a list that were RUNNING at one instant (their recorded start/finish intervals). */
function mostAtOnce(runs: { started_at: Date; finished_at: Date }[]): number {
  const events = runs.flatMap((run) => [
    [run.started_at.getTime(), 1],
    [run.finished_at.getTime(), -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of events) most = Math.max(most, (open += delta));
  return most;
}

describe('one bakery cannot flood the shared worker', () => {
  test('31 runs in one batched request: 3 open, 28 refused with BAD_USER_INPUT; the neighbour still gets a slot; the flooder never holds two', async () => {
    const today = dateIn('Europe/Madrid');
    const dates = Array.from({ length: 31 }, (_, day) => addDays(today, day));
    const answers = await batched(requestsFor(dates), flooder.planner);
    expect(answers).toHaveLength(31);
    const accepted = answers.flatMap((answer) => (answer.data?.requestOrchestration ? [answer.data.requestOrchestration] : []));
    const refusals = answers.flatMap((answer) => answer.errors ?? []);
    expect(accepted).toHaveLength(3);
    expect(refusals).toHaveLength(28);
    for (const refusal of refusals) {
      expect(refusal.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refusal.message).toMatch(/already has 3 open runs .* at most 3/);
    }
    expect(await runsOf(flooder.tenantId)).toHaveLength(3);

    const neighbourAnswer = await batched(requestsFor([today]), neighbour.planner);
    expect(neighbourAnswer[0].errors).toBeUndefined();

    worker = await stack.startWorker({}, { tenantDeferMs: 100 });
    const done = (runs: { status: string }[]) => runs.length > 0 && runs.every((run) => FINAL_STATUSES.includes(run.status));
    const flooderRuns = await waitFor(() => runsOf(flooder.tenantId), done, 90_000, "the flooder's runs");
    const [neighbourRun] = await waitFor(() => runsOf(neighbour.tenantId), done, 90_000, "the neighbour's run");
    expect(flooderRuns.map((run) => run.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(neighbourRun.status).toBe('COMPLETED');

    // One of the flooder's runs at a time (WORKER_CONCURRENCY_PER_TENANT=1), though two slots exist …
    expect(mostAtOnce(flooderRuns)).toBe(1);
    expect(worker.slots.peak).toBe(1);
    // … so the neighbour's run took the other slot instead of waiting behind all three.
    expect(neighbourRun.started_at.getTime()).toBeLessThan(flooderRuns[2].started_at.getTime());
    // The flooder's waiting jobs were put back (deferred), not failed, and those starts were not counted against them.
    const jobs = await Promise.all(accepted.map((run) => stack.queues.queue.getJob(`manual-${run.id}`)));
    expect(jobs.map((job) => job?.finishedOn && job.failedReason)).toEqual([undefined, undefined, undefined]);
    expect(jobs.reduce((sum, job) => sum + ((job?.progress as { deferrals?: number }).deferrals ?? 0), 0)).toBeGreaterThan(0);
  }, 120_000);

  test('once the runs are finished, the bakery may ask again', async () => {
    const answers = await batched(requestsFor([dateIn('Europe/Madrid')]), flooder.planner);
    expect(answers[0].errors).toBeUndefined();
  });

  test('scheduled runs go first: a scheduled job has no priority (first), event and manual jobs come after', async () => {
    const manual = await stack.queues.queue.getJob(`manual-${(await runsOf(flooder.tenantId)).at(-1)!.id}`);
    expect(manual?.opts.priority).toBe(2);
    const event = await stack.queues.enqueueEventRun(neighbour.tenantId);
    expect((await stack.queues.queue.getJob(event.jobId))?.opts.priority).toBe(1);
  });
});

describe('the worker trusts no job', () => {
  beforeAll(async () => {
    worker ??= await stack.startWorker({}, { tenantDeferMs: 100 });
    // The runs asked for above are finished first, so any run that changes below is the forged job's doing.
    await waitFor(() => stack.queues.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized'), (counts) => Object.values(counts).every((n) => n === 0), 60_000, 'an idle queue');
  }, 90_000);

  const forge = async (data: Record<string, unknown>) => {
    const job = await stack.queues.queue.add(ORCHESTRATE_JOB, data as never, { jobId: `forged-${randomUUID()}`, attempts: 1 });
    return waitFor(
      async () => {
        const state = await stack.queues.queue.getJobState(job.id!);
        return { state, reason: (await stack.queues.queue.getJob(job.id!))?.failedReason };
      },
      (value) => value.state === 'failed' || value.state === 'completed',
      30_000,
      `forged job ${JSON.stringify(data)}`,
    );
  };

  const runOfNeighbour = async () => (await runsOf(neighbour.tenantId))[0].id as string;
  test.each<[string, () => Promise<Record<string, unknown>> | Record<string, unknown>, RegExp]>([
    ['a tenant that does not exist', () => ({ trigger: 'SCHEDULED', tenantId: randomUUID() }), /job refused.*tenant/],
    ['an unknown trigger', () => ({ trigger: 'ADMIN', tenantId: flooder.tenantId }), /job refused.*malformed/],
    ['a tenant id that is not a UUID', () => ({ trigger: 'EVENT', tenantId: "' or 1=1" }), /job refused.*UUID/],
    ['an extra key', () => ({ trigger: 'SCHEDULED', tenantId: flooder.tenantId, roles: ['ADMIN'] }), /job refused.*malformed/],
    ['a MANUAL job naming another bakery’s run', async () => ({ trigger: 'MANUAL', tenantId: flooder.tenantId, runId: await runOfNeighbour() }), /not a manual run of tenant/],
    ['a MANUAL job naming a run that does not exist', () => ({ trigger: 'MANUAL', tenantId: flooder.tenantId, runId: randomUUID() }), /not a manual run/],
  ])('%s: failed for good, nothing run', async (_name, data, reason) => {
    const before = { flooder: await runsOf(flooder.tenantId), neighbour: await runsOf(neighbour.tenantId) };
    const outcome = await forge(await data());
    expect(outcome.state).toBe('failed');
    expect(outcome.reason).toMatch(reason);
    expect(await runsOf(flooder.tenantId)).toEqual(before.flooder);
    expect(await runsOf(neighbour.tenantId)).toEqual(before.neighbour);
  });
});
