/**
 * What a bakery feels over the simulated weeks, per policy, from the days' outcomes. Pure.
 *
 * - fillRate = units sold ÷ units customers wanted, over every simulated day (0..1).
 * - stockoutDays = Σ over days of the ingredients that today's schedule needed more of than
 *   was on hand when baking started (an ingredient short on 3 days counts 3).
 * - blockedBatches = batches the schedule asked for that could not be baked.
 * - wasteRatio = value of lots thrown out expired ÷ value of everything that came in (the
 *   opening stock plus every delivery received), both at purchase price.
 * - averageInventoryValue = mean over days of the stock's value at closing, at purchase price.
 * - purchaseOrders = purchase orders sent (one per supplier and order day).
 */

export interface DayOutcome {
  date: string;
  demand: number;
  sold: number;
  scheduledBatches: number;
  blockedBatches: number;
  shortIngredients: number;
  purchaseOrders: number;
  orderedValue: number;
  receivedValue: number;
  lateLines: number;
  expiredValue: number;
  /** At closing. */
  inventoryValue: number;
}

export interface PolicyMetrics {
  fillRate: number;
  wasteRatio: number;
  averageInventoryValue: number;
  stockoutDays: number;
  blockedBatches: number;
  purchaseOrders: number;
  /** Units customers wanted, and units sold. */
  demand: number;
  sold: number;
  scheduledBatches: number;
  openingStockValue: number;
  /** Value of deliveries received. */
  purchasedValue: number;
  expiredValue: number;
  /** Order lines delivered a day late. */
  lateDeliveries: number;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function summarize(openingStockValue: number, days: readonly DayOutcome[]): PolicyMetrics {
  const total = (pick: (day: DayOutcome) => number) => days.reduce((sum, day) => sum + pick(day), 0);
  const demand = total((day) => day.demand);
  const sold = total((day) => day.sold);
  const purchasedValue = total((day) => day.receivedValue);
  const expiredValue = total((day) => day.expiredValue);
  return {
    fillRate: demand > 0 ? round(sold / demand, 4) : 1,
    wasteRatio: openingStockValue + purchasedValue > 0 ? round(expiredValue / (openingStockValue + purchasedValue), 4) : 0,
    averageInventoryValue: round(days.length > 0 ? total((day) => day.inventoryValue) / days.length : openingStockValue, 2),
    stockoutDays: total((day) => day.shortIngredients),
    blockedBatches: total((day) => day.blockedBatches),
    purchaseOrders: total((day) => day.purchaseOrders),
    demand,
    sold,
    scheduledBatches: total((day) => day.scheduledBatches),
    openingStockValue: round(openingStockValue, 2),
    purchasedValue: round(purchasedValue, 2),
    expiredValue: round(expiredValue, 2),
    lateDeliveries: total((day) => day.lateLines),
  };
}

/** Levain's and the baseline's metrics from one run of both. */
export interface PolicyComparison {
  levain: PolicyMetrics;
  baseline: PolicyMetrics;
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const money = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (value: number) => value.toLocaleString('en-US');

/** The report's rows — metric, Levain, baseline — shared by the CLI's table and BENCHMARKS.md. */
export function comparisonRows(comparison: PolicyComparison): string[][] {
  const rows: [string, (metrics: PolicyMetrics) => string][] = [
    ['fill rate (units sold ÷ demand)', (m) => percent(m.fillRate)],
    ['ingredient stockout-days', (m) => count(m.stockoutDays)],
    ['production batches blocked', (m) => `${count(m.blockedBatches)} of ${count(m.scheduledBatches)}`],
    ['waste (expired ÷ purchased value)', (m) => percent(m.wasteRatio)],
    ['average inventory value', (m) => money(m.averageInventoryValue)],
    ['purchase orders placed', (m) => count(m.purchaseOrders)],
    ['value received / expired', (m) => `${money(m.purchasedValue)} / ${money(m.expiredValue)}`],
    ['order lines delivered late', (m) => count(m.lateDeliveries)],
  ];
  return rows.map(([label, format]) => [label, format(comparison.levain), format(comparison.baseline)]);
}

/** Issue 11's targets, each with whether this comparison meets it. */
export function targetChecks(comparison: PolicyComparison): { target: string; holds: boolean }[] {
  const { levain, baseline } = comparison;
  return [
    { target: `Levain's fill rate ≥ 98 % (${percent(levain.fillRate)})`, holds: levain.fillRate >= 0.98 },
    { target: `Levain's fill rate ≥ the baseline's (${percent(baseline.fillRate)})`, holds: levain.fillRate >= baseline.fillRate },
    {
      target: `Levain's waste ≤ 0.8 × the baseline's (${percent(levain.wasteRatio)} vs ${percent(0.8 * baseline.wasteRatio)})`,
      holds: levain.wasteRatio <= 0.8 * baseline.wasteRatio,
    },
    {
      target: `Levain's average inventory value ≤ 0.9 × the baseline's (${money(levain.averageInventoryValue)} vs ${money(0.9 * baseline.averageInventoryValue)})`,
      holds: levain.averageInventoryValue <= 0.9 * baseline.averageInventoryValue,
    },
  ];
}
