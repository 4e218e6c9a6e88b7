import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from '../processes/load.ts';
import type { ToleranceCheck } from '../replay/comparison.ts';
import type { ReplayResult } from '../replay/replay.ts';
import type { SimulationResult } from '../simulation/closed-loop.ts';
import type { DayOutcome, PolicyMetrics } from '../simulation/metrics.ts';

/** Where each part of `npm run bench` keeps its last results; BENCHMARKS.md is rendered from them. */
export const RESULTS_DIR = new URL('../results/', import.meta.url);

export interface GatewayCell {
  workload: string;
  mix: 'varied' | 'identical';
  gateway: string;
  runs: LoadResult[];
  /** Median over rounds of (subgraph /graphql requests ÷ gateway responses). */
  subgraphFetchesPerRequest: number;
  /** Subgraph /graphql requests per request sent alone, before the load (median of a few varied ones): the plan's fetches. */
  subgraphFetchesAlone?: number;
  /** Median over rounds of the gateway process's CPU time ÷ responses, in ms. */
  gatewayCpuMsPerRequest: number;
  /** The same for the four subgraph processes together. */
  subgraphCpuMsPerRequest: number;
  /** Highest RSS of the gateway process sampled during this cell's runs (bytes; NaN/absent with no gateway). */
  gatewayPeakRssBytes?: number;
  /** RSS of the gateway process after this cell's last run (bytes). */
  gatewayEndRssBytes?: number;
}

export interface ProcessMemory {
  process: string;
  rssBytes: number;
  peakRssBytes: number;
  /** Of the RSS now: anonymous memory (heaps, stacks, buffers) and file-backed (code). */
  anonBytes?: number;
  fileBytes?: number;
  /** A Node.js gateway's V8 heap (committed) and memory V8 tracks outside it (Buffers, ArrayBuffers), now. */
  heapTotalBytes?: number;
  externalBytes?: number;
}

export interface GatewayBenchResults {
  measuredAt: string;
  durationSeconds: number;
  rounds: number;
  connections: number;
  tenants: number;
  planTenants: number;
  /** Lines of each plan the plan query reads. */
  planLines: number[];
  variedRequests: number;
  cells: GatewayCell[];
  memory: ProcessMemory[];
  wallSeconds: number;
}

export interface BatchRow {
  ids: number;
  /** Rows found (the rest are missing ids). */
  found: number;
  gatewayMedianMs: number;
  sqlMedianMs: number;
  /** Median of the per-pair ratios gateway ÷ raw SQL. */
  ratio: number;
  /** SQL statements the inventory subgraph ran per lookup (each sample). */
  sqlQueries: number[];
}

export interface BatchBenchResults {
  measuredAt: string;
  samples: number;
  rows: BatchRow[];
  wallSeconds: number;
}

export interface OrchestrationSizeRow {
  size: string;
  ingredients: number;
  runStatus: string;
  totalMs: number;
  steps: { name: string; durationMs: number | null }[];
  /** Subgraph /graphql requests during the run, by subgraph. */
  requests: Record<string, number>;
  /** Requests to inventory, suppliers and recipes: the snapshot's fetches. */
  sourceFetches: number;
  snapshotBytes: number;
}

export interface OrchestrationBenchResults {
  measuredAt: string;
  sizes: OrchestrationSizeRow[];
  batch?: {
    tenants: number;
    size: string;
    concurrency: number;
    /** Jobs completed and failed (a failed job's run may still have been compensated). */
    completed: number;
    failed: number;
    /** How the batch's runs ended. */
    runs?: { completed: number; failed: number; compensated: number };
    /** RATE_LIMITED (HTTP 429) answers the gateway sent during the batch. */
    rateLimited?: number;
    /** The gateway's rate limits during the batch ('off', or production defaults). */
    rateLimits?: string;
    wallSeconds: number;
    tenantsPerMinute: number;
    runMedianMs: number;
    runP95Ms: number;
    memory: ProcessMemory[];
    /** Median stored size of a batch run's snapshot (jsonb, pg_column_size). */
    snapshotStoredMedianBytes?: number;
    /** Redis used_memory before and after the batch (queue, jobs kept for their retention). */
    redisUsedMemoryBytes?: { before: number; after: number };
    /** When the batch measured is smaller than the nightly target (1,000), how the target extrapolates. */
    extrapolatedTo?: { tenants: number; minutes: number };
  };
  notes: string[];
  wallSeconds: number;
}

export interface SimulationBenchResults extends SimulationResult {
  measuredAt: string;
  wallSeconds: number;
}

/** The in-process levain run and the replay through the API of the same bakery (bench/replay/). */
export interface ReplayBenchResults {
  measuredAt: string;
  seed: number;
  size: string;
  days: number;
  startDate: string;
  closedWeekday: string;
  bakery: { name: string; ingredients: number; products: number; suppliers: number; offers: number };
  /** Which stack and bakery the replay ran in. */
  target: string;
  inProcess: PolicyMetrics;
  inProcessDays: DayOutcome[];
  inProcessSeconds: number;
  api: ReplayResult;
  checks: ToleranceCheck[];
  wallSeconds: number;
  /** The machine's 5-minute load average when the replay ended (other work shares the 2 cores). */
  loadAverage: number;
}

/** The gateway refusing one hostile document (bench/hostile.ts). */
export interface HostileRow {
  document: string;
  /** `shipped`, or `text cap raised` (MAX_QUERY_LENGTH 2,000,000: the parser's token cap refuses). */
  gateway: string;
  bytes: number;
  status: number;
  code: string;
  /** Gateway process CPU time per request, in ms (/proc, 10 ms ticks ÷ repeats). */
  cpuMsPerRequest: number;
}

export interface HostileBenchResults {
  measuredAt: string;
  repeat: number;
  targetMs: number;
  rows: HostileRow[];
}

export type ResultsPart = 'gateway' | 'gateway-ablation' | 'hostile' | 'batch' | 'orchestration' | 'engine' | 'simulation' | 'replay' | 'run';

export function saveResults(part: ResultsPart, results: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(new URL(`${part}.json`, RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
}

export function loadResults<T>(part: ResultsPart): T | undefined {
  const file = new URL(`${part}.json`, RESULTS_DIR);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}
