/**
 * Plan quality, measured the way a bakery feels it: the closed-loop simulation of issue 11
 * (bench/simulation/). Pure and in-process — no database, no network.
 *
 *   npm run bench:simulate -- [--seed N (11)] [--days N (84)] [--size S|M|L (M)] [--json]
 *
 * Prints the table (with the seed) on stdout, progress on stderr; with --json the last line of
 * stdout is `{"levain": {...}, "baseline": {...}}`. Writes bench/results/simulation.json and
 * re-renders BENCHMARKS.md.
 *
 *   npm run bench:simulate -- --through-api [--seed N (11)] [--days N (28)] [--size S|M|L (M)]
 *                             [--start YYYY-MM-DD] [--gateway URL [--tenant id-or-slug]]
 *
 * The same bakery replayed through the real API and worker (bench/replay/), next to the
 * in-process levain run on the same seed, start and days; writes bench/results/replay.json.
 */
import { describeRun, simulate } from './simulation/closed-loop.ts';
import { comparisonRows, targetChecks } from './simulation/metrics.ts';
import { parseSimulationOptions, type BakeryRunOptions } from './simulation/options.ts';
import { saveResults, type SimulationBenchResults } from './support/results.ts';

export interface SimulationBenchOptions extends BakeryRunOptions {
  log: (line: string) => void;
}

/** Runs the simulation, saves bench/results/simulation.json, and returns what it saved. */
export function benchSimulation(options: SimulationBenchOptions): SimulationBenchResults {
  const started = performance.now();
  options.log(`simulation: ${options.size} bakery, seed ${options.seed}, ${options.days} days, levain and baseline, sales recorded as sold and as demand …`);
  const result = simulate({
    seed: options.seed,
    days: options.days,
    size: options.size,
    onDay: (policy, recording, day, days, outcome) => {
      if (day % 14 === 0 || day === days) {
        options.log(`simulation: ${policy.padEnd(8)} (recorded: ${recording.padEnd(6)}) day ${String(day).padStart(3)}/${days}  ${outcome.date}  inventory ${outcome.inventoryValue.toFixed(0)}`);
      }
    },
  });
  const results: SimulationBenchResults = { measuredAt: new Date().toISOString(), wallSeconds: (performance.now() - started) / 1000, ...result };
  saveResults('simulation', results);
  options.log(`simulation: done in ${results.wallSeconds.toFixed(1)} s`);
  return results;
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')).join('\n');
}

/** The replay's tables on stdout: metrics side by side, the tolerance checks, supplier reliability by week, where the time went. */
async function printReplay(argv: string[]): Promise<void> {
  const { benchReplay, parseReplayOptions } = await import('./replay/bench-replay.ts');
  const { describeCheck, formatPhases, reliabilityTable, replayRows } = await import('./replay/comparison.ts');
  let options: ReturnType<typeof parseReplayOptions>;
  try {
    options = parseReplayOptions(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const results = await benchReplay(options, (line) => console.error(line));
  console.log(`End-to-end replay — ${results.bakery.name}; seed ${results.seed}; ${results.days} days from ${results.startDate}; through ${results.target}\n`);
  console.log(textTable(['', 'in-process', 'through the API', 'difference'], replayRows(results.inProcess, results.api.metrics)));
  console.log('\nTolerance:');
  for (const check of results.checks) console.log(`  ${check.holds ? 'holds        ' : 'does not hold'}  ${describeCheck(check)}`);
  if (results.api.reliability.length > 0) {
    const table = reliabilityTable(results.api.reliability);
    console.log('\nSupplier reliability, measured through the API (supplierPerformance.onTimeInFullRate) against the simulated:\n');
    console.log(textTable(table.header, table.rows));
  } else {
    console.log(`\nSupplier reliability: not measured (${results.api.reliabilityUnavailable ?? 'no checkpoint'}).`);
  }
  const counts = results.api.counts;
  console.log(
    `\nThrough the API: ${counts.runs} nightly runs (median ${results.api.runMedianMs.toFixed(0)} ms), ${counts.purchaseOrdersSubmitted} purchase orders submitted ` +
      `(${counts.purchaseOrdersReceived} received, ${counts.purchaseOrdersOpen} open), ${counts.receipts} receipts (${counts.receiptLines} lots), ` +
      `${counts.productionDays} days of production (${counts.batchesRecorded} batches), ${counts.salesRecords} sales records, ${counts.wasteMovements} waste movements.`,
  );
  console.log(`Time: ${results.wallSeconds.toFixed(1)} s in all; replay ${results.api.wallSeconds.toFixed(1)} s — ${formatPhases(results.api.phaseMs)}.`);
  const { renderBenchmarks } = await import('./report.ts');
  renderBenchmarks();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  if (argv.includes('--through-api')) {
    await printReplay(argv.filter((arg) => arg !== '--through-api'));
    process.exit(0);
  }
  let options: BakeryRunOptions;
  try {
    options = parseSimulationOptions(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const results = benchSimulation({ ...options, log: (line) => console.error(line) });
  const header = ['', 'levain', 'baseline'];
  console.log(`Closed-loop simulation — ${describeRun(results)}\n`);
  console.log('Sales recorded = units sold, flagged soldOut when the shelf ran empty (the forecast reads those as a lower bound):\n');
  console.log(textTable(header, comparisonRows(results)));
  console.log('\nThe same run with the true demand recorded as sales (counterfactual: what censoring costs):\n');
  console.log(textTable(header, comparisonRows(results.trueDemandRecorded)));
  console.log('\nIssue 11 targets (sales recorded as sold):');
  for (const check of targetChecks(results)) console.log(`  ${check.holds ? 'holds        ' : 'does not hold'}  ${check.target}`);
  const { renderBenchmarks } = await import('./report.ts');
  renderBenchmarks();
  if (argv.includes('--json')) console.log(JSON.stringify({ levain: results.levain, baseline: results.baseline }));
  process.exit(0);
}
