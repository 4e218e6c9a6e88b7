import type { Logger } from '../../../platform/logger.ts';
import type { OrchestrationRequests } from '../../../jobs/queues.ts';

/**
 * Re-upserts a tenant's nightly scheduler after its cron or time zone changed. The settings are
 * saved whatever happens here: a queue that is away is logged, and the planning service's
 * periodic sync (SCHEDULE_SYNC_INTERVAL_SECONDS) brings the scheduler in line later.
 */
export async function syncScheduleAfterChange(
  queues: OrchestrationRequests | undefined,
  schedule: { tenantId: string; cron: string; timezone: string },
  logger: Logger,
): Promise<void> {
  if (!queues) return;
  try {
    await queues.syncTenantSchedule(schedule);
    logger.info(schedule, 'tenant job scheduler updated');
  } catch (error) {
    logger.error({ err: error, ...schedule }, 'could not update the tenant job scheduler; the periodic sync will retry');
  }
}
