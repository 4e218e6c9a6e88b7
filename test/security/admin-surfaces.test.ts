import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { Queue } from 'bullmq';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { TEST_JWT_SECRET, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Bull Board shows and acts on every bakery's jobs (issue 12, finding 4: in development any
 * bakery's ADMIN listed demo's jobs and added one that ran demo's pipeline; a token of a tenant
 * that does not exist opened it too). The gateway mounts it only where QUEUE_BOARD_TENANT_IDS names
 * the operators' tenants, in every mode; it opens only to ADMINs of those tenants that exist, and
 * is read-only unless QUEUE_BOARD_WRITABLE=true.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let stack: TestStack;
let queue: Queue;
let db: Db;
let operator: string;
let rival: string;
const ghostOperator = randomUUID();
const gateways: HttpService[] = [];

async function gatewayWith(env: Record<string, string>, mode: 'production' | 'development' = 'production') {
  const config = loadConfig(
    { NODE_ENV: mode, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: inject('databaseUrl'), REDIS_URL, ...env },
    { exitOnError: false },
  );
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent'), queueBoard: { queues: [queue] } }, 0);
  gateways.push(gateway);
  return gateway;
}
const productionGateway = (env: Record<string, string>) => gatewayWith(env, 'production');

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  db = createDb(inject('databaseUrl'), 2);
  operator = await tenantId(db, 'demo');
  rival = await tenantId(db, 'rival');
  queue = new Queue('orchestration', { connection: { url: REDIS_URL }, prefix: `test_board_${randomBytes(4).toString('hex')}` });
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await queue?.obliterate({ force: true }).catch(() => {});
  await queue?.close();
  await stack?.stop();
  await db?.destroy();
});

test.each(['production', 'development'] as const)('in %s without QUEUE_BOARD_TENANT_IDS, /admin/queues does not exist', async (mode) => {
  const gateway = await gatewayWith({}, mode);
  expect((await fetch(new URL('/admin/queues/login', gateway.url))).status).toBe(404);
  const admin = await tokenFor(operator, ['ADMIN']);
  expect((await fetch(new URL('/admin/queues/api/queues', gateway.url), { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);
});

test("in production with the operators' tenant named, the board's sign-in page is there", async () => {
  const gateway = await productionGateway({ QUEUE_BOARD_TENANT_IDS: operator });
  const response = await fetch(new URL('/admin/queues/login', gateway.url));
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(/ADMIN token/);
});

describe('who opens it', () => {
  const api = async (gateway: HttpService, token: string) =>
    (await fetch(new URL('/admin/queues/api/queues', gateway.url), { headers: { authorization: `Bearer ${token}` } })).status;

  test("the operators' ADMIN only: another bakery's ADMIN is FORBIDDEN, a listed tenant that does not exist is refused", async () => {
    const gateway = await gatewayWith({ QUEUE_BOARD_TENANT_IDS: `${operator},${ghostOperator}` }, 'development');
    expect(await api(gateway, await tokenFor(operator, ['ADMIN']))).toBe(200);
    expect(await api(gateway, await tokenFor(operator, ['PLANNER']))).toBe(403);
    expect(await api(gateway, await tokenFor(rival, ['ADMIN']))).toBe(403);
    expect(await api(gateway, await tokenFor(ghostOperator, ['ADMIN']))).toBe(401);
    const login = await fetch(new URL('/admin/queues/login', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await tokenFor(ghostOperator, ['ADMIN']) }),
      redirect: 'manual',
    });
    expect(login.status).toBe(401);
    expect(login.headers.get('set-cookie')).toBeNull();
  });
});

describe('read-only unless QUEUE_BOARD_WRITABLE', () => {
  const addJob = (gateway: HttpService, token: string) =>
    fetch(new URL('/admin/queues/api/queues/orchestration/add', gateway.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'orchestrate', data: { trigger: 'SCHEDULED', tenantId: rival } }),
    });

  test('by default an operator may look but not add, retry or clean: no job is added', async () => {
    const gateway = await productionGateway({ QUEUE_BOARD_TENANT_IDS: operator });
    const admin = await tokenFor(operator, ['ADMIN']);
    const before = await queue.count();
    const added = await addJob(gateway, admin);
    expect(added.status).toBe(403);
    expect(await added.json()).toEqual({ error: expect.stringMatching(/read-only/) });
    const clean = await fetch(new URL('/admin/queues/api/queues/orchestration/clean/completed', gateway.url), { method: 'PUT', headers: { authorization: `Bearer ${admin}` } });
    expect(clean.status).toBe(403);
    expect(await queue.count()).toBe(before);
    const queues = await (await fetch(new URL('/admin/queues/api/queues', gateway.url), { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(JSON.stringify(queues)).toContain('"readOnlyMode":true');
  });

  test('QUEUE_BOARD_WRITABLE=true lets the operators act', async () => {
    const gateway = await productionGateway({ QUEUE_BOARD_TENANT_IDS: operator, QUEUE_BOARD_WRITABLE: 'true' });
    const before = await queue.count();
    const added = await addJob(gateway, await tokenFor(operator, ['ADMIN']));
    expect(added.status).toBe(200);
    expect(await queue.count()).toBe(before + 1);
  });
});

describe("the sign-in cookie (issue 12, finding 12: it lacked Secure)", () => {
  const signIn = async (gateway: HttpService) =>
    fetch(new URL('/admin/queues/login', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await tokenFor(operator, ['ADMIN']) }),
      redirect: 'manual',
    });

  test('is Secure in production (served behind TLS), HttpOnly and SameSite=Strict always', async () => {
    const cookie = (await signIn(await productionGateway({ QUEUE_BOARD_TENANT_IDS: operator }))).headers.get('set-cookie')!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  test('is not Secure over plain HTTP in development (a browser would drop it on http://127.0.0.1)', async () => {
    const cookie = (await signIn(await gatewayWith({ QUEUE_BOARD_TENANT_IDS: operator }, 'development'))).headers.get('set-cookie')!;
    expect(cookie).not.toMatch(/Secure/);
  });
});
