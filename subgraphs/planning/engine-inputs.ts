import type {
  DemandForecast,
  IngredientDemand,
  PlanningSettings as EngineSettings,
  ProcurementInput,
  ProductInput,
  RecipeInput,
  IngredientInput,
  OfferInput,
  PlanWarning,
  ScheduledReceipt,
} from './engine/index.ts';
import { badUserInput } from '../../platform/errors.ts';
import type { PlanningSettings } from './repository/settings.ts';
import { SNAPSHOT_FORMAT, type PlanningSnapshot } from './snapshot.ts';

/**
 * The one place where stored data becomes engine input: a run's stored snapshot, the
 * tenant's settings, its sales and submitted purchase orders. The pipeline service loads,
 * calls these, then the engine.
 */

/**
 * Reads a stored snapshot document. A format-1 snapshot (recorded before suppliers carried their
 * currency) is refused with what to do: its prices cannot be told apart from the bakery's money.
 * Any other unknown format is a bug, not a caller mistake.
 */
export function snapshotFromStored(document: unknown): PlanningSnapshot {
  const snapshot = document as PlanningSnapshot;
  if ((snapshot?.format as number) === 1) {
    throw badUserInput('This run\'s snapshot was recorded before snapshots carried each supplier\'s currency; start a new run');
  }
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
 * The offers that can be compared and summed in the bakery's currency, and one CURRENCY_MISMATCH
 * warning per supplier whose currency differs (its offers are left out: Levain does not convert,
 * see docs/PLANNING.md § Currency).
 */
function offersInCurrency(snapshot: PlanningSnapshot, currency: string): { offers: OfferInput[]; warnings: PlanWarning[] } {
  const foreign = snapshot.suppliers.filter((supplier) => supplier.currency !== currency);
  if (foreign.length === 0) return { offers: snapshot.offers, warnings: [] };
  const foreignIds = new Set(foreign.map((supplier) => supplier.id));
  const warnings = foreign
    .map((supplier) => ({ supplier, offers: snapshot.offers.filter((offer) => offer.supplierId === supplier.id).length }))
    .filter(({ offers }) => offers > 0)
    .map(({ supplier, offers }) => ({
      code: 'CURRENCY_MISMATCH' as const,
      message:
        `${supplier.name} prices in ${supplier.currency} but the bakery plans in ${currency}: ` +
        `its ${offers === 1 ? 'offer was' : `${offers} offers were`} left out of the plan (change the supplier's currency or the bakery's).`,
      supplierId: supplier.id,
    }));
  return { offers: snapshot.offers.filter((offer) => !foreignIds.has(offer.supplierId)), warnings };
}

/**
 * `planProcurement(input)`, and the warnings of what was left out of it. Offers of suppliers in
 * another currency than the bakery's are left out (CURRENCY_MISMATCH). Receipts of submitted
 * orders for ingredients the snapshot no longer has are left out (the engine refuses unknown
 * ingredients, and nothing can be planned for them).
 */
export function procurementInput(args: {
  snapshot: PlanningSnapshot;
  planDate: string;
  horizonDays: number;
  settings: PlanningSettings;
  requirements: readonly IngredientDemand[];
  scheduledReceipts: readonly ScheduledReceipt[];
}): { input: ProcurementInput; warnings: PlanWarning[] } {
  const ingredientIds = new Set(args.snapshot.ingredients.map((ingredient) => ingredient.id));
  const { offers, warnings } = offersInCurrency(args.snapshot, args.settings.currency);
  const input: ProcurementInput = {
    planDate: args.planDate,
    horizonDays: args.horizonDays,
    settings: engineSettings(args.settings),
    ingredients: args.snapshot.ingredients,
    suppliers: args.snapshot.suppliers,
    offers,
    requirements: args.requirements.map((requirement) => ({
      ingredientId: requirement.ingredientId,
      demandSigma: requirement.demandSigma,
      days: requirement.days,
    })),
    scheduledReceipts: args.scheduledReceipts.filter((receipt) => ingredientIds.has(receipt.ingredientId)),
  };
  return { input, warnings };
}
