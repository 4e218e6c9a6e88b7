import type { Db } from '../client.ts';
import { stableId } from './stable-id.ts';

export interface SeededTenants {
  demoTenantId: string;
  rivalTenantId: string;
}

async function upsertTenant(db: Db, slug: string, name: string, timezone: string): Promise<string> {
  const id = stableId('tenant', slug);
  await db('planning.tenants').insert({ id, slug, name, timezone }).onConflict('slug').ignore();
  await db('planning.planning_settings').insert({ tenant_id: id }).onConflict('tenant_id').ignore();
  return id;
}

/** Seeds tenant `demo` and tenant `rival`; running it again changes nothing. */
export async function seedDemoTenants(db: Db): Promise<SeededTenants> {
  const demoTenantId = await upsertTenant(db, 'demo', 'Levain Demo Bakery', 'Europe/Madrid');
  const rivalTenantId = await upsertTenant(db, 'rival', 'Rival Bakehouse', 'America/New_York');
  return { demoTenantId, rivalTenantId };
}
