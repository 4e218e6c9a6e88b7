import { parseArgs } from 'node:util';
import type { SyntheticSize } from '../../db/seeds/synthetic.ts';
import { DEFAULT_DAYS, DEFAULT_SEED } from './closed-loop.ts';

/** Which bakery to live, and for how long: what every simulation command takes. */
export interface BakeryRunOptions {
  seed: number;
  days: number;
  size: SyntheticSize;
}

const SIZES: readonly SyntheticSize[] = ['S', 'M', 'L'];

/** Reads --seed, --days (default `defaultDays`) and --size; throws with every problem when one is not usable. Other flags are left alone. */
export function parseSimulationOptions(argv: string[], defaultDays = DEFAULT_DAYS): BakeryRunOptions {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string', default: String(DEFAULT_SEED) }, days: { type: 'string', default: String(defaultDays) }, size: { type: 'string', default: 'M' } },
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
