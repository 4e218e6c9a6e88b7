import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph } from '../../gateway/supergraph.ts';
import { openOrchestrationQueues, type OrchestrationQueues } from '../../jobs/queues.ts';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startBenchProcess, type BenchProcess } from './child-process.ts';
import { freePorts } from './ports.ts';
import { BENCH_JWT_SECRET } from './fixture.ts';

const SUBGRAPH_SCRIPT = new URL('../processes/subgraph.ts', import.meta.url);
const GATEWAY_SCRIPT = new URL('../processes/gateway.ts', import.meta.url);
const WORKER_SCRIPT = new URL('../processes/worker.ts', import.meta.url);

/** A temporary folder for this benchmark run's files (supergraph, request lists). */
export function benchTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'levain-bench-'));
}

/** The Redis every benchmark process may use (never anything but 127.0.0.1). */
export const BENCH_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Environment every benchmark service process gets: production mode, as deployed (the
 * Dockerfile sets NODE_ENV=production; graphql-js skips its development-only checks then).
 */
export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    REDIS_URL: BENCH_REDIS_URL,
    LOG_LEVEL: 'silent',
    JWT_SECRET: BENCH_JWT_SECRET,
    DATABASE_URL: databaseUrl,
    APOLLO_TELEMETRY_DISABLED: 'true',
    ...extra,
  };
}

export interface SubgraphProcesses {
  processes: Record<SubgraphName, BenchProcess>;
  urls: Record<SubgraphName, string>;
  /** SQL statements and /graphql requests per subgraph since the last reset. */
  counts(): Promise<Record<SubgraphName, { statements: number; requests: number }>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the four subgraphs, each in its own process on a port free at start (`envOf`: extra
 * environment of one). Each knows the others' ports (<NAME>_PORT), as under `npm start`: planning
 * asks recipes for product skus, the others ask planning whether a tenant exists, suppliers and
 * recipes ask inventory for ingredient skus.
 */
export async function startSubgraphProcesses(
  databaseUrl: string,
  env: Record<string, string> = {},
  envOf: Partial<Record<SubgraphName, Record<string, string>>> = {},
): Promise<SubgraphProcesses> {
  const ports = await freePorts(SUBGRAPH_NAMES.length);
  const portEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [`${name.toUpperCase()}_PORT`, String(ports[index])]));
  const started = await Promise.all(
    SUBGRAPH_NAMES.map((name) => startBenchProcess(name, SUBGRAPH_SCRIPT, { args: [name], env: serviceEnv(databaseUrl, { ...portEnv, ...env, ...envOf[name] }) })),
  );
  const processes = Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [name, started[index]])) as Record<SubgraphName, BenchProcess>;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, processes[name].ready.url!])) as Record<SubgraphName, string>;
  return {
    processes,
    urls,
    async counts() {
      const replies = await Promise.all(SUBGRAPH_NAMES.map((name) => processes[name].ask<{ statements: number; requests: number }>({ type: 'counts' })));
      return Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [name, { statements: replies[index].statements, requests: replies[index].requests }])) as Record<
        SubgraphName,
        { statements: number; requests: number }
      >;
    },
    async reset() {
      await Promise.all(SUBGRAPH_NAMES.map((name) => processes[name].ask({ type: 'reset' })));
    },
    async stop() {
      await Promise.all(started.map((child) => child.stop()));
    },
  };
}

export type GatewayKind = 'levain' | 'stock' | 'hive' | 'hive-rust' | 'grafbase';

/** Writes the supergraph composed with the subgraphs' real URLs; every gateway serves this file. */
export function writeSupergraph(dir: string, urls: Record<SubgraphName, string>): string {
  const file = join(dir, 'supergraph.graphql');
  writeFileSync(file, composeSupergraph(urls).supergraphSdl);
  return file;
}

/** Starts one gateway of `kind` in its own process (bench/processes/gateway.ts). */
export function startGatewayProcess(
  label: string,
  kind: GatewayKind,
  options: { databaseUrl: string; supergraphFile: string; urls: Record<SubgraphName, string>; flags?: string[]; env?: Record<string, string>; execArgv?: string[] },
): Promise<BenchProcess> {
  const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, options.urls[name]]));
  return startBenchProcess(label, GATEWAY_SCRIPT, {
    args: [kind, ...(options.flags ?? [])],
    execArgv: options.execArgv,
    env: serviceEnv(options.databaseUrl, { SUPERGRAPH_FILE: options.supergraphFile, ...urlEnv, ...options.env }),
  });
}

/** The whole stack as deployed: four subgraph processes, Levain's gateway, the worker, and a producer connection to its queue. */
export interface BenchServices {
  /** Bearer token of the gateway's `/metrics`. */
  metricsToken: string;
  gateway: BenchProcess;
  worker: BenchProcess;
  subgraphs: SubgraphProcesses;
  queues: OrchestrationQueues;
  /** Stops the worker, empties and closes the queue, then stops the gateway and the subgraphs. */
  stop(): Promise<void>;
}

export interface BenchServicesOptions {
  /**
   * The gateway's rate limits at their production defaults, counted in Redis under a key prefix
   * of this run (default false: off, RATE_LIMIT_* = 0).
   */
  rateLimits?: boolean;
  /** Extra environment of the worker (WORKER_CONCURRENCY…). */
  workerEnv?: Record<string, string>;
}

/**
 * Starts the four subgraphs, Levain's gateway and the orchestration worker, each in its own
 * process, against `databaseUrl`, on Redis with the queue prefix `prefix`.
 */
export async function startBenchServices(databaseUrl: string, prefix: string, options: BenchServicesOptions = {}): Promise<BenchServices> {
  const metricsToken = randomBytes(24).toString('hex');
  const subgraphs = await startSubgraphProcesses(databaseUrl);
  const supergraphFile = writeSupergraph(benchTempDir(), subgraphs.urls);
  const gateway = await startGatewayProcess('gateway', 'levain', {
    databaseUrl,
    supergraphFile,
    urls: subgraphs.urls,
    flags: options.rateLimits ? ['--rate-limits'] : [],
    env: { METRICS_TOKEN: metricsToken, RATE_LIMIT_KEY_PREFIX: `levain:rate-limit:${prefix}` },
  });
  const worker = await startBenchProcess('worker', WORKER_SCRIPT, {
    env: serviceEnv(databaseUrl, { GATEWAY_URL: gateway.ready.url!, QUEUE_PREFIX: prefix, ...options.workerEnv }),
  });
  const config = loadConfig({ ...serviceEnv(databaseUrl), QUEUE_PREFIX: prefix }, { exitOnError: false });
  const queues = openOrchestrationQueues({ config, logger: createLogger('bench', 'silent') });
  return {
    metricsToken,
    gateway,
    worker,
    subgraphs,
    queues,
    async stop() {
      await worker.stop(15_000);
      await queues.queue.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
      await gateway.stop();
      await subgraphs.stop();
    },
  };
}
