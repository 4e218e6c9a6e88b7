import { openOrchestrationQueues } from '../jobs/queues.ts';
import type { Config } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import type { Db } from '../db/client.ts';
import { PlanningRepository } from '../subgraphs/planning/repository.ts';

/**
 * Gives a tenant created from the CLI its nightly job scheduler right away. Without a reachable
 * queue it says so on stderr and goes on: the planning service creates missing schedulers at its
 * next sync (SCHEDULE_SYNC_INTERVAL_SECONDS).
 */
export async function scheduleNewTenant(config: Config, db: Db, databaseUrl: string, tenantId: string): Promise<void> {
  const schedule = await new PlanningRepository(db, tenantId).settings.findSchedule();
  if (!schedule) return;
  const queues = openOrchestrationQueues({ config, databaseUrl, logger: createLogger('tenant-cli', 'silent') });
  try {
    await queues.syncTenantSchedule(schedule);
    console.error(`Nightly run scheduled: "${schedule.cron}" in ${schedule.timezone}.`);
  } catch (error) {
    console.error(`Note: the nightly run is not scheduled yet (${(error as Error).message}); the planning service schedules it at its next sync.`);
  } finally {
    await queues.close();
  }
}
