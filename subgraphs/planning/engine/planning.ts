import { forecast } from './forecast.ts';
import { planProcurement } from './procurement.ts';
import { planProduction } from './production.ts';
import type { PlanningInput, PlanningResult } from './types.ts';

/**
 * The whole nightly pass on one snapshot: forecast → production → procurement. The API
 * runs the stages separately (it stores each stage's output); this is the same chain for
 * tests, benchmarks and previews.
 */
export function runPlanning(input: PlanningInput): PlanningResult {
  const demand = forecast(input.products, input.sales, input.planDate, input.horizonDays);
  const production = planProduction(demand.forecasts, input.recipes, input.ingredients);
  const procurement = planProcurement({
    planDate: input.planDate,
    horizonDays: input.horizonDays,
    settings: input.settings,
    ingredients: input.ingredients,
    suppliers: input.suppliers,
    offers: input.offers,
    requirements: production.requirements,
    scheduledReceipts: input.scheduledReceipts,
  });
  return {
    forecast: demand,
    production,
    procurement,
    warnings: [...demand.warnings, ...production.warnings, ...procurement.warnings],
  };
}
