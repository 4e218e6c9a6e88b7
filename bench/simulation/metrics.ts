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

/** One row of the reports: a metric, how to print it, and how to print the change from one run to another. */
export interface MetricRow {
  label: string;
  format: (metrics: PolicyMetrics) => string;
  /** `to` − `from`, in the metric's own terms (points for shares, % for money). */
  difference: (from: PolicyMetrics, to: PolicyMetrics) => string;
}

const signed = (value: number, text: string) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${text}`;
const points = (from: number, to: number) => signed(to - from, `${(Math.abs(to - from) * 100).toFixed(1)} pt`);
const relative = (from: number, to: number) => (from === 0 ? (to === 0 ? '±0.0 %' : 'n/a') : signed(to - from, `${((Math.abs(to - from) / from) * 100).toFixed(1)} %`));
const countChange = (from: number, to: number) => signed(to - from, count(Math.abs(to - from)));

export const METRIC_ROWS: readonly MetricRow[] = [
  { label: 'fill rate (units sold ÷ demand)', format: (m) => percent(m.fillRate), difference: (a, b) => points(a.fillRate, b.fillRate) },
  { label: 'ingredient stockout-days', format: (m) => count(m.stockoutDays), difference: (a, b) => countChange(a.stockoutDays, b.stockoutDays) },
  {
    label: 'production batches blocked',
    format: (m) => `${count(m.blockedBatches)} of ${count(m.scheduledBatches)}`,
    difference: (a, b) => `${countChange(a.blockedBatches, b.blockedBatches)} of ${countChange(a.scheduledBatches, b.scheduledBatches)}`,
  },
  { label: 'waste (expired ÷ purchased value)', format: (m) => percent(m.wasteRatio), difference: (a, b) => points(a.wasteRatio, b.wasteRatio) },
  { label: 'average inventory value', format: (m) => money(m.averageInventoryValue), difference: (a, b) => relative(a.averageInventoryValue, b.averageInventoryValue) },
  { label: 'purchase orders placed', format: (m) => count(m.purchaseOrders), difference: (a, b) => countChange(a.purchaseOrders, b.purchaseOrders) },
  {
    label: 'value received / expired',
    format: (m) => `${money(m.purchasedValue)} / ${money(m.expiredValue)}`,
    difference: (a, b) => `${relative(a.purchasedValue, b.purchasedValue)} / ${relative(a.expiredValue, b.expiredValue)}`,
  },
  { label: 'order lines delivered late', format: (m) => count(m.lateDeliveries), difference: (a, b) => countChange(a.lateDeliveries, b.lateDeliveries) },
];

/** The report's rows — metric, Levain, baseline — shared by the CLI's table and BENCHMARKS.md. */
export function comparisonRows(comparison: PolicyComparison): string[][] {
  return METRIC_ROWS.map((row) => [row.label, row.format(comparison.levain), row.format(comparison.baseline)]);
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
