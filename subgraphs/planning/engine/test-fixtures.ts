import { addDays } from './dates.ts';
import type {
  IngredientDemand,
  IngredientInput,
  OfferInput,
  PlanningSettings,
  ProcurementInput,
  SupplierInput,
} from './types.ts';

/** Builders for the engine's unit tests: small, explicit tenants with DESIGN's defaults. */

/** A Monday. */
export const PLAN_DATE = '2026-12-07';

/** The plan date plus `k` days. */
export function day(k: number): string {
  return addDays(PLAN_DATE, k);
}

export function settings(overrides: Partial<PlanningSettings> = {}): PlanningSettings {
  return {
    serviceLevel: 0.95,
    safetyStockMethod: 'PERCENTAGE',
    safetyStockPercent: 0.5,
    supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 },
    ...overrides,
  };
}

export function ingredient(overrides: Partial<IngredientInput> & { id: string }): IngredientInput {
  return { name: overrides.id, unit: 'KG', perishable: false, shelfLifeDays: null, lots: [], ...overrides };
}

/** One lot received a week before the plan date. */
export function lot(id: string, quantity: number, expiresOn: string | null = null) {
  return { id, quantity, receivedOn: day(-7), expiresOn };
}

export function supplier(overrides: Partial<SupplierInput> & { id: string }): SupplierInput {
  return { name: overrides.id, leadTimeDays: 2, reliability: 0.9, minimumOrderValue: 0, deliveryDays: [], ...overrides };
}

export function offer(overrides: Partial<OfferInput> & { id: string; supplierId: string; ingredientId: string }): OfferInput {
  return { unitPrice: 1, minimumOrderQuantity: 0, packSize: 0, leadTimeDays: null, ...overrides };
}

/** quantities[k] is the demand on the plan date + k. */
export function demand(ingredientId: string, quantities: number[], demandSigma = 0): IngredientDemand {
  return { ingredientId, demandSigma, days: quantities.map((quantity, k) => ({ date: day(k), quantity })) };
}

export function procurementInput(overrides: Partial<ProcurementInput>): ProcurementInput {
  return {
    planDate: PLAN_DATE,
    horizonDays: 7,
    settings: settings(),
    ingredients: [],
    suppliers: [],
    offers: [],
    requirements: [],
    scheduledReceipts: [],
    ...overrides,
  };
}
