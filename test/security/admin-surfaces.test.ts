import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Queue } from 'bullmq';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { TEST_JWT_SECRET } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Bull Board shows and acts on every bakery's jobs. In production the gateway mounts it only when
 * QUEUE_BOARD_TENANT_IDS names the operators' tenants: without that list, a bakery's ADMIN would
 * see (and could remove) other bakeries' runs, so the board is not there at all.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let stack: TestStack;
let queue: Queue;
const gateways: HttpService[] = [];

async function productionGateway(env: Record<string, string>) {
  const config = loadConfig(
    { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: inject('databaseUrl'), REDIS_URL, ...env },
    { exitOnError: false },
  );
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent'), queueBoard: { queues: [queue] } }, 0);
  gateways.push(gateway);
  return gateway;
}

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  queue = new Queue('orchestration', { connection: { url: REDIS_URL }, prefix: `test_board_${randomBytes(4).toString('hex')}` });
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await queue?.close();
  await stack?.stop();
});

test('in production without QUEUE_BOARD_TENANT_IDS, /admin/queues does not exist', async () => {
  const gateway = await productionGateway({});
  const response = await fetch(new URL('/admin/queues/login', gateway.url));
  expect(response.status).toBe(404);
});

test("in production with the operators' tenant named, the board's sign-in page is there", async () => {
  const gateway = await productionGateway({ QUEUE_BOARD_TENANT_IDS: '00000000-0000-4000-8000-000000000001' });
  const response = await fetch(new URL('/admin/queues/login', gateway.url));
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(/ADMIN token/);
});
