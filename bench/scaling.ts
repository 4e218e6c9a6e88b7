/**
 * Renders docs/SCALING.md from the same results as BENCHMARKS.md, so that every measured number
 * in it is one BENCHMARKS.md shows (formatted the same way), and every derived number shows its
 * arithmetic. Called by bench/report.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hasPeers, peerTable, peerTargets } from './peers.ts';
import type { BatchBenchResults, GatewayBenchResults, GatewayCell, OrchestrationBenchResults } from './support/results.ts';
import { fixed, markdownTable, median, mib } from './support/stats.ts';

const SCALING_FILE = new URL('../docs/SCALING.md', import.meta.url);

export interface ScalingInputs {
  gateway?: GatewayBenchResults;
  batch?: BatchBenchResults;
  orchestration?: OrchestrationBenchResults;
  configuration: string[][];
}

/** Request rates and tenant counts the plan is worked for: the question's inputs, not measurements. */
const REQUEST_RATES = [100, 1000, 5000];
const TENANT_COUNTS = [200, 1000, 10000];
/** The nightly window a batch must fit in, in minutes (an input: tenants' local 05:30 spread over time zones widens it). */
const NIGHT_WINDOW_MINUTES = 60;

const rpsOf = (cell: GatewayCell) => median(cell.runs.map((run) => run.requestsPerSecond));

function perProcessSection(gateway: GatewayBenchResults | undefined, orchestration: OrchestrationBenchResults | undefined): string[] {
  const lines = ['## 1. What one process does (measured; BENCHMARKS.md)', ''];
  if (gateway) {
    const cells = gateway.cells.filter((cell) => cell.gateway === 'levain' && cell.mix === 'varied');
    lines.push(
      `Levain's gateway, varied requests, ${gateway.connections} connections, on the 2-core benchmark machine where the gateway, the four`,
      'subgraphs, Postgres and the load generator share the cores ("Gateway vs peers" in BENCHMARKS.md):',
      '',
      markdownTable(
        ['workload', 'req/s', 'gateway CPU ms/req', 'subgraphs CPU ms/req', 'fetches/req'],
        cells.map((cell) => [cell.workload, fixed(rpsOf(cell), 1), fixed(cell.gatewayCpuMsPerRequest, 2), fixed(cell.subgraphCpuMsPerRequest, 2), fixed(cell.subgraphFetchesPerRequest, 2)]),
        ['l'],
      ),
      '',
      'CPU per request is the figure to plan with: req/s on a shared 2-core box says more about the box than about one process.',
      '',
      'Memory after the gateway benchmark ("Memory after the gateway benchmark"):',
      '',
      markdownTable(
        ['process', 'RSS MiB'],
        gateway.memory.filter((entry) => entry.process === 'gateway: levain' || entry.process.startsWith('subgraph:')).map((entry) => [entry.process, mib(entry.rssBytes)]),
        ['l'],
      ),
      '',
    );
  }
  const batch = orchestration?.batch;
  if (batch) {
    lines.push(
      `The orchestration worker at concurrency ${batch.concurrency}, with the gateway and the subgraphs on the same 2 cores ("Nightly batch"):`,
      `${fixed(batch.tenantsPerMinute, 1)} M-size tenants per minute; a run takes ${fixed(batch.runMedianMs, 0)} ms (median), ${fixed(batch.runP95Ms, 0)} ms (p95).`,
      '',
      markdownTable(['process (during the batch)', 'peak RSS MiB'], batch.memory.map((entry) => [entry.process, mib(entry.peakRssBytes)]), ['l']),
      '',
    );
  }
  return lines;
}

function requestSection(gateway: GatewayBenchResults | undefined): string[] {
  if (!gateway) return [];
  const lines = [
    '## 2. Gateway and subgraph processes for M requests/s',
    '',
    'A Node.js process runs JavaScript on one core, so one process serves at most 1,000 ÷ (its CPU ms per request) requests/s',
    'when nothing else runs on its core. Gateway processes = ⌈M × gateway CPU ms/req ÷ 1,000⌉; subgraph cores (the four',
    'together, each scaled by its share of the load) = ⌈M × subgraphs CPU ms/req ÷ 1,000⌉. Keep headroom on top (these are',
    'full cores at 100 %), and Postgres cores beside them. M below is the question\'s input, not a measurement.',
    '',
  ];
  const cells = gateway.cells.filter((cell) => cell.gateway === 'levain' && cell.mix === 'varied');
  const rows: string[][] = [];
  for (const cell of cells) {
    for (const rate of REQUEST_RATES) {
      const gatewayCpu = Number(fixed(cell.gatewayCpuMsPerRequest, 2));
      const subgraphCpu = Number(fixed(cell.subgraphCpuMsPerRequest, 2));
      rows.push([
        cell.workload,
        rate.toLocaleString('en-US'),
        `⌈${rate} × ${fixed(gatewayCpu, 2)} ÷ 1000⌉ = ${Math.ceil((rate * gatewayCpu) / 1000)}`,
        `⌈${rate} × ${fixed(subgraphCpu, 2)} ÷ 1000⌉ = ${Math.ceil((rate * subgraphCpu) / 1000)}`,
      ]);
    }
  }
  lines.push(markdownTable(['workload', 'M req/s', 'gateway processes', 'subgraph cores'], rows, ['l']), '');
  lines.push(
    'Every gateway process is stateless (plans and parsed documents are cached per process), so they scale out behind any',
    'HTTP load balancer; the subgraphs too (per-request DataLoaders, no process state). The gateway also runs as',
    'several processes on one host (one per core) the same way.',
    '',
  );
  return lines;
}

function tenantSection(orchestration: OrchestrationBenchResults | undefined): string[] {
  const batch = orchestration?.batch;
  if (!batch) return [];
  const rate = Number(fixed(batch.tenantsPerMinute, 1));
  const lines = [
    '## 3. Workers (and the stack behind them) for N tenants',
    '',
    `One worker at concurrency ${batch.concurrency} with one gateway and one set of subgraphs on 2 cores completed ${fixed(batch.tenantsPerMinute, 1)} M-size tenants`,
    `per minute. The worker process itself is mostly waiting on the gateway: what limits the rate is the CPU of the gateway and`,
    'the planning subgraph behind it, so add workers together with gateway and planning capacity. Stacks needed to fit N',
    `tenants in a ${NIGHT_WINDOW_MINUTES}-minute night window (an input) = ⌈N ÷ (${fixed(rate, 1)} × ${NIGHT_WINDOW_MINUTES})⌉:`,
    '',
    markdownTable(
      ['N tenants', 'minutes for one stack', 'stacks for the window'],
      TENANT_COUNTS.map((count) => [
        count.toLocaleString('en-US'),
        `${count} ÷ ${fixed(rate, 1)} = ${fixed(count / rate, 1)}`,
        String(Math.ceil(count / (rate * NIGHT_WINDOW_MINUTES))),
      ]),
      ['l'],
    ),
    '',
    "Every tenant's run starts at 05:30 in the tenant's own time zone, so a spread of time zones spreads the load; bakeries in",
    'one time zone all fire at once, and the queue absorbs the burst (jobs wait; none is lost).',
    '',
  ];
  if (batch.extrapolatedTo) {
    lines.push(
      `The benchmark measured ${batch.tenants} tenants, not 200: 200 at the measured rate is ${fixed(batch.extrapolatedTo.minutes, 1)} minutes (extrapolated in BENCHMARKS.md).`,
      '',
    );
  }
  return lines;
}

function storageSection(orchestration: OrchestrationBenchResults | undefined, configuration: string[][]): string[] {
  const setting = (name: string) => configuration.find((row) => row[0].startsWith(name))?.[1] ?? '?';
  const pool = Number(setting('DATABASE_POOL_MAX'));
  const maxConnections = Number(setting('Postgres max_connections'));
  const lines = [
    '## 4. Postgres and Redis',
    '',
    `Connections: each process opens up to DATABASE_POOL_MAX = ${pool} (BENCHMARKS.md, configuration). One set of four subgraph`,
    `processes holds up to 4 × ${pool} = ${4 * pool}; with max_connections = ${maxConnections} here, ⌊${maxConnections} ÷ ${4 * pool}⌋ = ${Math.floor(maxConnections / (4 * pool))} sets fit`,
    '(less the few a migration or a CLI uses). Past that, lower DATABASE_POOL_MAX per process or put PgBouncer (transaction',
    'pooling) in front: connections run out long before Postgres CPU does at the rates above.',
    '',
  ];
  const batch = orchestration?.batch;
  if (batch?.snapshotStoredMedianBytes !== undefined) {
    const kib = Number(fixed(batch.snapshotStoredMedianBytes / 1024, 0));
    lines.push(
      `Storage: an M run stores its snapshot (${fixed(kib, 0)} KiB as jsonb, median) besides forecasts and plans; per night that is N × ${fixed(kib, 0)} KiB`,
      `of snapshots alone — ${TENANT_COUNTS.map((count) => `${count.toLocaleString('en-US')} tenants: ${fixed((count * kib) / 1024, 0)} MiB`).join(', ')} — so old snapshots need a retention job.`,
      '',
    );
  }
  if (batch?.redisUsedMemoryBytes && Number.isFinite(batch.redisUsedMemoryBytes.after)) {
    const perJob = (batch.redisUsedMemoryBytes.after - batch.redisUsedMemoryBytes.before) / batch.tenants;
    lines.push(
      `Redis: used_memory went from ${mib(batch.redisUsedMemoryBytes.before)} to ${mib(batch.redisUsedMemoryBytes.after)} MiB over ${batch.tenants} jobs, about ${fixed(perJob / 1024, 1)} KiB per`,
      'finished job kept; queue memory is jobs kept × that, bounded by the retention in jobs/queues.ts, plus the rate-limit',
      'counters (one key per tenant and per client address per window). A small Redis instance is ample; what',
      'matters is that it is persistent (AOF) so that job schedulers survive a restart.',
      '',
    );
  }
  return lines;
}

function routerSection(gateway: GatewayBenchResults | undefined): string[] {
  const hive = gateway?.cells.filter((cell) => cell.gateway === 'hive' && cell.mix === 'varied') ?? [];
  return [
    '## 5. The same supergraph under Apollo Router or Hive Gateway',
    '',
    '`supergraph.graphql` (written by `npm run compose`, checked by a test) is a standard Federation 2 supergraph; both run it as is:',
    '',
    '- **Apollo Router** (compiled, Rust): `router --supergraph supergraph.graphql --config router.yaml`, with',
    '  `headers: { all: { request: [ { propagate: { named: authorization } } ] } }` so the subgraphs keep receiving the token,',
    '  `authentication.router.jwt` with a JWKS (an `oct` key for the HS256 secret, or the identity provider\'s JWKS), `limits`',
    '  (`max_depth`, `max_aliases`, `max_root_fields`, `http_max_request_bytes`) and `traffic_shaping.all.deduplicate_query: true`.',
    '- **Hive Gateway**: `hive-gateway supergraph supergraph.graphql` with a `gateway.config.ts` holding `propagateHeaders`',
    '  (`fromClientToSubgraphs` → authorization), the JWT plugin, `maxDepth`/`maxTokens` and its rate-limit plugin. Its HTTP',
    '  transport deduplicates identical in-flight subgraph requests by default.',
    '',
    'Either way the subgraphs still verify every token, so security does not rest on the gateway alone. What stays with',
    "Levain's gateway and would need porting (a coprocessor or Rhai script for the Router, a plugin for Hive): the tenant-exists",
    'check, the per-tenant rate limit, the cost model over list arguments and variables, the dashboard and Bull Board routes',
    '(serve those from their own process).',
    '',
    ...(hive.length
      ? [
          'Hive Gateway, measured side by side with Levain on the same subgraphs (BENCHMARKS.md, varied requests):',
          '',
          markdownTable(
            ['workload', 'Hive req/s', 'Hive gateway CPU ms/req'],
            hive.map((cell) => [cell.workload, fixed(rpsOf(cell), 1), fixed(cell.gatewayCpuMsPerRequest, 2)]),
            ['l'],
          ),
          '',
        ]
      : []),
    'A compiled router mostly shrinks the "gateway CPU" column; the "subgraphs CPU" column, which is the larger one in every',
    'workload measured, stays the same.',
    '',
  ];
}

function breaksFirstSection(inputs: ScalingInputs): string[] {
  const lines = ['## 6. What breaks first', ''];
  const cells = inputs.gateway?.cells.filter((cell) => cell.gateway === 'levain' && cell.mix === 'varied') ?? [];
  for (const cell of cells) {
    if (cell.subgraphCpuMsPerRequest > cell.gatewayCpuMsPerRequest) {
      lines.push(
        `- **Subgraph CPU** (${cell.workload}: ${fixed(cell.subgraphCpuMsPerRequest, 2)} ms in the subgraphs vs ${fixed(cell.gatewayCpuMsPerRequest, 2)} ms in the gateway per request): subgraphs need more cores than gateways.`,
      );
    }
  }
  const sizes = inputs.orchestration?.sizes ?? [];
  const large = sizes.find((row) => row.size === 'L');
  if (large) {
    lines.push(
      `- **The snapshot of a large bakery**: ${fixed(large.snapshotBytes / 1024, 0)} KiB of recordSnapshot for an L bakery (2,000 ingredients), in ${large.sourceFetches} source fetches. A bakery past 5,000 of anything (the pipeline's page) needs a second page of that list, one more fetch; a snapshot past MAX_SERVICE_BODY_BYTES (32 MiB by default, ~20× L) fails its run with PAYLOAD_TOO_LARGE.`,
    );
  }
  const thousand = inputs.batch?.rows.find((row) => row.ids === 1000);
  if (thousand) {
    lines.push(
      `- **Large batch lookups**: 1,000 ids cost ${fixed(thousand.gatewayMedianMs, 2)} ms through the gateway vs ${fixed(thousand.sqlMedianMs, 2)} ms of raw SQL (${fixed(thousand.ratio, 2)}×), one SQL query: the time is GraphQL execution and JSON in the inventory subgraph.`,
    );
  }
  lines.push('- **Postgres connections** (section 4), before Postgres CPU.', '');
  return lines;
}

/**
 * The strongest peers measured (issue 16), and where Levain's gateway spends its CPU and memory
 * (bench/profile.md: words from one CPU profile, written by hand, as bench/optimisations.md is).
 */
function peersSection(gateway: GatewayBenchResults | undefined): string[] {
  const lines = ['## 7. The strongest peers: Hive Gateway + Rust planner, Grafbase', ''];
  if (hasPeers(gateway)) {
    lines.push(
      'Measured side by side with Levain on the same subgraphs and supergraph ("Strongest peers" in BENCHMARKS.md, varied',
      "requests; ratios Levain ÷ peer, same run). Grafbase is a native (Rust) gateway; Hive+Rust is Hive Gateway's JavaScript",
      'runtime with a Rust query planner, so it plans in Rust but executes in Node.js, as Levain does.',
      '',
      peerTable(gateway),
      '',
      ...peerTargets(gateway).map((check) => `- ${check.target}: ${check.figure} — ${check.holds ? 'holds' : 'does not hold'}.`),
      '',
    );
  } else {
    lines.push('Not measured yet: `npm run bench:gateway` (gateways `hive-rust`, `grafbase`, `subgraph (direct)`).', '');
  }
  lines.push(readFileSync(new URL('./profile.md', import.meta.url), 'utf8').trim(), '');
  return lines;
}

/** Writes docs/SCALING.md from the benchmark results. */
export function renderScaling(inputs: ScalingInputs): void {
  const sections = [
    '# Scaling Levain, on paper',
    '',
    '_Generated by `npm run bench` (bench/scaling.ts) from the same results as BENCHMARKS.md: every measured number here is',
    'one BENCHMARKS.md shows, and every derived number shows its arithmetic. Request rates, tenant counts and the night window',
    'are the inputs of the questions, not measurements._',
    '',
    ...perProcessSection(inputs.gateway, inputs.orchestration),
    ...requestSection(inputs.gateway),
    ...tenantSection(inputs.orchestration),
    ...storageSection(inputs.orchestration, inputs.configuration),
    ...routerSection(inputs.gateway),
    ...breaksFirstSection(inputs),
    ...peersSection(inputs.gateway),
  ];
  mkdirSync(new URL('./', SCALING_FILE), { recursive: true });
  writeFileSync(SCALING_FILE, `${sections.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`);
}
