import { diffDays } from './dates.ts';
import { forecast } from './forecast.ts';
import { planProcurement } from './procurement.ts';
import { planProduction } from './production.ts';
import type { PlanningInput, PlanningResult } from './types.ts';

/**
 * The whole nightly pass on one snapshot: forecast → production → procurement. The API
 * runs the stages separately (it stores each stage's output); this is the same chain for
 * tests, benchmarks, the closed-loop simulation and previews. With a `stockDate` before the
 * plan date, forecasts and production start at the stock date (the days in between consume
 * the stock the plan opens with).
 */
export function runPlanning(input: PlanningInput): PlanningResult {
  const stockDate = input.stockDate ?? input.planDate;
  const leadInDays = Math.max(0, diffDays(stockDate, input.planDate));
  const demand = forecast(input.products, input.sales, stockDate, leadInDays + input.horizonDays, input.calendar);
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
    stockDate,
    production: { batches: production.batches, recipes: input.recipes },
  });
  return {
    forecast: demand,
    production,
    procurement,
    warnings: [...demand.warnings, ...production.warnings, ...procurement.warnings],
  };
}
