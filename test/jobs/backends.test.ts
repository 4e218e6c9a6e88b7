import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { describeQueueBackend, openOrchestrationQueues } from '../../jobs/queues.ts';
import { inventorySubgraph } from '../../subgraphs/inventory/server.ts';
import { planningSubgraph } from '../../subgraphs/planning/server.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { BOARD_OPERATOR_TENANT, FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, TEST_REDIS_URL, waitFor, type JobsStack } from './support.ts';

/**
 * Where the queues live: BullMQ's PostgreSQL backend on Levain's own database when REDIS_URL is
 * unset (a bare machine needs no Redis), Redis when it is set (required in production); and a
 * queue that is away never takes a subgraph down.
 */

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'), 2);
});
afterAll(async () => {
  await db?.destroy();
});

describe('without REDIS_URL', () => {
  let stack: JobsStack;
  const env = jobsEnv('postgres');
  beforeAll(async () => {
    stack = await startJobsStack(inject('databaseUrl'), env);
  });
  afterAll(async () => {
    await stack?.stop();
    await db.raw(`drop schema if exists ${env.QUEUE_PREFIX} cascade`);
  });

  test('a requested run completes on the Postgres backend, in its own schema of Levain’s database, with no Redis key written', async () => {
    expect(stack.queues.backend.kind).toBe('postgres');
    expect(describeQueueBackend(stack.config, inject('databaseUrl'))).toMatch(/PostgreSQL backend .*schema test_jobs_/);
    const bakery = await ownBakery(db, 'pg-queue');
    await stack.startWorker();
    const { data, errors } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    expect(errors).toBeUndefined();
    const run = await waitFor(
      () => readRun(stack.gatewayUrl, bakery.viewer, data.requestOrchestration.id),
      (r) => FINAL_STATUSES.includes(r.status),
      30_000,
      'the run',
    );
    expect(run.status).toBe('COMPLETED');
    expect(run.steps.every((step: any) => step.status === 'COMPLETED')).toBe(true);
    expect(run.procurementPlan.lines.length).toBeGreaterThan(0);
    const job = await stack.queues.queue.getJob(`manual-${run.id}`);
    await waitFor(async () => job?.getState() ?? 'missing', (state) => state === 'completed', 10_000, 'the job');

    const [schema] = await db('information_schema.schemata').where('schema_name', env.QUEUE_PREFIX).pluck('schema_name');
    expect(schema).toBe(env.QUEUE_PREFIX);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.keys(`${env.QUEUE_PREFIX}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  test('Bull Board reads the Postgres-backed queue too', async () => {
    // The operators' ADMIN (QUEUE_BOARD_TENANT_IDS: the seeded demo bakery; issue 12).
    const admin = await tokenFor(BOARD_OPERATOR_TENANT, ['ADMIN']);
    const api = await fetch(new URL('/admin/queues/api/queues', stack.gatewayUrl), { headers: { authorization: `Bearer ${admin}` } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('orchestration');
  });
});

describe('configuration', () => {
  test('production requires REDIS_URL; development does without', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'postgres://db/levain' };
    expect(() => loadConfig(production, { exitOnError: false })).toThrow(/REDIS_URL: must be set in production/);
    expect(loadConfig({ ...production, REDIS_URL: 'redis://redis:6379' }, { exitOnError: false }).REDIS_URL).toBe('redis://redis:6379');
    const development = loadConfig({}, { exitOnError: false });
    expect(development.REDIS_URL).toBeUndefined();
    expect(development).toMatchObject({ WORKER_CONCURRENCY: 4, EVENT_RUN_WINDOW_SECONDS: 900, JOB_MAX_STARTED_ATTEMPTS: 8 });
  });
});

describe('a queue that is away', () => {
  test('refuses a requested run with SERVICE_UNAVAILABLE and never fails a stock movement', async () => {
    const bakery = await ownBakery(db, 'queue-away');
    // Nothing listens on port 1: every queue operation fails.
    const config = loadConfig({ ...jobsEnv('redis'), REDIS_URL: 'redis://127.0.0.1:1' }, { exitOnError: false });
    const queues = openOrchestrationQueues({ config, logger: createLogger('queues', 'silent'), timeoutMs: 1_000 });
    const runtime = { db, jwtSecret: TEST_JWT_SECRET, logger: createLogger('test', 'silent'), maxBodyBytes: 1_000_000, queues };
    const planning = await startSubgraph(planningSubgraph, runtime, 0);
    const inventory = await startSubgraph(inventorySubgraph, runtime, 0);
    try {
      const started = Date.now();
      const refused = await graphql(planning.url, REQUEST_RUN, {}, bakery.planner);
      expect(refused.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(refused.errors?.[0].message).toMatch(/job queue is unavailable\. Request it again/);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Planning still answers everything else.
      const settings = await graphql(planning.url, '{ planningSettings { timezone } }', {}, bakery.viewer);
      expect(settings.data.planningSettings.timezone).toBe('Europe/Madrid');

      const { data } = await graphql(inventory.url, '{ ingredients(first: 50) { edges { node { id reorderPoint stock { onHand } } } } }', {}, bakery.viewer);
      const ingredient = data.ingredients.edges.map((edge: any) => edge.node).find((node: any) => node.reorderPoint > 0 && node.stock.onHand > node.reorderPoint);
      const moved = await graphql(
        inventory.url,
        'mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { crossedReorderPoint stock { onHand } } }',
        { input: { ingredientId: ingredient.id, kind: 'CONSUMPTION', quantity: ingredient.stock.onHand - ingredient.reorderPoint / 2 } },
        bakery.planner,
      );
      expect(moved.errors).toBeUndefined();
      expect(moved.data.recordStockMovement.crossedReorderPoint).toBe(true);
    } finally {
      await planning.stop();
      await inventory.stop();
      await queues.close();
    }
  });
});
