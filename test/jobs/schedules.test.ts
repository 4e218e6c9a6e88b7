import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { PlanningRepository } from '../../subgraphs/planning/repository.ts';
import { listTenantSchedules } from '../../subgraphs/planning/repository/schedules.ts';
import { startScheduleSync } from '../../subgraphs/planning/schedule-sync.ts';
import { graphql } from '../support/graphql.ts';
import { pipelineRowCounts } from '../planning/pipeline-support.ts';
import { jobsEnv, ownBakery, startJobsStack, waitFor, type JobsStack } from './support.ts';

/**
 * One BullMQ job scheduler per tenant, as planning settings say: cron in the tenant's time zone,
 * synced at start-up, on settings changes, and audited; its fires make exactly one run per date.
 */

let stack: JobsStack;
let db: Db;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const schedulerId = (tenantId: string) => `nightly-${tenantId}`;

/** The next fire time the scheduler holds after a sync done at `now` (the datastore's own answer). */
async function nextFireAfterSyncAt(tenantId: string, now: string): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(now));
  try {
    const schedule = await new PlanningRepository(db, tenantId).settings.findSchedule();
    await stack.queues.syncTenantSchedule(schedule!);
  } finally {
    vi.useRealTimers();
  }
  const scheduler = await stack.queues.queue.getJobScheduler(schedulerId(tenantId));
  return new Date(scheduler!.next!).toISOString();
}

const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('the nightly scheduler of a tenant', () => {
  test.each([
    // zone, DST change, sync before it, next fire (UTC), sync after it, next fire (UTC)
    ['Europe/Madrid', 'spring (29 Mar)', '2026-03-27T12:00:00Z', '2026-03-28T04:30:00.000Z', '2026-03-28T12:00:00Z', '2026-03-29T03:30:00.000Z'],
    ['Europe/Madrid', 'autumn (25 Oct)', '2026-10-23T12:00:00Z', '2026-10-24T03:30:00.000Z', '2026-10-24T12:00:00Z', '2026-10-25T04:30:00.000Z'],
    ['America/New_York', 'spring (8 Mar)', '2026-03-06T12:00:00Z', '2026-03-07T10:30:00.000Z', '2026-03-07T12:00:00Z', '2026-03-08T09:30:00.000Z'],
    ['America/New_York', 'autumn (1 Nov)', '2026-10-30T12:00:00Z', '2026-10-31T09:30:00.000Z', '2026-10-31T12:00:00Z', '2026-11-01T10:30:00.000Z'],
  ])('in %s fires at 05:30 local on both sides of the %s DST change', async (zone, _change, before, nextBefore, after, nextAfter) => {
    const bakery = await ownBakery(db, 'sched-dst', zone);
    const first = await nextFireAfterSyncAt(bakery.tenantId, before);
    const second = await nextFireAfterSyncAt(bakery.tenantId, after);
    expect([first, second]).toEqual([nextBefore, nextAfter]);
    expect([localTime(first, zone), localTime(second, zone)]).toEqual(['05:30', '05:30']);
    const scheduler = await stack.queues.queue.getJobScheduler(schedulerId(bakery.tenantId));
    expect(scheduler).toMatchObject({ pattern: '30 5 * * *', tz: zone });
    await stack.queues.queue.removeJobScheduler(schedulerId(bakery.tenantId));
  });

  test('a scheduler whose next run is past is reported by the audit', async () => {
    const bakery = await ownBakery(db, 'sched-overdue');
    // Synced "two days ago": its next fire is yesterday, and no worker in this file has run it.
    await nextFireAfterSyncAt(bakery.tenantId, new Date(Date.now() - 2 * 86_400_000).toISOString());
    const problems = await stack.queues.auditSchedules();
    expect(problems).toContainEqual(expect.objectContaining({ tenantId: bakery.tenantId, problem: 'overdue' }));
    await stack.queues.syncTenantSchedule((await new PlanningRepository(db, bakery.tenantId).settings.findSchedule())!);
    expect((await stack.queues.auditSchedules()).map((problem) => problem.tenantId)).not.toContain(bakery.tenantId);
    await stack.queues.queue.removeJobScheduler(schedulerId(bakery.tenantId));
  });

  test('changing the cron or the time zone in planning settings re-upserts it with the whole job template', async () => {
    const bakery = await ownBakery(db, 'sched-settings');
    const response = await graphql(
      stack.gatewayUrl,
      'mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { timezone orchestrationCron } }',
      { input: { timezone: 'America/New_York', orchestrationCron: '15 4 * * 1-6' } },
      bakery.admin,
    );
    expect(response.errors).toBeUndefined();
    const scheduler = await stack.queues.queue.getJobScheduler(schedulerId(bakery.tenantId));
    expect(scheduler).toMatchObject({
      pattern: '15 4 * * 1-6',
      tz: 'America/New_York',
      template: {
        data: { trigger: 'SCHEDULED', tenantId: bakery.tenantId },
        opts: {
          attempts: stack.config.JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: stack.config.JOB_BACKOFF_MS },
          removeOnComplete: { age: 604800, count: 1000 },
          removeOnFail: { age: 2592000, count: 5000 },
        },
      },
    });
    expect(localTime(new Date(scheduler!.next!).toISOString(), 'America/New_York')).toBe('04:15');
    await stack.queues.queue.removeJobScheduler(schedulerId(bakery.tenantId));
  });

  test('the start-up sync gives every tenant a scheduler and removes those of tenants that are gone', async () => {
    const bakery = await ownBakery(db, 'sched-sync', 'Asia/Tokyo');
    const gone = randomUUID();
    await stack.queues.syncTenantSchedule({ tenantId: gone, cron: '30 5 * * *', timezone: 'Europe/Madrid' });
    const tenants = await listTenantSchedules(db);
    const stop = await startScheduleSync({ db, queues: stack.queues, logger: createLogger('planning', 'silent'), intervalMs: 3_600_000 });
    await stop();
    const schedulers = new Map((await stack.queues.queue.getJobSchedulers(0, -1)).map((scheduler) => [scheduler.key, scheduler]));
    expect(schedulers.has(schedulerId(gone))).toBe(false);
    expect(tenants.filter((tenant) => !schedulers.has(schedulerId(tenant.tenantId)))).toEqual([]);
    expect(schedulers.get(schedulerId(bakery.tenantId))).toMatchObject({ pattern: '30 5 * * *', tz: 'Asia/Tokyo' });
    for (const id of schedulers.keys()) await stack.queues.queue.removeJobScheduler(id);
  });
});

describe('a scheduler that fires', () => {
  test('makes one SCHEDULED run per plan date, however often it fires that day', async () => {
    const bakery = await ownBakery(db, 'sched-fire', 'UTC');
    await stack.startWorker();
    // Every second (cron with seconds), so the test need not wait for 05:30.
    await stack.queues.syncTenantSchedule({ tenantId: bakery.tenantId, cron: '* * * * * *', timezone: 'UTC' });
    const finished = () =>
      stack.queues.queue
        .getJobs(['completed', 'failed'])
        .then((jobs) => jobs.filter((job) => job?.data.tenantId === bakery.tenantId));
    const jobs = await waitFor(finished, (found) => found.length >= 3, 30_000, 'three fires');
    await stack.queues.queue.removeJobScheduler(schedulerId(bakery.tenantId));

    expect(jobs.every((job) => job.data.trigger === 'SCHEDULED' && job.id!.startsWith(`repeat:${schedulerId(bakery.tenantId)}:`))).toBe(true);
    const runs = await db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId, trigger: 'SCHEDULED' }).select('plan_date', 'status', 'idempotency_key');
    const dates = new Set(jobs.map((job) => dateIn('UTC', new Date(job.opts.prevMillis!))));
    expect(runs).toHaveLength(dates.size);
    for (const run of runs) expect(run.idempotency_key).toBe(`scheduled:${run.plan_date}`);
    await waitFor(
      () => db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId, trigger: 'SCHEDULED' }).pluck('status'),
      (statuses) => statuses.every((status) => status === 'COMPLETED'),
      20_000,
      'the scheduled run to complete',
    );
    const counts = await pipelineRowCounts(db, bakery.tenantId);
    expect(counts).toMatchObject({ orchestration_runs: runs.length, production_schedules: runs.length, procurement_plans: runs.length });
  });
});
