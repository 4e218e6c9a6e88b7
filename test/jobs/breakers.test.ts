import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createGatewayClient, GatewayCallFailed, type GatewayTarget } from '../../jobs/orchestration/gateway-client.ts';
import { verifyAuthorization } from '../../platform/auth.ts';
import { createLogger } from '../../platform/logger.ts';

/**
 * The worker's circuit breakers against a real HTTP server standing in for the gateway: it reads
 * each call's SERVICE token to tell bakeries apart, fails one bakery's calls on purpose, and can
 * answer 503 to everyone, reset every connection, or stop listening.
 */

const SECRET = 'breakers-test-secret-0123456789abcdef0123';
const FAILING = '11111111-1111-4111-8111-111111111111';
const HEALTHY = '22222222-2222-4222-8222-222222222222';
const LATECOMER = '33333333-3333-4333-8333-333333333333';
const THRESHOLD = 3;
const ATTEMPTS = 4;

type Mode = 'up' | 'unavailable' | 'reset';
let mode: Mode = 'up';
let server: Server;
let url: string;
/** Requests that reached the server, per tenant. */
let received: Map<string, number>;
/** Bakeries whose every call is answered INTERNAL_SERVER_ERROR (as a bug their data provokes would be). */
let failing: Set<string>;

beforeAll(async () => {
  server = createServer(async (request, response) => {
    for await (const _chunk of request);
    const { tenantId } = await verifyAuthorization(request.headers.authorization, SECRET);
    received.set(tenantId, (received.get(tenantId) ?? 0) + 1);
    if (mode === 'reset') return request.socket.destroy();
    const [status, body] =
      mode === 'unavailable'
        ? [503, { errors: [{ message: 'A service Levain depends on is unavailable right now', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }]
        : failing.has(tenantId)
          ? [200, { data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }]
          : [200, { data: { ok: true } }];
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  if (server.listening) await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  mode = 'up';
  received = new Map();
  failing = new Set([FAILING]);
});

function client() {
  const states: [GatewayTarget, string][] = [];
  const gateway = createGatewayClient({
    url,
    jwtSecret: SECRET,
    retry: { attempts: ATTEMPTS, initialDelayMs: 1, maxDelayMs: 2 },
    breaker: { threshold: THRESHOLD, halfOpenAfterMs: 60_000 },
    timeoutMs: 5_000,
    logger: createLogger('test', 'silent'),
    onBreakerState: (target, state) => states.push([target, state]),
  });
  const call = (tenantId: string, target: GatewayTarget = 'planning') =>
    gateway.request<{ ok: boolean }>({ tenantId, target, name: 'generateForecasts', query: 'mutation { generateForecasts(runId: "r") { id } }' });
  return { call, states };
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call should have failed'), (error: unknown) => error as GatewayCallFailed);

describe("one bakery's failures", () => {
  test("open that bakery's breaker only: the others' calls go on, and the shared breaker stays closed", async () => {
    const { call, states } = client();
    const first = await failure(call(FAILING));
    expect(first).toBeInstanceOf(GatewayCallFailed);
    // THRESHOLD tries reached the server; the breaker opened and refused the rest of the tries.
    expect(received.get(FAILING)).toBe(THRESHOLD);
    expect(first.message).toMatch(/circuit breaker is open/);

    for (let run = 0; run < 5; run++) {
      await expect(call(HEALTHY)).resolves.toEqual({ data: { ok: true }, tries: 1 });
      await failure(call(FAILING));
    }
    expect(received.get(HEALTHY)).toBe(5);
    // Refused by its own breaker without reaching the server.
    expect(received.get(FAILING)).toBe(THRESHOLD);
    expect(states).toEqual([]);
  });

  test('many bakeries failing at once still do not open the shared breaker', async () => {
    const { call, states } = client();
    const bakeries = Array.from({ length: THRESHOLD * 2 }, (_, index) => `4444444${index}-4444-4444-8444-444444444444`);
    for (const bakery of bakeries) failing.add(bakery);
    const failures = await Promise.all(bakeries.map((bakery) => failure(call(bakery))));
    expect(failures.every((error) => error instanceof GatewayCallFailed)).toBe(true);
    await expect(call(HEALTHY)).resolves.toMatchObject({ tries: 1 });
    expect(states).toEqual([]);
  });
});

describe('the gateway down', () => {
  test.each<[Mode, string]>([
    ['unavailable', '503 SERVICE_UNAVAILABLE'],
    ['reset', 'connections reset'],
  ])('(%s: %s) opens the shared breaker: every bakery is refused without a call', async (down) => {
    const { call, states } = client();
    mode = down;
    const first = await failure(call(HEALTHY));
    expect(first.transient).toBe(true);
    expect(received.get(HEALTHY)).toBe(THRESHOLD);
    expect(states).toEqual([['planning', 'open']]);

    const other = await failure(call(LATECOMER));
    expect(other.message).toMatch(/circuit breaker is open/);
    expect(received.has(LATECOMER)).toBe(false);
    // Another target has its own shared breaker.
    mode = 'up';
    await expect(call(LATECOMER, 'sources')).resolves.toMatchObject({ tries: 1 });
  });

  test('(not listening: connection refused) opens the shared breaker for every bakery', async () => {
    const { call, states } = client();
    await new Promise((resolve) => server.close(resolve));
    const first = await failure(call(HEALTHY));
    expect(first.message).toMatch(/gateway unreachable|circuit breaker is open/);
    expect(states).toEqual([['planning', 'open']]);
    const other = await failure(call(LATECOMER));
    expect(other.message).toMatch(/circuit breaker is open/);
  });
});
