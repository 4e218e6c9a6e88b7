/**
 * The closed loop: one simulated bakery lived day by day under each purchasing policy.
 *
 * Each morning the engine — `forecast` and `planProduction` from the planning subgraph's
 * entry point (subgraphs/planning/engine/index.ts), on the sales this bakery has recorded —
 * schedules the horizon from today; the policy places today's purchase orders; then the world
 * receives deliveries, throws out expired lots, bakes today's scheduled batches as far as the
 * ingredients allow, and sells. What it sold becomes tomorrow's sales history, so a stockout
 * lowers the next forecasts: the loop is closed, as in a real bakery.
 */
import type { SyntheticSize } from '../../db/seeds/synthetic.ts';
import { addDays, formatDay } from '../../subgraphs/planning/engine/dates.ts';
import { forecast, planProduction, type IsoDate, type PlanningSettings } from '../../subgraphs/planning/engine/index.ts';
import { simulatedBakery, type SimulatedBakery } from './bakery.ts';
import { summarize, type DayOutcome, type PolicyComparison, type PolicyMetrics } from './metrics.ts';
import { POLICIES, type PolicyName, type PurchasingPolicy } from './policies.ts';
import { BakeryWorld, type BakeOutcome, type SalesOutcome, type SalesRecording } from './world.ts';

/** DESIGN's defaults for a new bakery. */
export const SIMULATION_SETTINGS: PlanningSettings = {
  serviceLevel: 0.95,
  safetyStockMethod: 'STATISTICAL',
  safetyStockPercent: 0.5,
  supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 },
};
export const DEFAULT_SEED = 11;
/** Twelve weeks. */
export const DEFAULT_DAYS = 84;
export const HORIZON_DAYS = 7;

export interface SimulationOptions {
  /** Default DEFAULT_SEED. */
  seed?: number;
  /** Days simulated; default DEFAULT_DAYS. */
  days?: number;
  /** Synthetic bakery size; default M. */
  size?: SyntheticSize;
  /** Called after each simulated day. */
  onDay?: (policy: PolicyName, recording: SalesRecording, day: number, days: number, outcome: DayOutcome) => void;
}

export interface SimulationResult extends PolicyComparison {
  seed: number;
  days: number;
  size: SyntheticSize;
  startDate: IsoDate;
  closedWeekday: string;
  holiday: { date: IsoDate; factor: number };
  bakery: { name: string; ingredients: number; products: number; suppliers: number; offers: number };
  /** The same run with the true demand recorded as sales: how much the censored record costs. */
  trueDemandRecorded: PolicyComparison;
}

/** A day's outcome from what was sold and baked and the day's purchasing and stock figures. */
export function dayOutcome(
  date: IsoDate,
  sales: SalesOutcome,
  baking: BakeOutcome,
  rest: Pick<DayOutcome, 'purchaseOrders' | 'orderedValue' | 'receivedValue' | 'lateLines' | 'expiredValue' | 'inventoryValue'>,
): DayOutcome {
  return {
    date,
    demand: sales.demand,
    sold: sales.sold,
    scheduledBatches: baking.scheduledBatches,
    blockedBatches: baking.blockedBatches,
    shortIngredients: baking.shortIngredients.length,
    ...rest,
  };
}

/** Lives `bakery` for `days` days under `policy`, from a fresh world. */
export function simulatePolicy(
  bakery: SimulatedBakery,
  policy: PurchasingPolicy,
  days: number,
  options: { recording?: SalesRecording; onDay?: SimulationOptions['onDay'] } = {},
): { metrics: PolicyMetrics; days: DayOutcome[] } {
  const world = new BakeryWorld(bakery, options.recording);
  const openingStockValue = world.inventoryValue();
  const outcomes: DayOutcome[] = [];
  for (let day = 0; day < days; day++) {
    const date = addDays(bakery.startDate, day);
    const { ingredients, scheduledReceipts } = world.stockView();
    const demandForecast = forecast(bakery.products, world.sales, date, HORIZON_DAYS, { closedWeekdays: [bakery.closedWeekday] });
    const production = planProduction(demandForecast.forecasts, bakery.recipes, ingredients);
    const orders = policy.orders({ date, horizonDays: HORIZON_DAYS, settings: SIMULATION_SETTINGS, bakery, ingredients, scheduledReceipts, production });
    for (const order of orders) world.submit(order);
    const receipt = world.receive(date);
    const expiredValue = world.expire(date);
    const baking = world.bake(date, production.batches);
    const sales = world.sell(date, baking.baked);
    const outcome = dayOutcome(date, sales, baking, {
      purchaseOrders: orders.length,
      orderedValue: orders.reduce((sum, order) => sum + order.lines.reduce((total, line) => total + line.quantity * line.unitPrice, 0), 0),
      receivedValue: receipt.value,
      lateLines: receipt.lateLines,
      expiredValue,
      inventoryValue: world.inventoryValue(),
    });
    outcomes.push(outcome);
    options.onDay?.(policy.name, options.recording ?? 'sold', day + 1, days, outcome);
  }
  return { metrics: summarize(openingStockValue, outcomes), days: outcomes };
}

/** The same bakery, demand and luck under Levain's purchasing and under the min/max baseline. */
export function simulate(options: SimulationOptions = {}): SimulationResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number ≥ 0, got ${seed}`);
  if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a whole number ≥ 1, got ${days}`);
  const bakery = simulatedBakery({ seed, size: options.size });
  const compare = (recording: SalesRecording): PolicyComparison => ({
    levain: simulatePolicy(bakery, POLICIES.levain, days, { recording, onDay: options.onDay }).metrics,
    baseline: simulatePolicy(bakery, POLICIES.baseline, days, { recording, onDay: options.onDay }).metrics,
  });
  return {
    seed,
    days,
    size: bakery.size,
    startDate: bakery.startDate,
    closedWeekday: bakery.closedWeekday,
    holiday: bakery.holiday,
    bakery: {
      name: bakery.name,
      ingredients: bakery.ingredients.length,
      products: bakery.products.length,
      suppliers: bakery.suppliers.length,
      offers: bakery.offers.length,
    },
    ...compare('sold'),
    trueDemandRecorded: compare('demand'),
  };
}

/** The run's conditions in one paragraph (CLI and BENCHMARKS.md). */
export function describeRun(result: SimulationResult): string {
  const { bakery } = result;
  return (
    `${bakery.name} (${bakery.ingredients} ingredients used by its recipes, ${bakery.products} products, ${bakery.suppliers} suppliers, ` +
    `${bakery.offers} offers); seed ${result.seed}; ${result.days} days from ${formatDay(result.startDate)} ${result.startDate.slice(0, 4)}; ` +
    `closed every ${result.closedWeekday}; holiday ${result.holiday.date} (demand ×${result.holiday.factor}); engine horizon ${HORIZON_DAYS} days, DESIGN's default settings.`
  );
}
