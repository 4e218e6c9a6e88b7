import type { Db } from '../../db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import type { OrchestrationRequests } from '../../jobs/queues.ts';
import { runPeriodically } from '../../platform/periodic.ts';
import { listTenantSchedules } from './repository/schedules.ts';

export interface ScheduleSyncOptions {
  db: Db;
  queues: OrchestrationRequests;
  logger: Logger;
  /** How often to sync again after the first sync, in ms. */
  intervalMs: number;
}

/**
 * Keeps one BullMQ job scheduler per tenant, as planning settings say: at start-up and then
 * every `intervalMs`, upserts every tenant's scheduler (cron, time zone, job template) and
 * removes those of tenants that are gone. Planning owns the tenants table, so the planning
 * service (or `npm start`) runs this; a later sync repairs what a queue outage or a tenant
 * created elsewhere (seeds, CLI) left out. Resolves after the first sync; returns the stop.
 */
export async function startScheduleSync(options: ScheduleSyncOptions): Promise<() => Promise<void>> {
  const { db, queues, logger } = options;
  let first = true;
  const sync = async () => {
    try {
      const schedules = await listTenantSchedules(db);
      const report = await queues.syncTenantSchedules(schedules);
      const details = { tenants: report.upserted, created: report.created, removed: report.removed };
      if (!first && report.created.length > 0) logger.warn(details, 'job schedulers were missing for some tenants; recreated');
      else logger.info(details, 'tenant job schedulers in sync');
    } catch (error) {
      logger.error({ err: error }, 'could not sync the tenant job schedulers; will try again');
    } finally {
      first = false;
    }
  };
  return runPeriodically(sync, options.intervalMs);
}
