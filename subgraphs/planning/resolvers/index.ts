import { DateScalar, DateTimeScalar } from '../../../platform/scalars.ts';
import { DemandForecastResolvers, forecastQueries, ProductForecastAccuracyResolvers } from './forecasts.ts';
import { NotificationResolvers, orchestrationMutations, orchestrationQueries } from './orchestration.ts';
import { pipelineMutations } from './pipeline.ts';
import {
  BlockedProductionResolvers,
  InventoryProjectionResolvers,
  ProjectedDayResolvers,
  ProcurementLineResolvers,
  procurementMutations,
  ProcurementPlanResolvers,
  procurementQueries,
  PurchaseOrderResolvers,
} from './procurement.ts';
import {
  IngredientRequirementResolvers,
  ProductionBatchResolvers,
  productionMutations,
  productionQueries,
  ProductionScheduleResolvers,
} from './production.ts';
import {
  bakingMutations,
  bakingQueries,
  IngredientLineResolvers,
  IngredientShortageResolvers,
  ProductionRecordLineResolvers,
  ProductionRecordResolvers,
} from './baking.ts';
import { PurchaseOrderReceiptResolvers, ReceiptLineResolvers, receivingMutations } from './receiving.ts';
import { PlanWarningResolvers } from './references.ts';
import { OrchestrationRunResolvers, runMutations, runQueries, SagaStepResolvers } from './runs.ts';
import { salesMutations, salesQueries, SalesRecord } from './sales.ts';
import { settingsMutations, settingsQueries } from './settings.ts';
import { supplierQueries, SupplierPerformanceResolvers } from './suppliers.ts';

export const planningResolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: { ...settingsQueries, ...salesQueries, ...forecastQueries, ...productionQueries, ...procurementQueries, ...bakingQueries, ...runQueries, ...orchestrationQueries, ...supplierQueries },
  Mutation: {
    ...settingsMutations,
    ...salesMutations,
    ...runMutations,
    ...pipelineMutations,
    ...productionMutations,
    ...procurementMutations,
    ...receivingMutations,
    ...bakingMutations,
    ...orchestrationMutations,
  },
  SalesRecord,
  DemandForecast: DemandForecastResolvers,
  ProductForecastAccuracy: ProductForecastAccuracyResolvers,
  PlanWarning: PlanWarningResolvers,
  ProductionSchedule: ProductionScheduleResolvers,
  ProductionBatch: ProductionBatchResolvers,
  IngredientRequirement: IngredientRequirementResolvers,
  ProcurementPlan: ProcurementPlanResolvers,
  PurchaseOrder: PurchaseOrderResolvers,
  ProcurementLine: ProcurementLineResolvers,
  PurchaseOrderReceipt: PurchaseOrderReceiptResolvers,
  ReceiptLine: ReceiptLineResolvers,
  ProductionRecord: ProductionRecordResolvers,
  ProductionRecordLine: ProductionRecordLineResolvers,
  IngredientConsumption: IngredientLineResolvers,
  IngredientShortage: IngredientShortageResolvers,
  InventoryProjection: InventoryProjectionResolvers,
  ProjectedDay: ProjectedDayResolvers,
  BlockedProduction: BlockedProductionResolvers,
  OrchestrationRun: OrchestrationRunResolvers,
  SagaStep: SagaStepResolvers,
  Notification: NotificationResolvers,
  SupplierPerformance: SupplierPerformanceResolvers,
};
