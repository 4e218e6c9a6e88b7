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
  OfferInput,
  PlanWarning,
  ScheduledReceipt,
  SupplierPerformance,
} from './engine/index.ts';
import { supplierAsMeasured } from './engine/index.ts';
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

/** The forecast's calendar from the tenant's planning settings. */
export function salesCalendar(settings: PlanningSettings): SalesCalendar {
  return {
    closedWeekdays: settings.closedWeekdays,
    closedDates: settings.closedDates,
    staleSalesAfterDays: settings.staleSalesAfterDays,
  };
}

/** `forecast(products, …)`: every product of the snapshot (those of its recipes included). */
export function forecastProducts(snapshot: PlanningSnapshot): ProductInput[] {
  return snapshot.products;
}

/**
 * The items (recipes, offers) whose every ingredient the snapshot has, and a DANGLING_REFERENCE
 * warning for each other one. A recipe or offer can name an ingredient inventory no longer has
 * (deleted since, or written before writes were checked): that item cannot be planned, but
 * the rest of the bakery can, so it is skipped rather than failing the run.
 */
function withKnownIngredients<T>(
  snapshot: PlanningSnapshot,
  items: readonly T[],
  ingredientIdsOf: (item: T) => string[],
  warningFor: (item: T, missingIds: string[]) => PlanWarning,
): { kept: T[]; warnings: PlanWarning[] } {
  const known = new Set(snapshot.ingredients.map((ingredient) => ingredient.id));
  const kept: T[] = [];
  const warnings: PlanWarning[] = [];
  for (const item of items) {
    const missingIds = [...new Set(ingredientIdsOf(item).filter((id) => !known.has(id)))];
    if (missingIds.length === 0) kept.push(item);
    else warnings.push(warningFor(item, missingIds));
  }
  return { kept, warnings };
}

const unknownIngredients = (ids: readonly string[]) =>
  `${ids.length === 1 ? 'ingredient' : 'ingredients'} ${ids.join(', ')}, which the bakery's inventory does not have`;

/** The snapshot's recipes that can be planned; each other one is a DANGLING_REFERENCE warning naming the recipe and its product. */
export function plannableRecipes(snapshot: PlanningSnapshot): { recipes: RecipeInput[]; warnings: PlanWarning[] } {
  const { kept, warnings } = withKnownIngredients(
    snapshot,
    snapshot.recipes,
    (recipe) => recipe.ingredients.map((line) => line.ingredientId),
    (recipe, missingIds) => ({
      code: 'DANGLING_REFERENCE',
      message:
        `Recipe ${JSON.stringify(recipe.name ?? recipe.id)} uses ${unknownIngredients(missingIds)}; ` +
        'nothing is baked or bought for it until its lines name existing ingredients',
      productId: recipe.productId,
    }),
  );
  return { recipes: kept, warnings };
}

/** The snapshot's offers that can be planned; each other one is a DANGLING_REFERENCE warning naming the offer and its supplier. */
export function plannableOffers(snapshot: PlanningSnapshot): { offers: OfferInput[]; warnings: PlanWarning[] } {
  const supplierNames = new Map(snapshot.suppliers.map((supplier) => [supplier.id, supplier.name]));
  const { kept, warnings } = withKnownIngredients(
    snapshot,
    snapshot.offers,
    (offer) => [offer.ingredientId],
    (offer, missingIds) => ({
      code: 'DANGLING_REFERENCE',
      message:
        `Offer ${offer.id} of ${JSON.stringify(supplierNames.get(offer.supplierId) ?? offer.supplierId)} is for ${unknownIngredients(missingIds)}; ` +
        'it is left out of the plan',
      supplierId: offer.supplierId,
    }),
  );
  return { offers: kept, warnings };
}

/**
 * `planProduction(forecasts, recipes, ingredients)` from the run's stored forecasts, with the
 * recipes that can be planned, and the warnings for those that cannot ({@link plannableRecipes}).
 */
export function productionInputs(
  snapshot: PlanningSnapshot,
  forecasts: readonly DemandForecast[],
): { forecasts: DemandForecast[]; recipes: RecipeInput[]; ingredients: IngredientInput[]; warnings: PlanWarning[] } {
  const { recipes, warnings } = plannableRecipes(snapshot);
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
    recipes,
    ingredients: snapshot.ingredients,
    warnings,
  };
}

/**
 * The offers that can be compared and summed in the bakery's currency, and one CURRENCY_MISMATCH
 * warning per supplier whose currency differs (its offers are left out: Levain does not convert,
 * see docs/PLANNING.md § Currency).
 */
function offersInCurrency(
  snapshot: PlanningSnapshot,
  offers: readonly OfferInput[],
  currency: string,
): { offers: OfferInput[]; warnings: PlanWarning[] } {
  const foreign = snapshot.suppliers.filter((supplier) => supplier.currency !== currency);
  if (foreign.length === 0) return { offers: [...offers], warnings: [] };
  const foreignIds = new Set(foreign.map((supplier) => supplier.id));
  const warnings = foreign
    .map((supplier) => ({ supplier, offers: offers.filter((offer) => offer.supplierId === supplier.id).length }))
    .filter(({ offers }) => offers > 0)
    .map(({ supplier, offers }) => ({
      code: 'CURRENCY_MISMATCH' as const,
      message:
        `${supplier.name} prices in ${supplier.currency} but the bakery plans in ${currency}: ` +
        `its ${offers === 1 ? 'offer was' : `${offers} offers were`} left out of the plan (change the supplier's currency or the bakery's).`,
      supplierId: supplier.id,
    }));
  return { offers: offers.filter((offer) => !foreignIds.has(offer.supplierId)), warnings };
}

/**
 * `planProcurement(input)`, and the warnings of what was left out of it: offers naming an
 * ingredient the snapshot lacks ({@link plannableOffers}, DANGLING_REFERENCE) and offers of
 * suppliers in another currency than the bakery's (CURRENCY_MISMATCH). Receipts of submitted
 * orders for ingredients the snapshot no longer has are left out (the engine refuses unknown
 * ingredients, and nothing can be planned for them).
 */
export function procurementInput(args: {
  snapshot: PlanningSnapshot;
  planDate: string;
  stockDate: string;
  horizonDays: number;
  settings: PlanningSettings;
  requirements: readonly IngredientDemand[];
  scheduledReceipts: readonly ScheduledReceipt[];
  /** Suppliers' measured delivery figures: they replace the typed ones once there are enough (engine/supplier-performance.ts). */
  supplierPerformance: readonly SupplierPerformance[];
  /** The schedule's batches, to name what a shortfall blocks. */
  batches: readonly ProductionBatch[];
}): { input: ProcurementInput; warnings: PlanWarning[] } {
  const ingredientIds = new Set(args.snapshot.ingredients.map((ingredient) => ingredient.id));
  const plannable = plannableOffers(args.snapshot);
  const priced = offersInCurrency(args.snapshot, plannable.offers, args.settings.currency);
  const { offers } = priced;
  const warnings = [...plannable.warnings, ...priced.warnings];
  const performanceById = new Map(args.supplierPerformance.map((performance) => [performance.supplierId, performance]));
  const input: ProcurementInput = {
    planDate: args.planDate,
    stockDate: args.stockDate,
    horizonDays: args.horizonDays,
    settings: engineSettings(args.settings),
    ingredients: args.snapshot.ingredients,
    suppliers: args.snapshot.suppliers.map((supplier) => supplierAsMeasured(supplier, performanceById.get(supplier.id)).supplier),
    offers,
    requirements: args.requirements.map((requirement) => ({
      ingredientId: requirement.ingredientId,
      demandSigma: requirement.demandSigma,
      days: requirement.days,
    })),
    scheduledReceipts: args.scheduledReceipts.filter((receipt) => ingredientIds.has(receipt.ingredientId)),
    production: { batches: args.batches, recipes: plannableRecipes(args.snapshot).recipes },
  };
  return { input, warnings };
}
