import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';

/*
 * The schedule directory: every tenant's nightly run, read by the scheduler side (the periodic
 * sync, CLIs), which works across tenants — so free functions, not a tenant-bound class. One
 * tenant's schedule is `SettingsRepository.findSchedule` (repository/settings.ts).
 */

/** A tenant's nightly run: its cron (planning settings) in its time zone (tenant). */
export interface TenantSchedule {
  tenantId: string;
  cron: string;
  timezone: string;
}

/** Every tenant's schedule row, unfiltered: callers scope it (one tenant, or the whole directory). */
export function selectTenantSchedules(db: Db | Knex.Transaction) {
  return db('planning.planning_settings as s')
    .join('planning.tenants as t', 't.id', 's.tenant_id')
    .select({ tenantId: 's.tenant_id', cron: 's.orchestration_cron', timezone: 't.timezone' });
}

/** Every tenant's schedule, in one query. */
export async function listTenantSchedules(db: Db): Promise<TenantSchedule[]> {
  return selectTenantSchedules(db).orderBy('s.tenant_id');
}
