/**
 * Gateway vs peers: the same four subgraphs and the same supergraph served by Levain's gateway,
 * a stock `@apollo/gateway`, Hive Gateway (JavaScript and Rust query planners) and Grafbase, each
 * in its own process, loaded by autocannon from another process on 127.0.0.1; for the one-subgraph
 * `ingredientsByIds`, also the inventory subgraph called directly, as the bound. Besides req/s:
 * each gateway's CPU per request, its RSS sampled during the load, and the subgraph fetches of one
 * request (bench/peers.ts compares Levain with the strongest peers, issue 16).
 *
 *   npm run bench:gateway -- [--duration 4] [--rounds 4] [--connections 50] [--tenants 4] [--plan-tenants 4]
 *                            [--only levain,hive,…] [--workloads dashboard,plan,byIds500] [--mixes varied,identical]
 *                            [--ablation]
 *
 * Gateways marked `optIn` (the shipped gateway started otherwise: without tsx, other V8 heap sizes)
 * run only when `--only` names them.
 *
 * `--ablation` measures instead Levain's gateway with each of its optimisations turned off in
 * turn (every workload, varied), saved apart (bench/results/gateway-ablation.json).
 *
 * Workloads: the dashboard query (ingredients with stock, offers with suppliers, recipes using
 * them: three subgraphs, two entity hops), the plan query (the latest procurement plan of
 * an S-size bakery, lines resolving ingredients and suppliers), and `ingredientsByIds` with 500 ids.
 *
 * Two request mixes. `varied` (the headline): every request carries its own user's token and,
 * where the workload has any, its own variables (page cursor, id set), so no two requests in
 * flight are the same and no deduplication can answer one from another. `identical`: one
 * request repeated, which in-flight deduplication flatters. Gateways that deduplicate run both
 * with it (their default) and without it.
 *
 * Each round runs every gateway once per workload, back to back, in a rotated order; the table
 * reports the median over rounds, and each ratio is the median of the per-round ratios.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dateIn } from '../platform/time-zones.ts';
import { startBenchProcess, type BenchProcess } from './support/child-process.ts';
import { authorizationFor, createBenchDatabase, ingredientIdsOf, type BenchTenant } from './support/fixture.ts';
import { gatewayCall, runPipelineDirectly } from './support/pipeline.ts';
import { saveResults, type GatewayBenchResults, type GatewayCell, type ProcessMemory } from './support/results.ts';
import { benchTempDir, startGatewayProcess, startSubgraphProcesses, writeSupergraph, type GatewayKind, type SubgraphProcesses } from './support/stack.ts';
import { median } from './support/stats.ts';
import { BY_IDS, canonical, DASHBOARD, PLAN } from './support/workloads.ts';
import type { LoadResult } from './processes/load.ts';
import { createRandom } from '../platform/random.ts';

export type WorkloadName = 'dashboard' | 'plan' | 'byIds500';
export type RequestMix = 'varied' | 'identical';

interface LoadRequest {
  body: string;
  authorization: string;
}

interface GatewayUnderTest {
  label: string;
  /** `direct`: no gateway, the load sent straight to the inventory subgraph (the bound for one-subgraph queries). */
  kind: GatewayKind | 'direct';
  /** bench/processes/gateway.ts flags. */
  flags: string[];
  /** Extra environment of the gateway's process (NODE_OPTIONS for V8 flags). */
  env?: Record<string, string>;
  /** Node.js flags of the gateway's process instead of tsx's loader (bench/support/child-process.ts). */
  execArgv?: string[];
  /** Measured only when named in `--only` (A/B variants of how the shipped gateway is started). */
  optIn?: boolean;
  mixes: RequestMix[];
  /** Only these workloads (default all). */
  workloads?: WorkloadName[];
}

/**
 * The gateways under test. The `levain − …` entries are Levain's gateway with one optimisation
 * turned off, to measure what each is worth in the same rounds (dedup's worth is `levain (no dedup)`).
 */
const GATEWAYS: GatewayUnderTest[] = [
  { label: 'levain', kind: 'levain', flags: [], mixes: ['varied', 'identical'] },
  { label: 'levain (no dedup)', kind: 'levain', flags: ['--no-dedup'], mixes: ['varied'] },
  { label: 'hive', kind: 'hive', flags: [], mixes: ['varied', 'identical'] },
  { label: 'hive (no dedup)', kind: 'hive', flags: ['--no-dedup'], mixes: ['varied'] },
  { label: 'stock', kind: 'stock', flags: [], mixes: ['varied', 'identical'] },
  { label: 'hive-rust', kind: 'hive-rust', flags: [], mixes: ['varied'] },
  { label: 'grafbase', kind: 'grafbase', flags: [], mixes: ['varied'] },
  { label: 'subgraph (direct)', kind: 'direct', flags: [], mixes: ['varied'], workloads: ['byIds500'] },
  // Started otherwise than as shipped (tsx's loader, V8's default heap sizes); `--only levain,levain (…)` to compare.
  { label: 'levain (no tsx)', kind: 'levain', flags: [], mixes: ['varied'], optIn: true, execArgv: ['--experimental-transform-types', '--no-warnings'] },
  { label: 'levain (semi-space 8 MiB)', kind: 'levain', flags: [], mixes: ['varied'], optIn: true, env: { NODE_OPTIONS: '--max-semi-space-size=8' } },
  { label: 'levain (heap 128 MiB)', kind: 'levain', flags: [], mixes: ['varied'], optIn: true, env: { NODE_OPTIONS: '--max-semi-space-size=8 --max-old-space-size=128' } },
  { label: 'levain (heap 192 MiB)', kind: 'levain', flags: [], mixes: ['varied'], optIn: true, env: { NODE_OPTIONS: '--max-semi-space-size=8 --max-old-space-size=192' } },
  { label: 'levain (semi-space 64 MiB)', kind: 'levain', flags: [], mixes: ['varied'], optIn: true, env: { NODE_OPTIONS: '--max-semi-space-size=64' } },
];

/** `--ablation`: Levain with each optimisation off in turn, same rounds (results in gateway-ablation.json). */
const ABLATION: GatewayUnderTest[] = [
  { label: 'levain', kind: 'levain', flags: [], mixes: ['varied'] },
  { label: 'levain − deduplication', kind: 'levain', flags: ['--no-dedup'], mixes: ['varied'] },
  { label: 'levain − keep-alive fetcher', kind: 'levain', flags: ['--no-keepalive'], mixes: ['varied'] },
  { label: 'levain − compact JSON', kind: 'levain', flags: ['--pretty-json'], mixes: ['varied'] },
  { label: 'levain − plan route', kind: 'levain', flags: ['--no-plan-route'], mixes: ['varied'] },
  { label: 'levain − all four', kind: 'levain', flags: ['--no-dedup', '--no-keepalive', '--pretty-json', '--no-plan-route'], mixes: ['varied'] },
];

/** Workloads whose `identical` mix is measured (the id-set workload is only measured varied). */
const IDENTICAL_WORKLOADS: WorkloadName[] = ['dashboard', 'plan'];

/**
 * Run length per workload, as a multiple of `--duration`: 500 rows per request take the single
 * inventory process long enough that 50 connections wait seconds for an answer, and a run must
 * be several latencies long to count completions fairly.
 */
const DURATION_FACTOR: Record<WorkloadName, number> = { dashboard: 1, plan: 1, byIds500: 1.5 };

/**
 * Waits until the gateway and the subgraphs have finished the requests still in flight when the
 * load stopped (their CPU stays under a tenth of a core for 300 ms, at most 8 s), so that one
 * run's tail never slows the next run down, and its work is counted with the run that caused it.
 */
async function drain(cpuSeconds: () => number): Promise<void> {
  const deadline = Date.now() + 8_000;
  let last = cpuSeconds();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = cpuSeconds();
    if (now - last < 0.03) return;
    last = now;
  }
}

const VARIED_REQUESTS = 256;

export interface GatewayBenchOptions {
  durationSeconds: number;
  rounds: number;
  connections: number;
  /** M-size tenants beside the demo bakery (dashboard query). */
  tenants: number;
  /** S-size tenants beside the demo bakery, whose procurement plans the plan query reads. */
  planTenants: number;
  /** Only these gateway labels (default all). */
  only?: string[];
  /** Only these workloads (default all). */
  workloads?: WorkloadName[];
  /** Only these request mixes (default both). */
  mixes?: RequestMix[];
  /** Measure Levain's optimisations one by one instead of the peers. */
  ablation?: boolean;
  log: (line: string) => void;
}

function shuffleWith(seed: number) {
  return createRandom(seed).next;
}

/** Every page cursor of a tenant's ingredient list at 20 per page (null = the first page). */
async function pageCursors(url: string, authorization: string): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  let after: string | null = null;
  for (;;) {
    const page: { ingredients: { pageInfo: { hasNextPage: boolean; endCursor: string } } } = await gatewayCall(
      url,
      authorization,
      `query($after: String) { ingredients(first: 20, after: $after) { pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    if (!page.ingredients.pageInfo.hasNextPage) return cursors;
    after = page.ingredients.pageInfo.endCursor;
    cursors.push(after);
  }
}

async function buildWorkloads(
  url: string,
  tenants: BenchTenant[],
  planTenants: BenchTenant[],
  catalogueIds: string[],
  catalogueTenantId: string,
): Promise<Record<WorkloadName, Record<RequestMix, LoadRequest[]>>> {
  const random = shuffleWith(20261207);
  const viewer = (tenant: BenchTenant, user: number) => authorizationFor(tenant.tenantId, ['VIEWER'], `bench-viewer-${user}`);
  const cursors = await Promise.all(tenants.map(async (tenant) => pageCursors(url, await viewer(tenant, 0))));
  const dashboard: LoadRequest[] = [];
  const plan: LoadRequest[] = [];
  const byIds: LoadRequest[] = [];
  for (let index = 0; index < VARIED_REQUESTS; index++) {
    const tenantIndex = index % tenants.length;
    const authorization = await viewer(tenants[tenantIndex], index);
    const tenantCursors = cursors[tenantIndex];
    const after = tenantCursors[Math.floor(random() * tenantCursors.length)];
    dashboard.push({ authorization, body: JSON.stringify({ query: DASHBOARD, variables: { after } }) });
    plan.push({ authorization: await viewer(planTenants[index % planTenants.length], index), body: JSON.stringify({ query: PLAN }) });
    const ids = [...catalogueIds];
    for (let k = 0; k < 500; k++) {
      const pick = k + Math.floor(random() * (ids.length - k));
      [ids[k], ids[pick]] = [ids[pick], ids[k]];
    }
    byIds.push({
      authorization: await authorizationFor(catalogueTenantId, ['VIEWER'], `bench-viewer-${index}`),
      body: JSON.stringify({ query: BY_IDS, variables: { ids: ids.slice(0, 500) } }),
    });
  }
  return {
    dashboard: { varied: dashboard, identical: [dashboard[0]] },
    plan: { varied: plan, identical: [plan[0]] },
    byIds500: { varied: byIds, identical: [byIds[0]] },
  };
}

/** What the load is sent to: a gateway's process, or the inventory subgraph called directly. */
interface LoadTarget {
  url: string;
  /** Only these workloads (default all). */
  workloads?: WorkloadName[];
  /** CPU seconds of the gateway (0 for the subgraph called directly: there is none). */
  cpuSeconds(): number;
  /** The gateway's resident set size now, in bytes (NaN with no gateway). */
  rssBytes(): number;
}

const serves = (target: { workloads?: WorkloadName[] }, workload: WorkloadName) => !target.workloads || target.workloads.includes(workload);

/**
 * Sends a few requests of each workload to every target, one at a time: each must answer without
 * errors, the same data. Returns the subgraph requests each made per request (median, by
 * `<label>/<workload>`): the plan's fetches, which a load run's count blurs (a gateway that drops
 * the work of a request whose client left fetches less for the requests cut off at the run's end).
 */
async function checkSameAnswers(
  targets: Map<string, LoadTarget>,
  workloads: Record<WorkloadName, Record<RequestMix, LoadRequest[]>>,
  subgraphs: SubgraphProcesses,
): Promise<Map<string, number>> {
  const fetches = new Map<string, number[]>();
  for (const [workload, mixes] of Object.entries(workloads) as [WorkloadName, Record<RequestMix, LoadRequest[]>][]) {
    for (const request of mixes.varied.slice(0, 6)) {
      let expected: string | undefined;
      for (const [label, target] of targets) {
        if (!serves(target, workload)) continue;
        await subgraphs.reset();
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: request.authorization },
          body: request.body,
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
        if (response.status !== 200 || body.errors?.length || !body.data) {
          throw new Error(`${label} answered ${workload} with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
        }
        const counts = await subgraphs.counts();
        const key = `${label}/${workload}`;
        fetches.set(key, [...(fetches.get(key) ?? []), Object.values(counts).reduce((sum, count) => sum + count.requests, 0)]);
        const answer = canonical(body.data);
        if (expected === undefined) expected = answer;
        else if (answer !== expected) throw new Error(`${label} answered ${workload} differently from the first gateway`);
      }
    }
  }
  return new Map([...fetches].map(([key, counts]) => [key, median(counts)]));
}

/**
 * Samples a target's RSS every 100 ms from now until `stop()`, which returns the highest sample
 * (NaN with no gateway): the gateway's memory under load, whatever it was at start or is at the end.
 */
function sampleRss(target: LoadTarget): { stop(): number } {
  let peak = target.rssBytes();
  const timer = setInterval(() => (peak = Math.max(peak, target.rssBytes())), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, target.rssBytes());
    },
  };
}

/** Runs the gateway benchmark; returns its results (also saved to bench/results/gateway.json). */
export async function benchGateways(options: GatewayBenchOptions): Promise<GatewayBenchResults> {
  const { log } = options;
  const started = performance.now();
  log(`gateway: seeding a fresh database (demo + ${options.tenants} M + ${options.planTenants} S tenants + catalogue)…`);
  const database = await createBenchDatabase({ tenants: { M: options.tenants, S: options.planTenants }, catalogue: true });
  const dir = benchTempDir();
  const children: { stop(): Promise<void> }[] = [];
  try {
    const subgraphs = await startSubgraphProcesses(database.url);
    children.push(subgraphs);
    const supergraphFile = writeSupergraph(dir, subgraphs.urls);
    const gateways = new Map<string, BenchProcess>();
    const targets = new Map<string, LoadTarget>();
    const selected = (options.ablation ? ABLATION : GATEWAYS).filter((gateway) => (options.only ? options.only.includes(gateway.label) : !gateway.optIn));
    for (const gateway of selected) {
      if (gateway.kind === 'direct') {
        targets.set(gateway.label, { url: subgraphs.urls.inventory, workloads: gateway.workloads, cpuSeconds: () => 0, rssBytes: () => Number.NaN });
        continue;
      }
      const child = await startGatewayProcess(gateway.label, gateway.kind, { databaseUrl: database.url, supergraphFile, urls: subgraphs.urls, flags: gateway.flags, env: gateway.env, execArgv: gateway.execArgv });
      children.push(child);
      gateways.set(gateway.label, child);
      targets.set(gateway.label, { url: child.ready.url!, workloads: gateway.workloads, cpuSeconds: () => child.cpuSeconds(), rssBytes: () => child.rssBytes() });
    }
    const levainUrl = [...gateways.values()][0].ready.url!;
    const tenants = [database.demo, ...database.synthetic.M];
    const planTenants = [database.demo, ...database.synthetic.S];
    log(`gateway: ${gateways.size} gateways up; making a procurement plan for each of ${planTenants.length} tenants…`);
    const planLines: number[] = [];
    for (const tenant of planTenants) {
      const planDate = dateIn('UTC');
      const plan = await runPipelineDirectly(levainUrl, await authorizationFor(tenant.tenantId, ['SERVICE'], 'bench-worker'), planDate, `bench:${planDate}`);
      planLines.push(plan.lines);
    }
    log(`gateway: plans of ${planLines.join(', ')} lines`);
    const catalogueIds = await ingredientIdsOf(database.db, database.catalogue!.tenantId);
    const workloads = await buildWorkloads(levainUrl, tenants, planTenants, catalogueIds, database.catalogue!.tenantId);
    const fetchesAlone = await checkSameAnswers(targets, workloads, subgraphs);
    log('gateway: every gateway gives the same answers; loading…');

    const files = new Map<string, string>();
    for (const [workload, mixes] of Object.entries(workloads)) {
      for (const [mix, requests] of Object.entries(mixes)) {
        const file = join(dir, `${workload}-${mix}.json`);
        writeFileSync(file, JSON.stringify(requests));
        files.set(`${workload}/${mix}`, file);
      }
    }
    const load = await startBenchProcess('load', new URL('./processes/load.ts', import.meta.url));
    children.push(load);
    const run = async (label: string, workload: WorkloadName, mix: RequestMix, durationSeconds: number) => {
      const reply = await load.ask<{ result: LoadResult }>({
        type: 'run',
        url: targets.get(label)!.url,
        requestsFile: files.get(`${workload}/${mix}`),
        connections: options.connections,
        durationSeconds,
      });
      return reply.result;
    };

    const cells: GatewayCell[] = [];
    const workloadNames = (Object.keys(workloads) as WorkloadName[]).filter(
      (name) => !options.workloads || options.workloads.includes(name),
    );
    for (const workload of workloadNames) {
      const entries = selected
        .filter((gateway) => serves(gateway, workload))
        .flatMap((gateway) => gateway.mixes
            .filter((mix) => mix === 'varied' || IDENTICAL_WORKLOADS.includes(workload))
            .filter((mix) => !options.mixes || options.mixes.includes(mix)).map((mix) => ({ label: gateway.label, mix })));
      // Warm-up: the subgraphs and Postgres first (through the last gateway), then every gateway (JIT, pools, plan caches).
      const subgraphChildren = Object.values(subgraphs.processes);
      const subgraphSeconds = () => subgraphChildren.reduce((sum, child) => sum + child.cpuSeconds(), 0);
      const everything = () => [...gateways.values()].reduce((sum, child) => sum + child.cpuSeconds(), 0) + subgraphSeconds();
      await run(entries.at(-1)!.label, workload, 'varied', 4);
      for (const entry of entries) await run(entry.label, workload, entry.mix, 1.5);
      await drain(everything);
      const runs = new Map<string, LoadResult[]>(entries.map((entry) => [`${entry.label}/${entry.mix}`, []]));
      const fetches = new Map<string, number[]>(entries.map((entry) => [`${entry.label}/${entry.mix}`, []]));
      const gatewayCpu = new Map<string, number[]>(entries.map((entry) => [`${entry.label}/${entry.mix}`, []]));
      const peakRss = new Map<string, number>();
      const subgraphCpu = new Map<string, number[]>(entries.map((entry) => [`${entry.label}/${entry.mix}`, []]));
      for (let round = 0; round < options.rounds; round++) {
        const order = entries.map((_, index) => entries[(index + round) % entries.length]);
        for (const entry of order) {
          await subgraphs.reset();
          const gateway = targets.get(entry.label)!;
          const cpuBefore = { gateway: gateway.cpuSeconds(), subgraphs: subgraphSeconds() };
          const rss = sampleRss(gateway);
          const result = await run(entry.label, workload, entry.mix, options.durationSeconds * DURATION_FACTOR[workload]);
          await drain(() => gateway.cpuSeconds() + subgraphSeconds());
          peakRss.set(`${entry.label}/${entry.mix}`, Math.max(peakRss.get(`${entry.label}/${entry.mix}`) ?? 0, rss.stop()));
          const cpuAfter = { gateway: gateway.cpuSeconds(), subgraphs: subgraphSeconds() };
          const counts = await subgraphs.counts();
          const subgraphRequests = Object.values(counts).reduce((sum, count) => sum + count.requests, 0);
          runs.get(`${entry.label}/${entry.mix}`)!.push(result);
          // Per request sent: the drained tail's fetches and CPU belong to requests sent but not counted as answered.
          const sent = result.sent || Number.NaN;
          fetches.get(`${entry.label}/${entry.mix}`)!.push(subgraphRequests / sent);
          gatewayCpu.get(`${entry.label}/${entry.mix}`)!.push(((cpuAfter.gateway - cpuBefore.gateway) * 1000) / sent);
          subgraphCpu.get(`${entry.label}/${entry.mix}`)!.push(((cpuAfter.subgraphs - cpuBefore.subgraphs) * 1000) / sent);
          log(
            `gateway: ${workload} ${entry.mix} round ${round + 1} ${entry.label.padEnd(18)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms` +
              (result.non2xx || result.errors || result.timeouts ? `  non-2xx ${result.non2xx} errors ${result.errors} timeouts ${result.timeouts}` : ''),
          );
        }
      }
      for (const entry of entries) {
        const key = `${entry.label}/${entry.mix}`;
        cells.push({
          workload,
          mix: entry.mix,
          gateway: entry.label,
          runs: runs.get(key)!,
          subgraphFetchesPerRequest: median(fetches.get(key)!),
          subgraphFetchesAlone: fetchesAlone.get(`${entry.label}/${workload}`),
          gatewayCpuMsPerRequest: median(gatewayCpu.get(key)!),
          subgraphCpuMsPerRequest: median(subgraphCpu.get(key)!),
          gatewayPeakRssBytes: peakRss.get(key),
          gatewayEndRssBytes: targets.get(entry.label)!.rssBytes(),
        });
      }
    }
    const memory: ProcessMemory[] = [];
    for (const [label, child] of gateways) {
      const { usage } = await child.ask<{ usage?: NodeJS.MemoryUsage }>({ type: 'memory' });
      const { anonBytes, fileBytes } = child.rssKinds();
      memory.push({ process: `gateway: ${label}`, rssBytes: child.rssBytes(), peakRssBytes: child.peakRssBytes(), anonBytes, fileBytes, heapTotalBytes: usage?.heapTotal, externalBytes: usage?.external });
    }
    for (const [name, child] of Object.entries(subgraphs.processes)) {
      memory.push({ process: `subgraph: ${name}`, rssBytes: child.rssBytes(), peakRssBytes: child.peakRssBytes() });
    }
    const results: GatewayBenchResults = {
      measuredAt: new Date().toISOString(),
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
      connections: options.connections,
      tenants: tenants.length,
      planTenants: planTenants.length,
      planLines,
      variedRequests: VARIED_REQUESTS,
      cells,
      memory,
      wallSeconds: (performance.now() - started) / 1000,
    };
    saveResults(options.ablation ? 'gateway-ablation' : 'gateway', results);
    return results;
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
    await database.drop();
  }
}

export function parseGatewayOptions(argv: string[]): Omit<GatewayBenchOptions, 'log'> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '4' },
      connections: { type: 'string', default: '50' },
      tenants: { type: 'string', default: '4' },
      'plan-tenants': { type: 'string', default: '4' },
      only: { type: 'string' },
      workloads: { type: 'string' },
      mixes: { type: 'string' },
      ablation: { type: 'boolean', default: false },
    },
    strict: false,
  });
  return {
    durationSeconds: Number(values.duration),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    tenants: Number(values.tenants),
    planTenants: Number(values['plan-tenants']),
    only: typeof values.only === 'string' ? values.only.split(',') : undefined,
    workloads: typeof values.workloads === 'string' ? (values.workloads.split(',') as WorkloadName[]) : undefined,
    mixes: typeof values.mixes === 'string' ? (values.mixes.split(',') as RequestMix[]) : undefined,
    ablation: Boolean(values.ablation),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderBenchmarks } = await import('./report.ts');
  await benchGateways({ ...parseGatewayOptions(process.argv.slice(2)), log: (line) => console.log(line) });
  renderBenchmarks();
  process.exit(0);
}
