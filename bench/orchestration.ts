/**
 * Orchestration: one nightly run for a tenant of each size (S, M, L), step by step, counting the
 * requests each subgraph serves during it; then a nightly batch of M-size tenants through one
 * worker at WORKER_CONCURRENCY (default 4, or `--concurrency N`).
 *
 *   npm run bench:orchestration -- [--batch 200] [--concurrency 4] [--no-sizes] [--no-rate-limits]
 *                                                                   (about 2.5 min here)
 *
 * Everything is real: four subgraph processes, Levain's gateway process and the worker process
 * (jobs/worker.ts) on Redis with a fresh queue prefix, a fresh database. Jobs are the ones a
 * tenant's scheduler makes (`{ trigger: 'SCHEDULED', tenantId }`), added all at once as at a
 * shared 05:30. The batch is 200 bakeries by default (seeded in ~40 s here); one smaller than the
 * 1,000 of issue 16's target is reported with 1,000 extrapolated from its rate, and labelled so.
 *
 * At production settings unless `--no-rate-limits`: the gateway's per-address and per-bakery rate
 * limits at their defaults (RATE_LIMIT_PER_ADDRESS, RATE_LIMIT_PER_TENANT), counted in Redis; the
 * worker's per-bakery caps at theirs (WORKER_CONCURRENCY_PER_TENANT, MAX_OPEN_RUNS_PER_TENANT).
 * The batch reports the RATE_LIMITED answers the gateway sent (its HTTP 429s, read from /metrics)
 * and the runs that ended FAILED or COMPENSATED.
 *
 * Every run here uses the shipped defaults: the L snapshot (~1.6 MB of JSON) is one page per
 * list and one recordSnapshot under the pipeline's own body limit (MAX_SERVICE_BODY_BYTES).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config.ts';
import { ORCHESTRATE_JOB, orchestrationJobOptions } from '../jobs/queues.ts';
import type { BenchProcess } from './support/child-process.ts';
import { authorizationFor, createBenchDatabase, type BenchDatabase, type BenchTenant } from './support/fixture.ts';
import { OrchestrationSnapshotDocument } from '../jobs/orchestration/generated/operations.ts';
import { SNAPSHOT_PAGE_SIZE } from '../jobs/orchestration/operations.ts';
import { gatewayCall } from './support/pipeline.ts';
import { saveResults, type OrchestrationBenchResults, type OrchestrationSizeRow, type ProcessMemory } from './support/results.ts';
import { BENCH_REDIS_URL, serviceEnv, startBenchServices, type BenchServices, type BenchServicesOptions } from './support/stack.ts';
import { median } from './support/stats.ts';

/** Redis `used_memory` in bytes (redis-cli on 127.0.0.1), or NaN when it cannot be read. */
function redisUsedMemory(): number {
  try {
    const info = execFileSync('redis-cli', ['-u', BENCH_REDIS_URL, 'info', 'memory'], { encoding: 'utf8', timeout: 5000 });
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** Bakeries of issue 16's nightly target (1,000 M-size in under 3 minutes); a smaller batch is extrapolated to it. */
const NIGHTLY_TARGET = 1_000;

export interface OrchestrationBenchOptions {
  /** M-size tenants in the nightly batch (0 = no batch). */
  batch: number;
  /** Run one tenant of each size first. */
  sizes: boolean;
  /** The worker's WORKER_CONCURRENCY (undefined: its default). */
  concurrency?: number;
  /** The gateway's rate limits at their production defaults, on Redis (false: off). */
  rateLimits: boolean;
  log: (line: string) => void;
}

const RUNS = `query { orchestrationRuns(first: 5) { edges { node { id status durationMs error failedStep steps { name status durationMs attempts } } } } }`;

type SnapshotAnswer = Record<string, { pageInfo: { hasNextPage: boolean }; edges: { node: unknown }[] }>;

/** HTTP 429 answers (RATE_LIMITED, the only code sent with it) the gateway has sent since it started. */
async function rateLimitedAnswers(services: BenchServices): Promise<number> {
  const response = await fetch(new URL('/metrics', services.gateway.ready.url!), { headers: { authorization: `Bearer ${services.metricsToken}` } });
  if (!response.ok) throw new Error(`the gateway's /metrics answered HTTP ${response.status}`);
  let total = 0;
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith('levain_http_responses_total{') && line.includes('status="429"')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Bytes of the recordSnapshot variables for a tenant: its snapshot as the worker sends it. */
async function snapshotBytes(url: string, tenant: BenchTenant): Promise<number> {
  const answer = await gatewayCall<SnapshotAnswer>(url, await authorizationFor(tenant.tenantId, ['SERVICE']), OrchestrationSnapshotDocument.toString(), {
    first: SNAPSHOT_PAGE_SIZE,
  });
  const lists = Object.entries(answer).map(([list, connection]) => {
    if (connection.pageInfo.hasNextPage) throw new Error(`tenant ${tenant.slug} has more ${list} than one snapshot page`);
    return [list, connection.edges.map((edge) => edge.node)];
  });
  return Buffer.byteLength(JSON.stringify({ runId: '00000000-0000-0000-0000-000000000000', snapshot: { takenAt: new Date().toISOString(), ...Object.fromEntries(lists) } }));
}

/**
 * Adds a scheduled job per tenant and waits until every one has finished (completed or failed),
 * or, with `runsFinal`, until the tenants' runs are final (a failed job may still be retried later).
 */
async function runJobs(services: BenchServices, tenants: BenchTenant[], timeoutMs: number, runsFinal?: () => Promise<boolean>) {
  const config = loadConfig(serviceEnv('postgres://unused'), { exitOnError: false });
  const before = await services.queues.queue.getJobCounts('completed', 'failed');
  await services.queues.queue.addBulk(
    tenants.map((tenant) => ({ name: ORCHESTRATE_JOB, data: { trigger: 'SCHEDULED' as const, tenantId: tenant.tenantId }, opts: orchestrationJobOptions(config) })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (runsFinal && (await runsFinal())) return { completed: 0, failed: 0 };
    const counts = await services.queues.queue.getJobCounts('completed', 'failed');
    const done = counts.completed - before.completed + counts.failed - before.failed;
    if (done >= tenants.length) return { completed: counts.completed - before.completed, failed: counts.failed - before.failed };
    if (Date.now() > deadline) throw new Error(`only ${done} of ${tenants.length} orchestration jobs finished within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface RunRecord {
  id: string;
  status: string;
  durationMs: number | null;
  error: string | null;
  failedStep: string | null;
  steps: { name: string; status: string; durationMs: number | null; attempts: number }[];
}

async function latestRun(url: string, tenant: BenchTenant): Promise<RunRecord> {
  const data = await gatewayCall<{ orchestrationRuns: { edges: { node: RunRecord }[] } }>(url, await authorizationFor(tenant.tenantId, ['VIEWER']), RUNS);
  const run = data.orchestrationRuns.edges[0]?.node;
  if (!run) throw new Error(`tenant ${tenant.slug} has no run`);
  return run;
}

async function oneRunPerSize(
  services: BenchServices,
  database: BenchDatabase,
  tenants: Record<string, BenchTenant>,
  counts: Record<string, number>,
  log: (line: string) => void,
) {
  const rows: OrchestrationSizeRow[] = [];
  for (const [size, tenant] of Object.entries(tenants)) {
    const bytes = await snapshotBytes(services.gateway.ready.url!, tenant);
    await services.subgraphs.reset();
    const started = performance.now();
    const runFinal = async () =>
      Boolean(await database.db('planning.orchestration_runs').where({ tenant_id: tenant.tenantId }).whereIn('status', ['COMPLETED', 'FAILED', 'COMPENSATED']).first('id'));
    await runJobs(services, [tenant], 300_000, runFinal);
    const totalMs = performance.now() - started;
    const requests = Object.fromEntries(Object.entries(await services.subgraphs.counts()).map(([name, count]) => [name, count.requests]));
    const run = await latestRun(services.gateway.ready.url!, tenant);
    const sourceFetches = requests.inventory + requests.suppliers + requests.recipes;
    rows.push({
      size,
      ingredients: counts[size],
      runStatus: run.status + (run.error ? ` (${run.failedStep}: ${run.error.slice(0, 120)})` : ''),
      totalMs: run.durationMs ?? totalMs,
      steps: run.steps.map((step) => ({ name: step.name, durationMs: step.durationMs })),
      requests,
      sourceFetches,
      snapshotBytes: bytes,
    });
    log(`orchestration: ${size} run ${run.status} in ${Math.round(run.durationMs ?? totalMs)} ms; source fetches ${sourceFetches}; requests ${JSON.stringify(requests)}; snapshot ${Math.round(bytes / 1024)} KiB`);
  }
  return rows;
}

export async function benchOrchestration(options: OrchestrationBenchOptions): Promise<OrchestrationBenchResults> {
  const { log } = options;
  const started = performance.now();
  const notes: string[] = [];
  log(`orchestration: seeding a fresh database (one S, one M, one L tenant${options.batch ? ` and ${options.batch} M tenants for the batch` : ''})…`);
  const seedStarted = performance.now();
  const database = await createBenchDatabase({
    tenants: { S: options.sizes ? 1 : 0, M: options.batch + (options.sizes ? 1 : 0), L: options.sizes ? 1 : 0 },
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  log(`orchestration: seeded in ${seedSeconds.toFixed(0)} s`);
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const serviceOptions: BenchServicesOptions = {
    rateLimits: options.rateLimits,
    workerEnv: options.concurrency ? { WORKER_CONCURRENCY: String(options.concurrency) } : {},
  };
  let sizes: OrchestrationSizeRow[] = [];
  let batch: OrchestrationBenchResults['batch'];
  try {
    const batchTenants = database.synthetic.M.slice(options.sizes ? 1 : 0);
    if (options.sizes) {
      const single = { S: database.synthetic.S[0], M: database.synthetic.M[0], L: database.synthetic.L[0] };
      const ingredientCounts = { S: 50, M: 400, L: 2000 };
      const services = await startBenchServices(database.url, `${prefix}_sizes`, serviceOptions);
      try {
        sizes = await oneRunPerSize(services, database, single, ingredientCounts, log);
      } finally {
        await services.stop();
      }
    }
    if (options.batch > 0) {
      const services = await startBenchServices(database.url, `${prefix}_batch`, serviceOptions);
      try {
        const processes: BenchProcess[] = [services.gateway, services.worker, ...Object.values(services.subgraphs.processes)];
        const redisBefore = redisUsedMemory();
        const rateLimitedBefore = await rateLimitedAnswers(services);
        const batchStarted = performance.now();
        const result = await runJobs(services, batchTenants, 30 * 60_000);
        const wallSeconds = (performance.now() - batchStarted) / 1000;
        const rateLimited = (await rateLimitedAnswers(services)) - rateLimitedBefore;
        const rows = await database.db('planning.orchestration_runs').whereIn('tenant_id', batchTenants.map((tenant) => tenant.tenantId)).select('started_at', 'finished_at', 'status');
        const durations = rows.filter((row) => row.started_at && row.finished_at).map((row) => new Date(row.finished_at).getTime() - new Date(row.started_at).getTime());
        const sorted = [...durations].sort((a, b) => a - b);
        const runsEnded = (status: string) => rows.filter((row) => row.status === status).length;
        const runs = { completed: runsEnded('COMPLETED'), failed: runsEnded('FAILED'), compensated: runsEnded('COMPENSATED') };
        const memory: ProcessMemory[] = processes.map((child) => ({
          process: child.name === 'gateway' || child.name === 'worker' ? child.name : `subgraph: ${child.name}`,
          rssBytes: child.rssBytes(),
          peakRssBytes: child.peakRssBytes(),
        }));
        const tenantsPerMinute = (batchTenants.length / wallSeconds) * 60;
        const stored = await database.db('planning.snapshots as s')
          .join('planning.orchestration_runs as r', 'r.id', 's.run_id')
          .whereIn('r.tenant_id', batchTenants.map((tenant) => tenant.tenantId))
          .select(database.db.raw('pg_column_size(s.data) as bytes'));
        const redisAfter = redisUsedMemory();
        batch = {
          tenants: batchTenants.length,
          size: 'M',
          concurrency: Number((services.worker.ready as { concurrency?: number }).concurrency ?? 4),
          completed: result.completed,
          failed: result.failed,
          runs,
          rateLimited,
          rateLimits: options.rateLimits ? 'production defaults, on Redis' : 'off',
          wallSeconds,
          tenantsPerMinute,
          runMedianMs: median(durations),
          runP95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN,
          memory,
          snapshotStoredMedianBytes: median(stored.map((row: { bytes: number }) => Number(row.bytes))),
          redisUsedMemoryBytes: { before: redisBefore, after: redisAfter },
          ...(batchTenants.length < NIGHTLY_TARGET ? { extrapolatedTo: { tenants: NIGHTLY_TARGET, minutes: NIGHTLY_TARGET / tenantsPerMinute } } : {}),
        };
        log(
          `orchestration: batch of ${batchTenants.length} M bakeries in ${wallSeconds.toFixed(1)} s — ${tenantsPerMinute.toFixed(1)} bakeries/min at concurrency ${batch.concurrency}; ` +
            `rate limits ${batch.rateLimits}; RATE_LIMITED answers ${rateLimited}; runs ${runs.completed} completed, ${runs.failed} failed, ${runs.compensated} compensated; jobs failed ${result.failed}`,
        );
      } finally {
        await services.stop();
      }
      notes.push(`Seeding the benchmark's tenants took ${seedSeconds.toFixed(0)} s (not part of any figure above).`);
    }
    const results: OrchestrationBenchResults = { measuredAt: new Date().toISOString(), sizes, batch, notes, wallSeconds: (performance.now() - started) / 1000 };
    saveResults('orchestration', results);
    return results;
  } finally {
    await database.drop();
  }
}

export function parseOrchestrationOptions(argv: string[]): Omit<OrchestrationBenchOptions, 'log'> {
  const { values } = parseArgs({
    args: argv,
    options: {
      batch: { type: 'string', default: '200' },
      concurrency: { type: 'string' },
      'no-sizes': { type: 'boolean', default: false },
      'no-rate-limits': { type: 'boolean', default: false },
    },
    // bench/run.ts hands every part the whole command line.
    strict: false,
  });
  const batch = Number(values.batch);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (!Number.isInteger(batch) || batch < 0) throw new Error(`--batch takes a whole number of bakeries (0 or more), got ${JSON.stringify(values.batch)}`);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 100)) {
    throw new Error(`--concurrency takes a whole number from 1 to 100 (WORKER_CONCURRENCY), got ${JSON.stringify(values.concurrency)}`);
  }
  return { batch, concurrency, sizes: !values['no-sizes'], rateLimits: !values['no-rate-limits'] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderBenchmarks } = await import('./report.ts');
  await benchOrchestration({ ...parseOrchestrationOptions(process.argv.slice(2)), log: (line) => console.log(line) });
  renderBenchmarks();
  process.exit(0);
}
