import type { Db } from '../client.ts';
import { DEMO_BAKERY } from './demo-bakery.ts';
import { insertBakery } from './insert.ts';
import { RIVAL_BAKERY } from './rival-bakery.ts';

export interface SeededTenants {
  demoTenantId: string;
  rivalTenantId: string;
}

export interface SeedDemoOptions {
  /** The seeding day, YYYY-MM-DD (default: today in each tenant's time zone). Sales end the day before. */
  today?: string;
}

/**
 * Seeds tenant `demo` (Levain Demo Bakery, Europe/Madrid) and tenant `rival` (Rival Bakehouse,
 * America/New_York): master data, stock on hand and 56 days of sales ending yesterday.
 * Running it again changes nothing; on a later day it only adds the sales days that are missing.
 */
export async function seedDemoTenants(db: Db, options: SeedDemoOptions = {}): Promise<SeededTenants> {
  const demo = await insertBakery(db, DEMO_BAKERY, options);
  const rival = await insertBakery(db, RIVAL_BAKERY, options);
  return { demoTenantId: demo.tenantId, rivalTenantId: rival.tenantId };
}
