import type { Db } from '../../../db/client.ts';

/** A tenant's nightly run: its cron (planning settings) in its time zone (tenant). */
export interface TenantSchedule {
  tenantId: string;
  cron: string;
  timezone: string;
}

function select(db: Db) {
  return db('planning.planning_settings as s')
    .join('planning.tenants as t', 't.id', 's.tenant_id')
    .select({ tenantId: 's.tenant_id', cron: 's.orchestration_cron', timezone: 't.timezone' });
}

/** Every tenant's schedule, in one query. */
export async function listTenantSchedules(db: Db): Promise<TenantSchedule[]> {
  return select(db).orderBy('s.tenant_id');
}

/** One tenant's schedule; undefined when the tenant does not exist. */
export async function findTenantSchedule(db: Db, tenantId: string): Promise<TenantSchedule | undefined> {
  return select(db).where('s.tenant_id', tenantId).first();
}
