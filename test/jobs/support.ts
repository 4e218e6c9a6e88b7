import { randomBytes, randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { seedIds } from '../../db/seeds/seed-ids.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { startGateway } from '../../gateway/server.ts';
import { openOrchestrationQueues, type OrchestrationQueues } from '../../jobs/queues.ts';
import { startOrchestrationWorker, type OrchestrationWorker, type OrchestrationWorkerOptions } from '../../jobs/worker.ts';
import { loadConfig, type Config, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { subgraphRuntime } from '../../subgraphs/subgraph-process.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';

/** Redis of the machine (override with TEST_REDIS_URL). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Log level of the services and workers in these tests (TEST_LOG_LEVEL=debug to see them). */
export const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';

/**
 * The operators' tenant of the jobs stacks' queue board (QUEUE_BOARD_TENANT_IDS): the seeded demo
 * bakery. The board shows every bakery's jobs, so only its ADMIN opens it (issue 12, finding 4).
 */
export const BOARD_OPERATOR_TENANT = seedIds.tenant('demo');

/** A fresh queue namespace: a Redis key prefix, or a Postgres schema for the Postgres backend. */
export const randomQueuePrefix = () => `test_jobs_${randomBytes(5).toString('hex')}`;

/**
 * The environment of one test file's services and workers: Redis (or the Postgres backend), a
 * fresh queue prefix, and retry timings short enough for tests (a gateway call gives up after
 * about 6 s of failures; a job retries after 300 ms; a dead worker's job is picked up after 2 s).
 */
export function jobsEnv(backend: 'redis' | 'postgres', extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...(backend === 'redis' ? { REDIS_URL: TEST_REDIS_URL } : {}),
    QUEUE_PREFIX: randomQueuePrefix(),
    WORKER_CONCURRENCY: '4',
    JOB_ATTEMPTS: '5',
    JOB_BACKOFF_MS: '300',
    JOB_LOCK_DURATION_MS: '2000',
    JOB_STALLED_INTERVAL_MS: '1000',
    GATEWAY_RETRY_ATTEMPTS: '10',
    GATEWAY_RETRY_INITIAL_DELAY_MS: '100',
    GATEWAY_RETRY_MAX_DELAY_MS: '1000',
    GATEWAY_TIMEOUT_MS: '15000',
    GATEWAY_BREAKER_THRESHOLD: '4',
    GATEWAY_BREAKER_HALF_OPEN_MS: '500',
    WEBHOOK_ATTEMPTS: '3',
    WEBHOOK_TIMEOUT_MS: '2000',
    QUEUE_BOARD_TENANT_IDS: BOARD_OPERATOR_TENANT,
    ...extra,
  };
}

export interface JobsStack {
  config: Config;
  gatewayUrl: string;
  gateway: HttpService;
  /** Requests each subgraph received at /graphql since the last `resetCounts()`. */
  requests: Record<SubgraphName, number>;
  /** Sits between the gateway and planning: take planning down, or hold one of its requests. */
  planningProxy: FaultProxy;
  /** A producer connection to the stack's queue (what the subgraphs enqueue into). */
  queues: OrchestrationQueues;
  resetCounts(): void;
  /** Starts an in-process worker on the stack's queue, reaching the stack's gateway. */
  startWorker(env?: Record<string, string>, options?: Pick<OrchestrationWorkerOptions, 'tenantDeferMs'>): Promise<OrchestrationWorker>;
  stop(): Promise<void>;
}

/**
 * The four subgraphs (each with the queue in its runtime) and the gateway (with Bull Board), in
 * this process on ephemeral ports; planning sits behind a fault proxy.
 */
export async function startJobsStack(databaseUrl: string, env: Record<string, string>): Promise<JobsStack> {
  const config = loadConfig(env, { exitOnError: false });
  const services: HttpService[] = [];
  const pools: Db[] = [];
  const requests = {} as Record<SubgraphName, number>;
  const urls = {} as Record<SubgraphName, string>;
  const queues = openOrchestrationQueues({ config, databaseUrl, logger: createLogger('queues', TEST_LOG_LEVEL) });
  for (const definition of ALL_SUBGRAPHS) {
    const db = createDb(databaseUrl, 4);
    pools.push(db);
    // ALL_SUBGRAPHS' order: planning first (the others check a mutation's tenant there), inventory
    // before suppliers and recipes (they check ingredient ids and skus at its ephemeral URL); planning
    // asks recipes and inventory per request, so it reads their URLs once everything is up.
    const runtime = {
      ...subgraphRuntime(config, db, createLogger(definition.name, TEST_LOG_LEVEL), queues),
      planningUrl: urls.planning,
      get inventoryUrl() {
        return urls.inventory;
      },
      get recipesUrl() {
        return urls.recipes;
      },
    };
    const service = await startSubgraph(definition, runtime, 0);
    requests[definition.name] = 0;
    service.server.on('request', (request) => {
      if (request.url?.startsWith('/graphql')) requests[definition.name] += 1;
    });
    urls[definition.name] = service.url;
    services.push(service);
  }
  const planningProxy = await startFaultProxy(urls.planning);
  const gateway = await startGateway(
    {
      config,
      subgraphUrls: { ...urls, planning: planningProxy.url },
      logger: createLogger('gateway', TEST_LOG_LEVEL),
      queueBoard: { queues: [queues.queue] },
    },
    0,
  );
  const workers: OrchestrationWorker[] = [];
  return {
    config,
    gatewayUrl: gateway.url,
    gateway,
    requests,
    planningProxy,
    queues,
    resetCounts() {
      for (const name of Object.keys(requests) as SubgraphName[]) requests[name] = 0;
    },
    async startWorker(workerEnv = {}, workerOptions = {}) {
      const workerConfig = loadConfig({ ...env, GATEWAY_URL: gateway.url, ...workerEnv }, { exitOnError: false });
      const worker = await startOrchestrationWorker({
        config: workerConfig,
        databaseUrl,
        logger: createLogger('worker', TEST_LOG_LEVEL),
        webhookInitialDelayMs: 50,
        ...workerOptions,
      });
      workers.push(worker);
      return worker;
    },
    async stop() {
      for (const worker of workers) await worker.stop().catch(() => {});
      await gateway.stop();
      await planningProxy.stop();
      for (const service of services) await service.stop();
      await queues.queue.obliterate({ force: true }).catch(() => {});
      await queues.close();
      for (const db of pools) await db.destroy();
    },
  };
}

export interface TestBakery {
  tenantId: string;
  slug: string;
  planner: string;
  admin: string;
  viewer: string;
  service: string;
}

/** A copy of the demo bakery under a slug of its own, so each test's runs are its own. */
export async function ownBakery(db: Db, prefix: string, timezone = DEMO_BAKERY.tenant.timezone): Promise<TestBakery> {
  const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
  const { tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug, timezone } });
  return {
    tenantId,
    slug,
    planner: await tokenFor(tenantId, ['PLANNER']),
    admin: await tokenFor(tenantId, ['ADMIN']),
    viewer: await tokenFor(tenantId, ['VIEWER']),
    service: await tokenFor(tenantId, ['SERVICE']),
  };
}

/** Polls `read` every 100 ms until `done` holds, failing after `timeoutMs` with the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

export const RUN_QUERY = `query ($id: ID!) { orchestrationRun(id: $id) {
  id planDate trigger status durationMs error failedStep startedAt finishedAt
  steps { name status attempts durationMs error }
  snapshot { ingredients suppliers offers recipes products }
  productionSchedule { id status }
  procurementPlan { id status totalCost lines { quantity } }
} }`;

/** The run as a dashboard would read it (planning-owned fields only: no fetch to other subgraphs). */
export async function readRun(url: string, token: string, id: string) {
  const response = await graphql(url, RUN_QUERY, { id }, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data.orchestrationRun;
}

export const FINAL_STATUSES = ['COMPLETED', 'FAILED', 'COMPENSATED'];

export const REQUEST_RUN = `mutation ($input: RequestOrchestrationInput) { requestOrchestration(input: $input) { id planDate trigger status } }`;
