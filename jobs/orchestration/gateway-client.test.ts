import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyAuthorization } from '../../platform/auth.ts';
import { createLogger } from '../../platform/logger.ts';
import { createGatewayClient, GatewayCallFailed } from './gateway-client.ts';

/** The worker's gateway client against a local HTTP server that answers what each test scripts. */

const SECRET = 'gateway-client-test-secret-0123456789abcdef';
const TENANT = '33333333-3333-4333-8333-333333333333';
let server: Server;
let url: string;
let answers: { status: number; body: unknown }[] = [];
let received: { authorization: string | undefined; body: any }[] = [];

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ authorization: request.headers.authorization, body: JSON.parse(body) });
    const answer = answers.shift() ?? { status: 200, body: { data: { ok: true } } };
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const client = (threshold = 10) =>
  createGatewayClient({
    url,
    jwtSecret: SECRET,
    retry: { attempts: 4, initialDelayMs: 1, maxDelayMs: 5 },
    breaker: { threshold, halfOpenAfterMs: 60_000 },
    timeoutMs: 2_000,
    logger: createLogger('test', 'silent'),
  });
const call = { tenantId: TENANT, target: 'planning' as const, name: 'generateForecasts', query: 'mutation { generateForecasts(runId: "x") { id } }' };

function reset(next: { status: number; body: unknown }[]) {
  answers = next;
  received = [];
}

test('sends a SERVICE token for the tenant and returns the data with the tries it took', async () => {
  reset([]);
  const result = await client().request<{ ok: boolean }>(call);
  expect(result).toEqual({ data: { ok: true }, tries: 1 });
  const caller = await verifyAuthorization(received[0].authorization, SECRET);
  expect(caller).toMatchObject({ tenantId: TENANT, roles: ['SERVICE'] });
  expect(received[0].body.query).toBe(call.query);
});

test('retries what may pass (5xx, INTERNAL_SERVER_ERROR) and counts the tries', async () => {
  reset([
    { status: 503, body: { errors: [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } },
    { status: 200, body: { data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } },
  ]);
  const result = await client().request(call);
  expect(result.tries).toBe(3);
});

test('does not retry a refusal, and gives up after the last try on a lasting failure', async () => {
  reset([{ status: 200, body: { data: null, errors: [{ message: 'Run is COMPLETED', extensions: { code: 'BAD_USER_INPUT' } }] } }]);
  const refused = await client().request(call).catch((error) => error);
  expect(refused).toBeInstanceOf(GatewayCallFailed);
  expect(refused).toMatchObject({ tries: 1, transient: false });
  expect(refused.message).toBe('generateForecasts failed after 1 try: BAD_USER_INPUT: Run is COMPLETED');
  expect(received).toHaveLength(1);

  reset(Array(4).fill({ status: 502, body: 'bad gateway' }));
  const lasting = await client().request(call).catch((error) => error);
  expect(lasting).toMatchObject({ tries: 4, transient: true });
  expect(received).toHaveLength(4);
});

test('a target whose breaker opened fails fast without calling the gateway', async () => {
  reset(Array(2).fill({ status: 500, body: {} }));
  const gateway = client(2);
  const opened = await gateway.request(call).catch((error) => error);
  // Two failures open the breaker; the retries that follow are refused by it, not sent.
  expect(opened).toBeInstanceOf(GatewayCallFailed);
  expect(received).toHaveLength(2);
  const again = await gateway.request(call).catch((error) => error);
  expect(again.message).toMatch(/Execution prevented because the circuit breaker is open/);
  expect(received).toHaveLength(2);
  // Another target has its own breaker.
  reset([]);
  await expect(gateway.request({ ...call, target: 'sources' })).resolves.toMatchObject({ tries: 1 });
});
