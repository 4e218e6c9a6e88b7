/**
 * Levain's pure planning engine: plain data in, plain data out, no I/O. See DESIGN §3 for
 * the rules and types.ts for every shape. The stages run alone (the API stores each result)
 * or chained with runPlanning.
 */
export { forecast } from './forecast.ts';
export { SEASONAL_ES_ALPHA } from './forecast-methods.ts';
export { ingredientsConsumed, planProduction, recipesByProduct, type BatchRecipe } from './production.ts';
export { planProcurement } from './procurement.ts';
export { runPlanning } from './planning.ts';
export { ACCURACY_WINDOWS, forecastAccuracy } from './accuracy.ts';
export type { AccuracyWindow, ForecastAccuracy, ProductAccuracy } from './accuracy.ts';
export { measuredEnough, measureSupplierPerformance, supplierAsMeasured } from './supplier-performance.ts';
export type { DeliveryRecord, SupplierPerformance } from './supplier-performance.ts';
export { ACCUMULATED_MIN_SCORED_DAYS, ACCUMULATED_WINDOW_DAYS, CANDIDATE_LOOKBACK_DAYS } from './method-choice.ts';
export type { AccumulatedAccuracy, MethodError, ScoredForecast } from './method-choice.ts';
export { inverseNormalCdf } from './safety-stock.ts';
export { convertQuantity } from './units.ts';
export { PlanningInputError } from './errors.ts';
export type * from './types.ts';
