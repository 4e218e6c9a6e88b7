/**
 * `npm run bench:simulate -- --through-api`: the in-process simulation's levain run and the replay
 * through the API of the same bakery (seed, size, start, days), side by side; results saved as
 * bench/results/replay.json.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { dateIn } from '../../platform/time-zones.ts';
import { addDays, diffDays } from '../../subgraphs/planning/engine/dates.ts';
import { simulatedBakery } from '../simulation/bakery.ts';
import { simulatePolicy } from '../simulation/closed-loop.ts';
import { POLICIES } from '../simulation/policies.ts';
import { saveResults, type ReplayBenchResults } from '../support/results.ts';
import { parseSimulationOptions, type BakeryRunOptions } from '../simulation/options.ts';
import { toleranceChecks } from './comparison.ts';
import { replayThroughApi } from './replay.ts';
import { ownStack, runningStack } from './target.ts';

/** Four weeks: the replay. */
export const DEFAULT_REPLAY_DAYS = 28;

export interface ReplayBenchOptions extends BakeryRunOptions {
  /** First day replayed; default: `days` days before today in the bakery's zone, so the last is yesterday. */
  startDate?: string;
  /** Replay against a running `npm start` at this gateway URL instead of an own stack. */
  gateway?: string;
  /** With `gateway`: the bakery (id or slug) to replay into; default a new one. */
  tenant?: string;
}

/** Reads --seed, --days (default 28 here), --size, --start, --gateway and --tenant; throws with every problem. */
export function parseReplayOptions(argv: string[]): ReplayBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { start: { type: 'string' }, gateway: { type: 'string' }, tenant: { type: 'string' } },
    strict: false,
  });
  const base = parseSimulationOptions(argv, DEFAULT_REPLAY_DAYS);
  const problems = [
    values.start === undefined || /^\d{4}-\d{2}-\d{2}$/.test(String(values.start)) ? '' : `--start must be a date YYYY-MM-DD, got ${JSON.stringify(values.start)}`,
    values.gateway === undefined || URL.canParse(String(values.gateway)) ? '' : `--gateway must be a URL such as http://localhost:4000/graphql, got ${JSON.stringify(values.gateway)}`,
    values.tenant === undefined || values.gateway !== undefined ? '' : '--tenant needs --gateway (an own stack always makes a new bakery)',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    ...base,
    ...(values.start ? { startDate: String(values.start) } : {}),
    ...(values.gateway ? { gateway: String(values.gateway) } : {}),
    ...(values.tenant ? { tenant: String(values.tenant) } : {}),
  };
}

/** Runs both, saves bench/results/replay.json, and returns what it saved. */
export async function benchReplay(options: ReplayBenchOptions, log: (line: string) => void): Promise<ReplayBenchResults> {
  const started = performance.now();
  const name = simulatedBakery({ seed: options.seed, size: options.size }).name;
  const target = options.gateway ? await runningStack(options.gateway, options.tenant, name) : await ownStack(name, log);
  try {
    const today = dateIn(target.timezone);
    const startDate = options.startDate ?? addDays(today, -options.days);
    const lastDay = addDays(startDate, options.days - 1);
    if (lastDay > today) throw new Error(`the replay's last day ${lastDay} is after today (${today}): sales and receipts cannot be in the future`);
    if (diffDays(startDate, today) > 366) throw new Error(`--start ${startDate} is more than 366 days ago: receipts that old are refused`);
    const bakery = simulatedBakery({ seed: options.seed, size: options.size, startDate });
    log(`replay: ${bakery.name}, seed ${bakery.seed}, ${options.days} days from ${startDate} through ${target.description}`);

    const inProcessStarted = performance.now();
    const inProcess = simulatePolicy(bakery, POLICIES.levain, options.days);
    const inProcessSeconds = (performance.now() - inProcessStarted) / 1000;
    log(`replay: in-process levain run done in ${inProcessSeconds.toFixed(1)} s (fill rate ${(inProcess.metrics.fillRate * 100).toFixed(1)} %)`);

    const api = await replayThroughApi({ bakery, days: options.days, target, log });
    const results: ReplayBenchResults = {
      measuredAt: new Date().toISOString(),
      seed: bakery.seed,
      size: bakery.size,
      days: options.days,
      startDate,
      closedWeekday: bakery.closedWeekday,
      bakery: { name: bakery.name, ingredients: bakery.ingredients.length, products: bakery.products.length, suppliers: bakery.suppliers.length, offers: bakery.offers.length },
      target: target.description,
      inProcess: inProcess.metrics,
      inProcessDays: inProcess.days,
      inProcessSeconds,
      api,
      checks: toleranceChecks(inProcess.metrics, api.metrics),
      wallSeconds: (performance.now() - started) / 1000,
      loadAverage: loadavg()[1],
    };
    saveResults('replay', results);
    return results;
  } finally {
    await target.stop();
  }
}
