import DataLoader from 'dataloader';
import type { Caller } from '../../platform/auth.ts';
import type { Db } from '../../db/client.ts';
import { findForecastsByRunIds, type StoredForecast } from './repository/forecasts.ts';
import {
  findLinesByPlanIds,
  findLinesByPurchaseOrderIds,
  findPlansByIds,
  findPlansByRunIds,
  findPurchaseOrdersByPlanIds,
  type ProcurementPlan,
  type PurchaseOrder,
  type StoredLine,
} from './repository/procurement.ts';
import {
  findBatchesByScheduleIds,
  findRequirementsByScheduleIds,
  findSchedulesByIds,
  findSchedulesByRunIds,
  type ProductionSchedule,
  type StoredBatch,
  type StoredRequirement,
} from './repository/production.ts';
import { findRunsByIds, findStepsByRunIds, type OrchestrationRun, type RunStep } from './repository/runs.ts';
import { findSettingsByTenantIds, type PlanningSettings } from './repository/settings.ts';
import { findSnapshotSummariesByRunIds, type SnapshotSummary } from './repository/snapshots.ts';
import { findTenantsByIds, type Tenant } from './repository/tenants.ts';

/** Orders `rows` like `keys`, `null` where a key has no row (DataLoader's contract). */
export function byKeys<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}

/** Groups `rows` by key, one (possibly empty) list per key in key order; rows keep their order. */
export function groupedByKeys<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/**
 * Per-request loaders of the planning subgraph, named <thing>By<Key>. Every one reads the
 * caller's tenant only, so another bakery's id loads as null; keys must be lower-case UUIDs
 * (resolvers parse ids before loading).
 */
export function createPlanningLoaders(db: Db, caller: Caller) {
  const tenantId = caller.tenantId;
  const one = <T>(find: (ids: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) =>
    new DataLoader<string, T | null>(async (keys) => byKeys(keys, await find(keys), keyOf));
  const many = <T>(find: (ids: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) =>
    new DataLoader<string, T[]>(async (keys) => groupedByKeys(keys, await find(keys), keyOf));
  return {
    tenantById: new DataLoader<string, Tenant | null>(async (ids) => byKeys(ids, await findTenantsByIds(db, ids), (t) => t.id)),
    settingsByTenantId: new DataLoader<string, PlanningSettings | null>(async (ids) =>
      byKeys(ids, await findSettingsByTenantIds(db, ids), (s) => s.tenantId),
    ),
    runById: one<OrchestrationRun>((ids) => findRunsByIds(db, tenantId, ids), (run) => run.id),
    stepsByRunId: many<RunStep>((ids) => findStepsByRunIds(db, tenantId, ids), (step) => step.runId),
    snapshotSummaryByRunId: one<SnapshotSummary>((ids) => findSnapshotSummariesByRunIds(db, tenantId, ids), (s) => s.runId),
    forecastsByRunId: many<StoredForecast>((ids) => findForecastsByRunIds(db, tenantId, ids), (f) => f.runId),
    scheduleById: one<ProductionSchedule>((ids) => findSchedulesByIds(db, tenantId, ids), (s) => s.id),
    scheduleByRunId: one<ProductionSchedule>((ids) => findSchedulesByRunIds(db, tenantId, ids), (s) => s.runId),
    batchesByScheduleId: many<StoredBatch>((ids) => findBatchesByScheduleIds(db, tenantId, ids), (b) => b.scheduleId),
    requirementsByScheduleId: many<StoredRequirement>((ids) => findRequirementsByScheduleIds(db, tenantId, ids), (r) => r.scheduleId),
    planById: one<ProcurementPlan>((ids) => findPlansByIds(db, tenantId, ids), (p) => p.id),
    planByRunId: one<ProcurementPlan>((ids) => findPlansByRunIds(db, tenantId, ids), (p) => p.runId),
    purchaseOrdersByPlanId: many<PurchaseOrder>((ids) => findPurchaseOrdersByPlanIds(db, tenantId, ids), (o) => o.planId),
    linesByPlanId: many<StoredLine>((ids) => findLinesByPlanIds(db, tenantId, ids), (l) => l.planId),
    linesByPurchaseOrderId: many<StoredLine>((ids) => findLinesByPurchaseOrderIds(db, tenantId, ids), (l) => l.purchaseOrderId),
  };
}

export type PlanningLoaders = ReturnType<typeof createPlanningLoaders>;
