import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import { createDb, type Db } from '../../db/client.ts';
import { startGateway } from '../../gateway/server.ts';
import { signToken } from '../../platform/auth.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { insertPrivateBakeries } from './support.ts';

/**
 * Rate limits at the gateway (rate-limiter-flexible): per tenant (all of a bakery's users together)
 * and per client address (whatever the token), in Redis when REDIS_URL is set so every gateway
 * replica shares the counts, in memory otherwise. The pipeline's verified SERVICE token counts
 * against its own budget only (RATE_LIMIT_PER_SERVICE). A refusal is 429 RATE_LIMITED with
 * Retry-After, and no subgraph hears of the request.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ tenant { slug } }';

let stack: TestStack;
let db: Db;
let demoToken: string;
let rivalToken: string;
let serviceToken: string;
let demoTenantId: string;
const started: HttpService[] = [];

async function gatewayWith(env: Record<string, string>): Promise<HttpService> {
  const config = loadConfig(
    { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0', ...env },
    { exitOnError: false },
  );
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent') }, 0);
  started.push(gateway);
  return gateway;
}

async function send(url: string, token: string | undefined, body: unknown = { query: QUERY }, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

function expectRateLimited(response: Awaited<ReturnType<typeof send>>, what: RegExp) {
  expect(response.status).toBe(429);
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(response.body.errors[0].message).toMatch(what);
  const seconds = Number(response.retryAfter);
  expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
  expect(response.body.errors[0].extensions.retryAfterSeconds).toBe(seconds);
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  const { demo, rival } = await insertPrivateBakeries(db, 'rate');
  demoToken = await tokenFor(demo.tenantId, ['VIEWER']);
  rivalToken = await tokenFor(rival.tenantId, ['VIEWER']);
  serviceToken = await tokenFor(demo.tenantId, ['SERVICE']);
  demoTenantId = demo.tenantId;
  stack = await startTestStack(inject('databaseUrl'));
});
afterAll(async () => {
  for (const gateway of started) await gateway.stop();
  await stack?.stop();
  await db?.destroy();
});

describe('per tenant, in memory', () => {
  test("the sixth operation in a window is refused for that bakery only, before any subgraph request", async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_TENANT: '5' });
    for (let request = 0; request < 5; request++) expect((await send(gateway.url, demoToken)).status).toBe(200);
    stack.resetCounts();
    expectRateLimited(await send(gateway.url, demoToken), /^Too many requests for this bakery; retry after \d+ s$/);
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
    // Another bakery has its own count.
    expect((await send(gateway.url, rivalToken)).status).toBe(200);
  });

  test('each operation of a batch counts', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_TENANT: '5' });
    const batch = (size: number) => Array.from({ length: size }, () => ({ query: QUERY }));
    expect((await send(gateway.url, demoToken, batch(4))).status).toBe(200);
    expectRateLimited(await send(gateway.url, demoToken, batch(2)), /for this bakery/);
  });

  test('the window ends: after Retry-After the bakery is let in again', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_TENANT: '2', RATE_LIMIT_WINDOW_SECONDS: '1' });
    await send(gateway.url, demoToken);
    await send(gateway.url, demoToken);
    let refused = await send(gateway.url, demoToken);
    // A window boundary may fall between the calls; keep asking until one is refused.
    while (refused.status === 200) refused = await send(gateway.url, demoToken);
    expectRateLimited(refused, /for this bakery/);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000 + 50));
    expect((await send(gateway.url, demoToken)).status).toBe(200);
  });
});

describe('per client address', () => {
  test('counts requests with or without a valid token, and refuses whatever the token', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '4' });
    expect((await send(gateway.url, undefined)).status).toBe(401);
    for (let request = 0; request < 3; request++) expect((await send(gateway.url, demoToken)).status).toBe(200);
    stack.resetCounts();
    expectRateLimited(await send(gateway.url, undefined), /^Too many requests from this address; retry after \d+ s$/);
    expectRateLimited(await send(gateway.url, rivalToken), /from this address/);
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
  });

  test('behind one trusted proxy, the address the proxy appended is the client; what the client wrote is ignored', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '2', TRUST_PROXY_HOPS: '1' });
    const from = (client: string, spoofed = '') => ({ 'x-forwarded-for': spoofed ? `${spoofed}, ${client}` : client });
    expect((await send(gateway.url, demoToken, undefined, from('203.0.113.7'))).status).toBe(200);
    // Rotating a forged left-hand entry does not buy a fresh count.
    expect((await send(gateway.url, demoToken, undefined, from('203.0.113.7', '198.51.100.1'))).status).toBe(200);
    expectRateLimited(await send(gateway.url, demoToken, undefined, from('203.0.113.7', '198.51.100.2')), /from this address/);
    // Another client behind the same proxy has its own count.
    expect((await send(gateway.url, demoToken, undefined, from('203.0.113.8'))).status).toBe(200);
  });

  test('without trusted proxies, X-Forwarded-For is ignored', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '2' });
    for (const forged of ['192.0.2.1', '192.0.2.2']) expect((await send(gateway.url, demoToken, undefined, { 'x-forwarded-for': forged })).status).toBe(200);
    expectRateLimited(await send(gateway.url, demoToken, undefined, { 'x-forwarded-for': '192.0.2.3' }), /from this address/);
  });
});

describe('service traffic has its own budget', () => {
  test("a verified SERVICE token counts against RATE_LIMIT_PER_SERVICE only, not the address's or the bakery's", async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_PER_TENANT: '2', RATE_LIMIT_PER_SERVICE: '4' });
    for (let request = 0; request < 4; request++) expect((await send(gateway.url, serviceToken)).status).toBe(200);
    stack.resetCounts();
    expectRateLimited(await send(gateway.url, serviceToken), /^Too many requests for this service; retry after \d+ s$/);
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
    // The same address and bakery still have their whole budgets for clients.
    for (let request = 0; request < 2; request++) expect((await send(gateway.url, demoToken)).status).toBe(200);
    expectRateLimited(await send(gateway.url, demoToken), /from this address/);
  });

  test('each operation of a SERVICE batch counts', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_SERVICE: '3' });
    const batch = (size: number) => Array.from({ length: size }, () => ({ query: QUERY }));
    expect((await send(gateway.url, serviceToken, batch(3))).status).toBe(200);
    expectRateLimited(await send(gateway.url, serviceToken, batch(1)), /for this service/);
  });

  test('a forged SERVICE token is verified first: it counts against the address, and is refused 401, then 429', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '1', RATE_LIMIT_PER_SERVICE: '100' });
    const forged = await signToken({ userId: 'test-service', tenantId: demoTenantId, roles: ['SERVICE'] }, 'x'.repeat(40));
    expect((await send(gateway.url, forged)).status).toBe(401);
    expectRateLimited(await send(gateway.url, forged), /from this address/);
    // The genuine token is not held back by the address's spent budget.
    expect((await send(gateway.url, serviceToken)).status).toBe(200);
  });

  test('RATE_LIMIT_PER_SERVICE must be a whole number ≥ 0 (default 60,000)', () => {
    for (const bad of ['-1', '1.5', 'many']) {
      expect(() => loadConfig({ JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_PER_SERVICE: bad }, { exitOnError: false })).toThrow(/RATE_LIMIT_PER_SERVICE/);
    }
    expect(loadConfig({ JWT_SECRET: TEST_JWT_SECRET }, { exitOnError: false }).RATE_LIMIT_PER_SERVICE).toBe(60_000);
  });
});

describe('in Redis', () => {
  test('two gateway replicas share one count per bakery', async () => {
    const prefix = `levain-test-rate-${randomBytes(4).toString('hex')}`;
    const env = { REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix, RATE_LIMIT_PER_TENANT: '6' };
    const [first, second] = [await gatewayWith(env), await gatewayWith(env)];
    for (let request = 0; request < 3; request++) {
      expect((await send(first.url, demoToken)).status).toBe(200);
      expect((await send(second.url, demoToken)).status).toBe(200);
    }
    expectRateLimited(await send(first.url, demoToken), /for this bakery/);
    expectRateLimited(await send(second.url, demoToken), /for this bakery/);

    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${prefix}:tenant:[0-9a-f-]{36}$`));
      expect(Number(await redis.get(keys[0]))).toBe(8);
      // The counter expires with its window: no key outlives it.
      expect(await redis.pttl(keys[0])).toBeGreaterThan(0);
      await redis.del(keys);
    } finally {
      redis.disconnect();
    }
  });

  test("the service's count is shared too, keyed by the token's subject", async () => {
    const prefix = `levain-test-rate-${randomBytes(4).toString('hex')}`;
    const env = { REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix, RATE_LIMIT_PER_SERVICE: '3', RATE_LIMIT_PER_ADDRESS: '1' };
    const [first, second] = [await gatewayWith(env), await gatewayWith(env)];
    expect((await send(first.url, serviceToken)).status).toBe(200);
    expect((await send(second.url, serviceToken)).status).toBe(200);
    expect((await send(first.url, serviceToken)).status).toBe(200);
    expectRateLimited(await send(second.url, serviceToken), /for this service/);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}:*`)).toEqual([`${prefix}:service:test-service`]);
      await redis.del(`${prefix}:service:test-service`);
    } finally {
      redis.disconnect();
    }
  });

  test('with Redis unreachable, requests are still served and limited per replica, in memory', async () => {
    const gateway = await gatewayWith({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, RATE_LIMIT_PER_TENANT: '3' });
    for (let request = 0; request < 3; request++) expect((await send(gateway.url, demoToken)).status).toBe(200);
    expectRateLimited(await send(gateway.url, demoToken), /for this bakery/);
  });
});
