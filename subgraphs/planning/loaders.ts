import type { Caller } from '../../platform/auth.ts';
import type { Db } from '../../db/client.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import { findForecastsByRunIds, type StoredForecast } from './repository/forecasts.ts';
import {
  findLinesByPlanIds,
  findLinesByPurchaseOrderIds,
  findPlansByIds,
  findPlansByRunIds,
  findPurchaseOrdersByIds,
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
import {
  findProductionRecordLinesByRecordIds,
  findProductionRecordsByScheduleIds,
  type ProductionRecord,
  type ProductionRecordLine,
} from './repository/production-records.ts';
import { findReceiptLinesByReceiptIds, findReceiptsByPurchaseOrderIds, type PurchaseOrderReceipt, type ReceiptLine } from './repository/receipts.ts';
import { findStockPostingsBySourceIds, type StockPosting } from './repository/stock-postings.ts';
import { findRunsByIds, findStepsByRunIds, type OrchestrationRun, type RunStep } from './repository/runs.ts';
import { findSettingsByTenantIds, type PlanningSettings } from './repository/settings.ts';
import { findSnapshotSummariesByRunIds, type SnapshotSummary } from './repository/snapshots.ts';
import { findTenantsByIds, type Tenant } from './repository/tenants.ts';

/**
 * Per-request loaders of the planning subgraph, named <thing>By<Key>. Every one reads the
 * caller's tenant only, so another bakery's id loads as null (a list as empty).
 */
export function createPlanningLoaders(db: Db, caller: Caller) {
  const tenantId = caller.tenantId;
  return {
    tenantById: loadOne<Tenant>((ids) => findTenantsByIds(db, ids), (tenant) => tenant.id),
    settingsByTenantId: loadOne<PlanningSettings>((ids) => findSettingsByTenantIds(db, ids), (settings) => settings.tenantId),
    runById: loadOne<OrchestrationRun>((ids) => findRunsByIds(db, tenantId, ids), (run) => run.id),
    stepsByRunId: loadMany<RunStep>((ids) => findStepsByRunIds(db, tenantId, ids), (step) => step.runId),
    snapshotSummaryByRunId: loadOne<SnapshotSummary>((ids) => findSnapshotSummariesByRunIds(db, tenantId, ids), (s) => s.runId),
    forecastsByRunId: loadMany<StoredForecast>((ids) => findForecastsByRunIds(db, tenantId, ids), (f) => f.runId),
    scheduleById: loadOne<ProductionSchedule>((ids) => findSchedulesByIds(db, tenantId, ids), (s) => s.id),
    scheduleByRunId: loadOne<ProductionSchedule>((ids) => findSchedulesByRunIds(db, tenantId, ids), (s) => s.runId),
    batchesByScheduleId: loadMany<StoredBatch>((ids) => findBatchesByScheduleIds(db, tenantId, ids), (b) => b.scheduleId),
    requirementsByScheduleId: loadMany<StoredRequirement>((ids) => findRequirementsByScheduleIds(db, tenantId, ids), (r) => r.scheduleId),
    planById: loadOne<ProcurementPlan>((ids) => findPlansByIds(db, tenantId, ids), (p) => p.id),
    planByRunId: loadOne<ProcurementPlan>((ids) => findPlansByRunIds(db, tenantId, ids), (p) => p.runId),
    purchaseOrdersByPlanId: loadMany<PurchaseOrder>((ids) => findPurchaseOrdersByPlanIds(db, tenantId, ids), (o) => o.planId),
    linesByPlanId: loadMany<StoredLine>((ids) => findLinesByPlanIds(db, tenantId, ids), (l) => l.planId),
    linesByPurchaseOrderId: loadMany<StoredLine>((ids) => findLinesByPurchaseOrderIds(db, tenantId, ids), (l) => l.purchaseOrderId),
    purchaseOrderById: loadOne<PurchaseOrder>((ids) => findPurchaseOrdersByIds(db, tenantId, ids), (o) => o.id),
    receiptsByPurchaseOrderId: loadMany<PurchaseOrderReceipt>((ids) => findReceiptsByPurchaseOrderIds(db, tenantId, ids), (r) => r.purchaseOrderId),
    receiptLinesByReceiptId: loadMany<ReceiptLine>((ids) => findReceiptLinesByReceiptIds(db, tenantId, ids), (l) => l.receiptId),
    stockPostingByReceiptId: loadOne<StockPosting>(
      (ids) => findStockPostingsBySourceIds(db, tenantId, 'PURCHASE_ORDER_RECEIPT', ids),
      (posting) => posting.sourceId,
    ),
    stockPostingByProductionRecordId: loadOne<StockPosting>(
      (ids) => findStockPostingsBySourceIds(db, tenantId, 'PRODUCTION_RECORD', ids),
      (posting) => posting.sourceId,
    ),
    productionRecordsByScheduleId: loadMany<ProductionRecord>((ids) => findProductionRecordsByScheduleIds(db, tenantId, ids), (r) => r.scheduleId!),
    productionRecordLinesByRecordId: loadMany<ProductionRecordLine>((ids) => findProductionRecordLinesByRecordIds(db, tenantId, ids), (l) => l.recordId),
  };
}

export type PlanningLoaders = ReturnType<typeof createPlanningLoaders>;
