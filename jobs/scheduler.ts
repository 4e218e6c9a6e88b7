import { CronExpressionParser } from 'cron-parser';
import type { JobsOptions, Queue } from 'bullmq';

/** A tenant's nightly run as planning settings describe it. */
export interface TenantSchedule {
  tenantId: string;
  /** 5-field cron (6 with seconds) in `timezone`, e.g. "30 5 * * *". */
  cron: string;
  /** IANA time zone of the bakery; the scheduler always gets it as `tz`. */
  timezone: string;
}

/** What a sync of every tenant's scheduler did. */
export interface ScheduleSyncReport {
  upserted: number;
  /** Tenants that had no scheduler before this sync (new tenants, or one lost with the datastore). */
  created: string[];
  /** Schedulers of tenants that no longer exist, removed. */
  removed: string[];
}

/** A scheduler that will not fire as it should: no next run, or a next run already past. */
export interface SchedulerProblem {
  schedulerId: string;
  tenantId: string | null;
  problem: 'missing-next' | 'overdue';
  /** The next fire time the datastore holds (ms since the epoch), if any. */
  next: number | null;
}

const SCHEDULER_PREFIX = 'nightly-';

/** The scheduler id of a tenant's nightly run. */
export function schedulerIdOf(tenantId: string): string {
  return `${SCHEDULER_PREFIX}${tenantId}`;
}

function tenantIdOfScheduler(schedulerId: string): string | null {
  return schedulerId.startsWith(SCHEDULER_PREFIX) ? schedulerId.slice(SCHEDULER_PREFIX.length) : null;
}

/** The job a scheduler creates at each fire; `opts` is the full template (attempts, backoff, retention). */
export interface SchedulerTemplate<Data> {
  name: string;
  data: Data;
  opts: Omit<JobsOptions, 'jobId' | 'repeat' | 'delay' | 'deduplication' | 'debounce'>;
}

/** Throws when `cron` is not a cron expression cron-parser (and so BullMQ) understands in `timezone`. */
export function assertSchedule(schedule: TenantSchedule): void {
  CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone });
}

/**
 * Creates or updates a tenant's scheduler: cron + `tz` = the tenant's time zone, and the whole
 * job template every time, so a change of attempts or retention reaches existing schedulers.
 */
export async function upsertTenantScheduler<Data>(
  queue: Queue<Data>,
  schedule: TenantSchedule,
  template: SchedulerTemplate<Data>,
): Promise<void> {
  assertSchedule(schedule);
  // Queue<Data> types scheduler ids as job names; ours are plain strings.
  await (queue as Queue).upsertJobScheduler(schedulerIdOf(schedule.tenantId), { pattern: schedule.cron, tz: schedule.timezone }, template);
}

/** Every scheduler this module manages, by id (other schedulers in the queue are left alone). */
async function tenantSchedulers<Data>(queue: Queue<Data>) {
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return schedulers.filter((scheduler) => tenantIdOfScheduler(scheduler.key) !== null);
}

/**
 * Makes the queue's schedulers exactly `schedules`: upserts each (a tenant without one gets it),
 * removes those of tenants not listed.
 */
export async function syncTenantSchedulers<Data>(
  queue: Queue<Data>,
  schedules: readonly TenantSchedule[],
  templateOf: (tenantId: string) => SchedulerTemplate<Data>,
): Promise<ScheduleSyncReport> {
  const existing = new Set((await tenantSchedulers(queue)).map((scheduler) => scheduler.key));
  const wanted = new Set(schedules.map((schedule) => schedulerIdOf(schedule.tenantId)));
  const created: string[] = [];
  for (const schedule of schedules) {
    if (!existing.has(schedulerIdOf(schedule.tenantId))) created.push(schedule.tenantId);
    await upsertTenantScheduler(queue, schedule, templateOf(schedule.tenantId));
  }
  const removed: string[] = [];
  for (const schedulerId of existing) {
    if (wanted.has(schedulerId)) continue;
    await queue.removeJobScheduler(schedulerId);
    removed.push(tenantIdOfScheduler(schedulerId)!);
  }
  return { upserted: schedules.length, created, removed };
}

/**
 * Schedulers whose next run is missing, or more than `graceMs` in the past (nobody promoted
 * it: no worker is running, or the datastore lost the delayed job).
 */
export async function auditTenantSchedulers<Data>(queue: Queue<Data>, now = Date.now(), graceMs = 60_000): Promise<SchedulerProblem[]> {
  const problems: SchedulerProblem[] = [];
  for (const scheduler of await tenantSchedulers(queue)) {
    const next = typeof scheduler.next === 'number' && Number.isFinite(scheduler.next) ? scheduler.next : null;
    const tenantId = tenantIdOfScheduler(scheduler.key);
    if (next === null) problems.push({ schedulerId: scheduler.key, tenantId, problem: 'missing-next', next });
    else if (next < now - graceMs) problems.push({ schedulerId: scheduler.key, tenantId, problem: 'overdue', next });
  }
  return problems;
}
