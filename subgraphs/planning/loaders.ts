import type { Caller } from '../../platform/auth.ts';
import type { Db } from '../../db/client.ts';
import { loadMany, loadOne } from '../../platform/loaders.ts';
import { PlanningRepository } from './repository.ts';
import type { StoredForecast } from './repository/forecasts.ts';
import type { ProcurementPlan } from './repository/procurement.ts';
import type { PurchaseOrder, StoredLine } from './repository/purchase-orders.ts';
import type { ProductionSchedule, StoredBatch, StoredRequirement } from './repository/production.ts';
import type { ProductionRecord, ProductionRecordLine } from './repository/production-records.ts';
import type { PurchaseOrderReceipt, ReceiptLine } from './repository/receipts.ts';
import type { StockPosting } from './repository/stock-postings.ts';
import type { OrchestrationRun, RunStep } from './repository/runs.ts';
import type { PlanningSettings } from './repository/settings.ts';
import type { SnapshotSummary } from './repository/snapshots.ts';
import { findTenantsByIds, type Tenant } from './repository/tenants.ts';

/**
 * Per-request loaders of the planning subgraph, named <thing>By<Key>. Every one but `tenantById`
 * (the tenant directory) reads through the caller's tenant-bound repository, so another bakery's
 * id loads as null (a list as empty).
 */
export function createPlanningLoaders(db: Db, caller: Caller) {
  const repository = new PlanningRepository(db, caller.tenantId);
  return {
    /** The caller's tenant-bound repository, for resolvers that write or read outside a loader. */
    repository,
    tenantById: loadOne<Tenant>((ids) => findTenantsByIds(db, ids), (tenant) => tenant.id),
    settingsByTenantId: loadOne<PlanningSettings>((ids) => repository.settings.findByTenantIds(ids), (settings) => settings.tenantId),
    runById: loadOne<OrchestrationRun>((ids) => repository.runs.findByIds(ids), (run) => run.id),
    stepsByRunId: loadMany<RunStep>((ids) => repository.runs.findStepsByRunIds(ids), (step) => step.runId),
    snapshotSummaryByRunId: loadOne<SnapshotSummary>((ids) => repository.snapshots.findSummariesByRunIds(ids), (s) => s.runId),
    forecastsByRunId: loadMany<StoredForecast>((ids) => repository.forecasts.findByRunIds(ids), (f) => f.runId),
    scheduleById: loadOne<ProductionSchedule>((ids) => repository.production.findSchedulesByIds(ids), (s) => s.id),
    scheduleByRunId: loadOne<ProductionSchedule>((ids) => repository.production.findSchedulesByRunIds(ids), (s) => s.runId),
    batchesByScheduleId: loadMany<StoredBatch>((ids) => repository.production.findBatchesByScheduleIds(ids), (b) => b.scheduleId),
    requirementsByScheduleId: loadMany<StoredRequirement>((ids) => repository.production.findRequirementsByScheduleIds(ids), (r) => r.scheduleId),
    planById: loadOne<ProcurementPlan>((ids) => repository.procurement.findPlansByIds(ids), (p) => p.id),
    planByRunId: loadOne<ProcurementPlan>((ids) => repository.procurement.findPlansByRunIds(ids), (p) => p.runId),
    purchaseOrdersByPlanId: loadMany<PurchaseOrder>((ids) => repository.purchaseOrders.findByPlanIds(ids), (o) => o.planId),
    linesByPlanId: loadMany<StoredLine>((ids) => repository.purchaseOrders.findLinesByPlanIds(ids), (l) => l.planId),
    linesByPurchaseOrderId: loadMany<StoredLine>((ids) => repository.purchaseOrders.findLinesByPurchaseOrderIds(ids), (l) => l.purchaseOrderId),
    purchaseOrderById: loadOne<PurchaseOrder>((ids) => repository.purchaseOrders.findByIds(ids), (o) => o.id),
    receiptsByPurchaseOrderId: loadMany<PurchaseOrderReceipt>((ids) => repository.receipts.findByPurchaseOrderIds(ids), (r) => r.purchaseOrderId),
    receiptLinesByReceiptId: loadMany<ReceiptLine>((ids) => repository.receipts.findLinesByReceiptIds(ids), (l) => l.receiptId),
    stockPostingByReceiptId: loadOne<StockPosting>(
      (ids) => repository.stockPostings.findBySourceIds('PURCHASE_ORDER_RECEIPT', ids),
      (posting) => posting.sourceId,
    ),
    stockPostingByProductionRecordId: loadOne<StockPosting>(
      (ids) => repository.stockPostings.findBySourceIds('PRODUCTION_RECORD', ids),
      (posting) => posting.sourceId,
    ),
    productionRecordsByScheduleId: loadMany<ProductionRecord>((ids) => repository.productionRecords.findByScheduleIds(ids), (r) => r.scheduleId!),
    productionRecordLinesByRecordId: loadMany<ProductionRecordLine>((ids) => repository.productionRecords.findLinesByRecordIds(ids), (l) => l.recordId),
  };
}

export type PlanningLoaders = ReturnType<typeof createPlanningLoaders>;
