/**
 * `npm run bench`: every benchmark, then BENCHMARKS.md. Budget on this 2-core machine: under 15
 * minutes end to end with the defaults (each part prints its own progress and the total).
 *
 *   npm run bench -- [gateway flags: --duration --rounds --connections --tenants --plan-tenants]
 *                    [--samples N (batch)] [--batch N (orchestration)] [--seed N --days N (simulation)]
 *                    [--repeat N (hostile)] [--skip gateway,hostile,batch,orchestration,engine,simulation]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { benchBatch, parseBatchOptions } from './batch.ts';
import { benchGateways, parseGatewayOptions } from './gateway.ts';
import { benchHostile, parseHostileOptions } from './hostile.ts';
import { benchOrchestration, parseOrchestrationOptions } from './orchestration.ts';
import { renderBenchmarks } from './report.ts';
import { benchSimulation } from './simulate.ts';
import { parseSimulationOptions } from './simulation/options.ts';
import { saveResults } from './support/results.ts';

const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv, options: { skip: { type: 'string', default: '' } }, strict: false });
const skip = new Set(String(values.skip).split(',').filter(Boolean));
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

if (!skip.has('engine')) {
  log('engine: npm run bench:engine …');
  const output = execFileSync(process.execPath, ['--import', 'tsx', new URL('./engine.ts', import.meta.url).pathname], { encoding: 'utf8' });
  saveResults('engine', { measuredAt: new Date().toISOString(), output });
}
if (!skip.has('simulation')) benchSimulation({ ...parseSimulationOptions(argv), log });
if (!skip.has('batch')) await benchBatch({ ...parseBatchOptions(argv), log });
if (!skip.has('gateway')) await benchGateways({ ...parseGatewayOptions(argv), log });
if (!skip.has('hostile')) await benchHostile({ ...parseHostileOptions(argv), log });
if (!skip.has('orchestration')) await benchOrchestration({ ...parseOrchestrationOptions(argv), log });
const minutes = (performance.now() - started) / 60_000;
saveResults('run', { measuredAt: new Date().toISOString(), minutes, parts: ['engine', 'simulation', 'batch', 'gateway', 'hostile', 'orchestration'].filter((part) => !skip.has(part)) });
renderBenchmarks();
log(`BENCHMARKS.md rewritten; total ${minutes.toFixed(1)} min`);
process.exit(0);
