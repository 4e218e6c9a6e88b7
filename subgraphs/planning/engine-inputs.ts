import type {
  DemandForecast,
  IngredientDemand,
  PlanningSettings as EngineSettings,
  ProcurementInput,
  ProductInput,
  ProductionBatch,
  RecipeInput,
  SalesCalendar,
  IngredientInput,
  ScheduledReceipt,
} from './engine/index.ts';
import type { PlanningSettings } from './repository/settings.ts';
import { SNAPSHOT_FORMAT, type PlanningSnapshot } from './snapshot.ts';

/**
 * The one place where stored data becomes engine input: a run's stored snapshot, the
 * tenant's settings, its sales and submitted purchase orders. The pipeline service loads,
 * calls these, then the engine.
 */

/** Reads a stored snapshot document; throws (a bug, not a caller mistake) on an unknown format. */
export function snapshotFromStored(document: unknown): PlanningSnapshot {
  const snapshot = document as PlanningSnapshot;
  if (snapshot?.format !== SNAPSHOT_FORMAT) {
    throw new Error(`stored snapshot has format ${JSON.stringify(snapshot?.format)}, expected ${SNAPSHOT_FORMAT}`);
  }
  return snapshot;
}

/** The engine's settings from the tenant's planning settings. */
export function engineSettings(settings: PlanningSettings): EngineSettings {
  return {
    serviceLevel: settings.serviceLevel,
    safetyStockMethod: settings.safetyStockMethod,
    safetyStockPercent: settings.safetyStockPercent,
    supplierWeights: { ...settings.supplierWeights },
  };
}

/** The forecast's calendar from the tenant's planning settings. */
export function salesCalendar(_settings: PlanningSettings): SalesCalendar {
  return {};
}

/** `forecast(products, …)`: every product of the snapshot (those of its recipes included). */
export function forecastProducts(snapshot: PlanningSnapshot): ProductInput[] {
  return snapshot.products;
}

/** `planProduction(forecasts, recipes, ingredients)` from the run's stored forecasts. */
export function productionInputs(
  snapshot: PlanningSnapshot,
  forecasts: readonly DemandForecast[],
): { forecasts: DemandForecast[]; recipes: RecipeInput[]; ingredients: IngredientInput[] } {
  return {
    forecasts: forecasts.map((forecast) => ({
      productId: forecast.productId,
      date: forecast.date,
      quantity: forecast.quantity,
      lower: forecast.lower,
      upper: forecast.upper,
      sigma: forecast.sigma,
      method: forecast.method,
      error: forecast.error,
    })),
    recipes: snapshot.recipes,
    ingredients: snapshot.ingredients,
  };
}

/**
 * `planProcurement(input)`. Receipts of submitted orders for ingredients the snapshot no longer
 * has are left out (the engine refuses unknown ingredients, and nothing can be planned for them).
 */
export function procurementInput(args: {
  snapshot: PlanningSnapshot;
  planDate: string;
  stockDate: string;
  horizonDays: number;
  settings: PlanningSettings;
  requirements: readonly IngredientDemand[];
  scheduledReceipts: readonly ScheduledReceipt[];
  /** The schedule's batches, to name what a shortfall blocks. */
  batches: readonly ProductionBatch[];
}): ProcurementInput {
  const ingredientIds = new Set(args.snapshot.ingredients.map((ingredient) => ingredient.id));
  return {
    planDate: args.planDate,
    stockDate: args.stockDate,
    horizonDays: args.horizonDays,
    settings: engineSettings(args.settings),
    ingredients: args.snapshot.ingredients,
    suppliers: args.snapshot.suppliers,
    offers: args.snapshot.offers,
    requirements: args.requirements.map((requirement) => ({
      ingredientId: requirement.ingredientId,
      demandSigma: requirement.demandSigma,
      days: requirement.days,
    })),
    scheduledReceipts: args.scheduledReceipts.filter((receipt) => ingredientIds.has(receipt.ingredientId)),
    production: { batches: args.batches, recipes: args.snapshot.recipes },
  };
}
