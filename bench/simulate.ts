/**
 * Plan quality, measured the way a bakery feels it: the closed-loop simulation of issue 11
 * (bench/simulation/). Pure and in-process — no database, no network.
 *
 *   npm run bench:simulate -- [--seed N (11)] [--days N (84)] [--size S|M|L (M)] [--json]
 *
 * Prints the table (with the seed) on stdout, progress on stderr; with --json the last line of
 * stdout is `{"levain": {...}, "baseline": {...}}`. Writes bench/results/simulation.json and
 * re-renders BENCHMARKS.md.
 */
import { parseArgs } from 'node:util';
import type { SyntheticSize } from '../db/seeds/synthetic.ts';
import { DEFAULT_DAYS, DEFAULT_SEED, describeRun, simulate } from './simulation/closed-loop.ts';
import { comparisonRows, targetChecks } from './simulation/metrics.ts';
import { saveResults, type SimulationBenchResults } from './support/results.ts';

export interface SimulationBenchOptions {
  seed: number;
  days: number;
  size: SyntheticSize;
  log: (line: string) => void;
}

const SIZES: readonly SyntheticSize[] = ['S', 'M', 'L'];

/** Reads --seed, --days and --size; throws with every problem when one is not usable. */
export function parseSimulationOptions(argv: string[]): Omit<SimulationBenchOptions, 'log'> {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string', default: String(DEFAULT_SEED) }, days: { type: 'string', default: String(DEFAULT_DAYS) }, size: { type: 'string', default: 'M' } },
    strict: false,
  });
  const seed = Number(values.seed);
  const days = Number(values.days);
  const size = String(values.size).toUpperCase() as SyntheticSize;
  const problems = [
    Number.isInteger(seed) && seed >= 0 ? '' : `--seed must be a whole number ≥ 0, got ${JSON.stringify(values.seed)}`,
    Number.isInteger(days) && days >= 1 && days <= 366 ? '' : `--days must be a whole number from 1 to 366, got ${JSON.stringify(values.days)}`,
    SIZES.includes(size) ? '' : `--size must be one of ${SIZES.join(', ')}, got ${JSON.stringify(values.size)}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { seed, days, size };
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  let options: Omit<SimulationBenchOptions, 'log'>;
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
