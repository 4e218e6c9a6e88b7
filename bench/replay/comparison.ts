/**
 * The replay held against the in-process simulation of the same bakery, seed, start and days:
 * the metrics side by side with their differences, the tolerance they must agree within, and the
 * measured supplier reliability against the simulated one, week by week. Pure.
 */
import { METRIC_ROWS, type PolicyMetrics } from '../simulation/metrics.ts';
import type { ReliabilityCheckpoint } from './replay.ts';

/**
 * How far the replay may drift from the in-process run and still count as the same bakery. Chosen
 * from measured runs (BENCHMARKS.md, "End-to-end replay"): what differs is explained there —
 * the API's plans use measured supplier performance, the database keeps thousandths, ids order
 * ties differently.
 */
export const REPLAY_TOLERANCE = {
  /** |fill rate difference|, in points (0.01 = 1 pt). */
  fillRate: 0.01,
  /** |waste ratio difference|, in points. */
  wasteRatio: 0.01,
  /** |average inventory value difference| ÷ the in-process value. */
  averageInventoryValue: 0.05,
} as const;

export interface ToleranceCheck {
  metric: string;
  inProcess: number;
  throughApi: number;
  /** What was measured: the absolute difference (points) or the relative one. */
  difference: number;
  tolerance: number;
  holds: boolean;
}

/** Metric, in-process, through the API, difference: one row per metric of metrics.ts. */
export function replayRows(inProcess: PolicyMetrics, throughApi: PolicyMetrics): string[][] {
  return METRIC_ROWS.map((row) => [row.label, row.format(inProcess), row.format(throughApi), row.difference(inProcess, throughApi)]);
}

/** Fill rate, waste and average inventory value, each against its tolerance. */
export function toleranceChecks(inProcess: PolicyMetrics, throughApi: PolicyMetrics): ToleranceCheck[] {
  const check = (metric: string, from: number, to: number, difference: number, tolerance: number): ToleranceCheck => ({
    metric,
    inProcess: from,
    throughApi: to,
    difference,
    tolerance,
    holds: difference <= tolerance + 1e-12,
  });
  const inventory = inProcess.averageInventoryValue;
  return [
    check('fill rate', inProcess.fillRate, throughApi.fillRate, Math.abs(throughApi.fillRate - inProcess.fillRate), REPLAY_TOLERANCE.fillRate),
    check('waste ratio', inProcess.wasteRatio, throughApi.wasteRatio, Math.abs(throughApi.wasteRatio - inProcess.wasteRatio), REPLAY_TOLERANCE.wasteRatio),
    check(
      'average inventory value',
      inventory,
      throughApi.averageInventoryValue,
      inventory === 0 ? Math.abs(throughApi.averageInventoryValue) : Math.abs(throughApi.averageInventoryValue - inventory) / inventory,
      REPLAY_TOLERANCE.averageInventoryValue,
    ),
  ];
}

/** One sentence per check, as the CLI and BENCHMARKS.md print it. */
export function describeCheck(check: ToleranceCheck): string {
  const relative = check.metric === 'average inventory value';
  const shown = (value: number) => (relative ? `${(value * 100).toFixed(1)} %` : `${(value * 100).toFixed(2)} pt`);
  return `${check.metric}: differs by ${shown(check.difference)} (tolerance ${shown(check.tolerance)})`;
}

const rate = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/**
 * Supplier, simulated on-time rate, then at each checkpoint the measured on-time-in-full rate with
 * its deliveries; a last row with the delivery-weighted mean absolute error of each checkpoint.
 */
export function reliabilityTable(checkpoints: readonly ReliabilityCheckpoint[]): { header: string[]; rows: string[][] } {
  const header = ['supplier', 'simulated (1 − late probability)', ...checkpoints.map((point) => `day ${point.day}: measured (deliveries)`)];
  const suppliers = checkpoints[0]?.suppliers ?? [];
  const rows = suppliers.map((supplier, index) => [
    supplier.supplier,
    rate(supplier.simulated),
    ...checkpoints.map((point) => `${rate(point.suppliers[index].measured)} (${point.suppliers[index].deliveries})`),
  ]);
  rows.push(['weighted mean |measured − simulated|', '', ...checkpoints.map((point) => rate(point.weightedAbsoluteError))]);
  return { header, rows };
}

/** `run 40.1 s, receive 12.0 s, …`, largest first. */
export function formatPhases(phaseMs: Readonly<Record<string, number>>): string {
  return Object.entries(phaseMs)
    .sort((a, b) => b[1] - a[1])
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
}
