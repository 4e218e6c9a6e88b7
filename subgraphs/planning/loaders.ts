import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import type { Db } from '../../db/client.ts';
import { findSettingsByTenantIds, type PlanningSettings } from './repository/settings.ts';
import { findTenantsByIds, type Tenant } from './repository/tenants.ts';

/** Orders `rows` like `keys`, `null` where a key has no row (DataLoader's contract). */
export function byKeys<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}

/** Per-request loaders of the planning subgraph. */
export function createPlanningLoaders(db: Db, _caller: Caller) {
  return {
    tenantById: new DataLoader<string, Tenant | null>(async (ids) => byKeys(ids, await findTenantsByIds(db, ids), (t) => t.id)),
    settingsByTenantId: new DataLoader<string, PlanningSettings | null>(async (ids) =>
      byKeys(ids, await findSettingsByTenantIds(db, ids), (s) => s.tenantId),
    ),
  };
}

export type PlanningLoaders = ReturnType<typeof createPlanningLoaders>;
