/**
 * Plain-data shapes the planning engine reads and returns. No classes, no I/O:
 * resolvers map rows to these, call the engine, and store what comes back.
 *
 * Dates are `YYYY-MM-DD` strings in the tenant's time zone; the engine treats them as
 * calendar days (weekday computed in UTC, so no DST surprises). Quantities are in the
 * ingredient's own unit unless a field says otherwise; money is in the tenant's currency.
 */

/** `YYYY-MM-DD`. */
export type IsoDate = string;

export type Unit = 'G' | 'KG' | 'ML' | 'L' | 'UNIT';

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export type SafetyStockMethod = 'STATISTICAL' | 'PERCENTAGE';

/** The bakery's sales calendar: which days it is closed, and when sales data counts as stale. */
export interface SalesCalendar {
  /** Weekdays the bakery never opens: no sales expected, none forecast. Default none. */
  closedWeekdays?: readonly Weekday[];
  /** Single dates it is closed (holidays). Default none. */
  closedDates?: readonly IsoDate[];
  /** A STALE_SALES_DATA warning when the latest recorded day is more than this many days before the origin. Default 3. */
  staleSalesAfterDays?: number;
}

export type ForecastMethod = 'MOVING_AVERAGE' | 'SEASONAL_NAIVE' | 'SEASONAL_ES' | 'HOLT_WINTERS' | 'CROSTON';

/** Which rule chose a product's forecast method (engine/method-choice.ts). */
export type ForecastMethodRule = 'ACCUMULATED_ACCURACY' | 'HELD_OUT' | 'SHORT_HISTORY' | 'NO_HISTORY';

export type WarningCode =
  | 'NO_SALES_HISTORY'
  | 'UNIT_MISMATCH'
  | 'LATE_DELIVERY'
  | 'STOCKOUT_RISK'
  | 'WASTE_RISK'
  | 'BELOW_MINIMUM_ORDER_VALUE'
  | 'STALE_SALES_DATA'
  /** A recipe or offer names an ingredient the snapshot does not have; it is left out (engine-inputs.ts). */
  | 'DANGLING_REFERENCE'
  /** A supplier's currency is not the bakery's; its offers were left out (planning/engine-inputs.ts). */
  | 'CURRENCY_MISMATCH';

export interface PlanWarning {
  code: WarningCode;
  /** A sentence a planner or buyer can act on. */
  message: string;
  ingredientId?: string;
  productId?: string;
  supplierId?: string;
}

export interface SupplierWeights {
  /** Weight of `min price / price`. Default 0.5. */
  price: number;
  /** Weight of `min lead time / lead time` (1 when the lead time is 0). Default 0.2. */
  leadTime: number;
  /** Weight of the supplier's reliability (0..1). Default 0.3. */
  reliability: number;
}

export interface PlanningSettings {
  /** Target probability of not running out during a lead time, in (0, 1). Default 0.95. */
  serviceLevel: number;
  /** Default STATISTICAL. */
  safetyStockMethod: SafetyStockMethod;
  /**
   * PERCENTAGE method only: a fraction, not a percent — 0.5 means safety stock covers half of
   * the mean demand over the lead time.
   */
  safetyStockPercent: number;
  supplierWeights: SupplierWeights;
}

export interface StockLotInput {
  id: string;
  quantity: number;
  receivedOn: IsoDate;
  /** The first day the lot may no longer be used; null = never expires. */
  expiresOn: IsoDate | null;
}

export interface IngredientInput {
  id: string;
  name: string;
  unit: Unit;
  perishable: boolean;
  /** Days a received perishable lot stays usable (a lot received on d expires on d + shelfLifeDays). */
  shelfLifeDays: number | null;
  lots: StockLotInput[];
}

export interface SupplierInput {
  id: string;
  name: string;
  leadTimeDays: number;
  /** Share of orders delivered complete and on time, 0..1. */
  reliability: number;
  /** Smallest purchase order total the supplier accepts, in money. 0 = none. */
  minimumOrderValue: number;
  /** Weekdays the supplier delivers on; empty = every day. */
  deliveryDays: Weekday[];
  /** Days its deliveries come after their due date on average (measured, whole days; may be < 0), added to every offer's lead time. Absent = 0. */
  delayDays?: number;
  /** Where the delay and reliability came from (measured or typed), for the reasons; absent = not said. */
  figuresSource?: string;
}

export interface OfferInput {
  id: string;
  supplierId: string;
  ingredientId: string;
  /** Money per one ingredient unit. */
  unitPrice: number;
  /** In the ingredient's unit. */
  minimumOrderQuantity: number;
  /** In the ingredient's unit; orders are whole packs. 0 = sold loose. */
  packSize: number;
  /** null = the supplier's lead time. */
  leadTimeDays: number | null;
}

export interface RecipeIngredientInput {
  ingredientId: string;
  /** Per batch, in `unit`. */
  quantity: number;
  unit: Unit;
}

export interface RecipeInput {
  id: string;
  name?: string;
  productId: string;
  /** Product units one batch makes. */
  yieldQuantity: number;
  ingredients: RecipeIngredientInput[];
}

export interface ProductInput {
  id: string;
  name: string;
}

export interface SalesRecord {
  productId: string;
  date: IsoDate;
  /** Product units sold that day (several records for one day are summed). */
  quantity: number;
  /** The product sold out that day: demand was at least `quantity`. Default false. */
  soldOut?: boolean;
}

/** A submitted purchase order line still to arrive. */
export interface ScheduledReceipt {
  ingredientId: string;
  supplierId?: string | null;
  deliveryDate: IsoDate;
  /** In the ingredient's unit. */
  quantity: number;
}

export interface PlanningInput {
  /** D, the first day of the horizon. */
  planDate: IsoDate;
  /** The day the lots are on hand and sales history ends before (today). Default planDate. */
  stockDate?: IsoDate;
  /** Closed days and the staleness limit of sales data. Default: always open, stale after 3 days. */
  calendar?: SalesCalendar;
  /** H; the horizon is D .. D+H-1. Default 7. */
  horizonDays: number;
  settings: PlanningSettings;
  ingredients: IngredientInput[];
  suppliers: SupplierInput[];
  offers: OfferInput[];
  recipes: RecipeInput[];
  products: ProductInput[];
  sales: SalesRecord[];
  scheduledReceipts: ScheduledReceipt[];
}

// ── forecast ────────────────────────────────────────────────────────────────

export interface DemandForecast {
  productId: string;
  date: IsoDate;
  /** Product units. */
  quantity: number;
  /** max(0, quantity − 1.96·sigma). */
  lower: number;
  /** quantity + 1.96·sigma. */
  upper: number;
  /** Standard deviation of the chosen method's daily errors on the days that judged it (held out or scored), product units. */
  sigma: number;
  method: ForecastMethod;
  /** WAPE of the chosen method on the days that judged it (0.1 = 10 %); null when none did. */
  error: number | null;
}

/** Why a product is forecast with its method: the rule and a sentence with its figures. */
export interface ForecastMethodChoice {
  productId: string;
  rule: ForecastMethodRule;
  reason: string;
}

/** What one candidate method forecast for one product and day, kept so its accuracy accumulates. */
export interface CandidateForecast {
  productId: string;
  date: IsoDate;
  method: ForecastMethod;
  /** Product units, ≥ 0. */
  quantity: number;
}

export interface ForecastResult {
  forecasts: DemandForecast[];
  warnings: PlanWarning[];
  /** One per product, by product id. */
  choices: ForecastMethodChoice[];
  /** Every candidate's forecast of the first open forecast day, per product with sales history. */
  candidates: CandidateForecast[];
}

// ── production ──────────────────────────────────────────────────────────────

export interface ProductionBatch {
  date: IsoDate;
  recipeId: string;
  productId: string;
  batches: number;
  /** batches × yield, product units. */
  quantity: number;
  forecastQuantity: number;
}

export interface RequirementDay {
  date: IsoDate;
  /** In the ingredient's unit. */
  quantity: number;
}

/** Daily demand for one ingredient, as procurement reads it. */
export interface IngredientDemand {
  ingredientId: string;
  /** Days missing from the list have no demand. */
  days: RequirementDay[];
  /** Std of daily demand in the ingredient's unit (STATISTICAL safety stock). Default 0. */
  demandSigma?: number;
}

/** What production scheduling needs of one ingredient, in the ingredient's unit. */
export interface IngredientRequirement extends IngredientDemand {
  unit: Unit;
  /** √Σ_p (sigma_p × qty_{p,i} / yield_p)². */
  demandSigma: number;
}

export interface ProductionResult {
  batches: ProductionBatch[];
  requirements: IngredientRequirement[];
  warnings: PlanWarning[];
}

// ── procurement ─────────────────────────────────────────────────────────────

export interface ProcurementInput {
  planDate: IsoDate;
  horizonDays: number;
  settings: PlanningSettings;
  ingredients: IngredientInput[];
  suppliers: SupplierInput[];
  offers: OfferInput[];
  /** Usually `planProduction(...).requirements`. */
  requirements: IngredientDemand[];
  /** Submitted purchase orders; each arrives as a receipt on its delivery date. */
  scheduledReceipts?: ScheduledReceipt[];
  /**
   * The day the ingredients' lots are on hand (today). Default `planDate`. When earlier, the plan
   * opens with the stock projected from it (requirements must then cover the days in between).
   */
  stockDate?: IsoDate;
  /** The batches behind `requirements` and their recipes, to name what a shortfall blocks. */
  production?: { batches: readonly ProductionBatch[]; recipes: readonly RecipeInput[] };
}

export interface ProcurementLine {
  ingredientId: string;
  supplierId: string;
  offerId: string;
  quantity: number;
  unit: Unit;
  orderDate: IsoDate;
  deliveryDate: IsoDate;
  /** The first day stock would fall below safety stock without this line. */
  neededBy: IsoDate;
  safetyStock: number;
  unitPrice: number;
  /** quantity × unitPrice, to the cent. */
  cost: number;
  /** True when no offer could deliver by `neededBy`. */
  urgent: boolean;
  reason: string;
}

export interface PurchaseOrder {
  supplierId: string;
  orderDate: IsoDate;
  /** The earliest delivery date among its lines (lines keep their own). */
  deliveryDate: IsoDate;
  lines: ProcurementLine[];
  /** Σ line cost, to the cent. */
  total: number;
  belowMinimumOrderValue: boolean;
}

export interface ProjectedDay {
  date: IsoDate;
  opening: number;
  receipts: number;
  demand: number;
  expired: number;
  /** Demand the stock cannot serve that day: lost, never carried to later days. */
  shortfall: number;
  /** max(0, opening + receipts − demand − expired): never below 0. */
  closing: number;
  /** Batches of each product that the shortfall keeps from being baked that day. */
  blockedProduction: BlockedProduction[];
}

/** Whole batches of one product that cannot be baked for want of an ingredient. */
export interface BlockedProduction {
  productId: string;
  batches: number;
}

export interface InventoryProjection {
  ingredientId: string;
  unit: Unit;
  safetyStock: number;
  days: ProjectedDay[];
}

export interface ProcurementResult {
  lines: ProcurementLine[];
  purchaseOrders: PurchaseOrder[];
  projections: InventoryProjection[];
  warnings: PlanWarning[];
  /** Σ PO totals, to the cent. */
  totalCost: number;
}

export interface PlanningResult {
  forecast: ForecastResult;
  production: ProductionResult;
  procurement: ProcurementResult;
  /** All stages' warnings, in stage order. */
  warnings: PlanWarning[];
}
