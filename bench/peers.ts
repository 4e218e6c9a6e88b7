/**
 * Levain beside its strongest peers (issue 16), from the gateway benchmark's results: Hive Gateway
 * with the Rust query planner, Grafbase, and the inventory subgraph called directly as the bound
 * for a one-subgraph query. Every ratio is Levain ÷ peer from the same run. Rendered into
 * BENCHMARKS.md (bench/report.ts) and docs/SCALING.md (bench/scaling.ts).
 */
import type { GatewayBenchResults, GatewayCell } from './support/results.ts';
import { fixed, markdownTable, median, mib } from './support/stats.ts';

export const rps = (cell: GatewayCell) => median(cell.runs.map((run) => run.requestsPerSecond));

/** Median over rounds of the per-round ratio a/b (both measured back to back in the same round). */
export function roundRatio(a: GatewayCell | undefined, b: GatewayCell | undefined): number {
  if (!a || !b) return Number.NaN;
  const ratios = a.runs.map((run, round) => run.requestsPerSecond / (b.runs[round]?.requestsPerSecond ?? Number.NaN));
  return median(ratios.filter(Number.isFinite));
}

/** Levain's gateway CPU per request ÷ the peer's (medians over rounds). */
const cpuRatio = (levain: GatewayCell | undefined, peer: GatewayCell | undefined) =>
  levain && peer ? levain.gatewayCpuMsPerRequest / peer.gatewayCpuMsPerRequest : Number.NaN;

const PEER_WORKLOADS = ['dashboard', 'byIds500', 'plan'] as const;
/** Issue 16, target 2: the gateway's RSS under load, at most (MiB). */
const RSS_TARGET_MIB = 200;

/** The workloads of issue 16 this run measured Levain on. */
const measuredWorkloads = (results: GatewayBenchResults) =>
  PEER_WORKLOADS.filter((workload) => results.cells.some((cell) => cell.workload === workload && cell.gateway === 'levain'));

function cellsOf(results: GatewayBenchResults, workload: string) {
  const find = (gateway: string) => results.cells.find((cell) => cell.workload === workload && cell.gateway === gateway && cell.mix === 'varied');
  return { levain: find('levain'), hiveRust: find('hive-rust'), grafbase: find('grafbase'), direct: find('subgraph (direct)') };
}

/** True when the peers were measured in this run. */
export function hasPeers(results: GatewayBenchResults | undefined): results is GatewayBenchResults {
  return Boolean(results?.cells.some((cell) => cell.gateway === 'hive-rust' || cell.gateway === 'grafbase'));
}

/** One row per workload: Levain ÷ each peer, Levain's CPU, peak RSS under load and fetches of each. */
export function peerTable(results: GatewayBenchResults): string {
  const rows = measuredWorkloads(results).map((workload) => {
    const { levain, hiveRust, grafbase, direct } = cellsOf(results, workload);
    const each = (value: (cell: GatewayCell) => string) => [levain, hiveRust, grafbase].map((cell) => (cell ? value(cell) : '—')).join(' / ');
    return [
      workload,
      fixed(roundRatio(levain, hiveRust), 2),
      fixed(cpuRatio(levain, hiveRust), 2),
      fixed(roundRatio(levain, grafbase), 2),
      fixed(cpuRatio(levain, grafbase), 2),
      direct ? fixed(roundRatio(levain, direct), 2) : '—',
      fixed(levain?.gatewayCpuMsPerRequest, 2),
      each((cell) => fixed(cell.gatewayCpuMsPerRequest, 2)),
      each((cell) => (cell.gatewayPeakRssBytes ? mib(cell.gatewayPeakRssBytes) : '—')),
      each((cell) => fixed(cell.subgraphFetchesAlone, 0)),
    ];
  });
  return markdownTable(
    [
      'workload',
      '÷ Hive+Rust req/s',
      '÷ Hive+Rust CPU/req',
      '÷ Grafbase req/s',
      '÷ Grafbase CPU/req',
      '÷ subgraph direct req/s',
      'Levain CPU ms/req',
      'CPU ms/req Levain / Hive+Rust / Grafbase',
      'peak RSS MiB Levain / Hive+Rust / Grafbase',
      'fetches per request alone Levain / Hive+Rust / Grafbase',
    ],
    rows,
    ['l'],
  );
}

interface TargetCheck {
  target: string;
  figure: string;
  holds: boolean;
}

/** Issue 16's targets 1–4, each with the figure measured and whether it holds (on the workloads measured; not when none was). */
export function peerTargets(results: GatewayBenchResults): TargetCheck[] {
  const per = measuredWorkloads(results).map((workload) => ({ workload, ...cellsOf(results, workload) }));
  const hive = per.map(({ workload, levain, hiveRust }) => ({ workload, rps: roundRatio(levain, hiveRust), cpu: cpuRatio(levain, hiveRust) }));
  const grafbase = per.map(({ workload, levain, grafbase: peer }) => ({ workload, cpu: cpuRatio(levain, peer) }));
  const peaks = per.map(({ levain }) => levain?.gatewayPeakRssBytes).filter((bytes): bytes is number => Number.isFinite(bytes));
  const peakRss = peaks.length ? Math.max(...peaks) : Number.NaN;
  const { levain: batch, direct } = cellsOf(results, 'byIds500');
  const batchRatio = roundRatio(batch, direct);
  const planFetches = cellsOf(results, 'plan').levain?.subgraphFetchesAlone ?? Number.NaN;
  return [
    {
      target: '1. ≥ 1.0× Hive+Rust req/s and ≤ 0.8× its gateway CPU/req, on each workload',
      figure: hive.map((row) => `${row.workload} ${fixed(row.rps, 2)}× req/s, ${fixed(row.cpu, 2)}× CPU`).join('; '),
      holds: hive.length > 0 && hive.every((row) => row.rps >= 1 && row.cpu <= 0.8),
    },
    {
      target: `2. gateway CPU/req ≤ 2× Grafbase's on each workload, and RSS under load ≤ ${RSS_TARGET_MIB} MiB`,
      figure: `${grafbase.map((row) => `${row.workload} ${fixed(row.cpu, 2)}×`).join('; ')}; peak RSS ${Number.isFinite(peakRss) ? mib(peakRss) : '—'} MiB`,
      holds: grafbase.length > 0 && grafbase.every((row) => row.cpu <= 2) && peakRss <= RSS_TARGET_MIB * 1024 * 1024,
    },
    {
      target: '3. ingredientsByIds (500 ids) ≥ 0.9× the inventory subgraph called directly, req/s',
      figure: `${fixed(batchRatio, 2)}×`,
      holds: batchRatio >= 0.9,
    },
    {
      target: '4. the plan query in 3 subgraph fetches',
      figure: Number.isFinite(planFetches) ? `${fixed(planFetches, 0)} subgraph requests per plan query sent alone` : 'plan not measured',
      holds: planFetches <= 3,
    },
  ];
}

/** BENCHMARKS.md's "Strongest peers" section. */
export function peersSection(results: GatewayBenchResults): string {
  return [
    '### Strongest peers (issue 16)',
    '',
    `From the run above (varied mix). **hive-rust**: Hive Gateway's runtime with the Rust query planner`,
    '(`@graphql-hive/router-runtime`); **grafbase**: `grafbase dev` (a native Rust gateway, composing the subgraphs\' SDL',
    'files itself; bench/support/grafbase.ts), its CPU and RSS those of the grafbase process (not of the idle Node.js process that',
    'launches it); **subgraph (direct)**: ingredientsByIds sent straight to the inventory subgraph, the bound of a one-subgraph',
    'query. Ratios are Levain ÷ peer: req/s the median of per-round ratios, CPU/req the ratio of the medians. Peak RSS is the',
    'highest of the gateway process\'s RSS sampled every 100 ms during that workload\'s runs. Fetches are counted for requests',
    'sent one at a time before the load (each gateway\'s plan), not under load: Grafbase drops the work of a request whose',
    'client has gone, so the requests cut off at a run\'s end make fewer fetches there. For the same reason its CPU per',
    'request sent is slightly flattered by the cut-off requests (a few dozen of each run\'s thousands).',
    '',
    peerTable(results),
    '',
    markdownTable(
      ['issue 16 target', 'measured', 'holds'],
      peerTargets(results).map((check) => [check.target, check.figure, check.holds ? 'yes' : 'no']),
      ['l', 'l', 'l'],
    ),
    '',
  ].join('\n');
}
