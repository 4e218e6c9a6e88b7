import type { Db } from '../../../db/client.ts';
import type { TenantInput } from '../validation.ts';

/*
 * The tenant directory (`planning.tenants`): which bakeries exist. It is the list tenants are
 * bound from — created before any tenant-bound repository can exist, read by CLIs by slug and by
 * every subgraph's tenant check — so free functions, not a tenant-bound class.
 */

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
}

const COLUMNS = ['id', 'slug', 'name', 'timezone'] as const;

/** Tenants by id, in one query. */
export async function findTenantsByIds(db: Db, ids: readonly string[]): Promise<Tenant[]> {
  return db('planning.tenants').whereIn('id', ids).select(COLUMNS);
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return db('planning.tenants').where({ slug }).first(COLUMNS);
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  return db('planning.tenants').orderBy('slug').select(COLUMNS);
}

/** Creates a tenant with default planning settings; `undefined` when the slug is taken. */
export async function createTenant(db: Db, input: TenantInput): Promise<Tenant | undefined> {
  return db.transaction(async (trx) => {
    const [tenant] = await trx('planning.tenants').insert(input).onConflict('slug').ignore().returning(COLUMNS);
    if (!tenant) return undefined;
    await trx('planning.planning_settings').insert({ tenant_id: tenant.id });
    return tenant as Tenant;
  });
}
