import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWebhookSender, type WebhookPayload } from '../../jobs/orchestration/webhook.ts';
import { createLogger } from '../../platform/logger.ts';
import { createWebhookPolicy, type HostResolver } from '../../platform/webhook-address.ts';

/**
 * The webhook sender against a real receiver on 127.0.0.1 (issue 12, finding 5): refused targets
 * get no request at all, the connection goes to the address that was checked (no second DNS
 * answer), and every failure reads the same to the bakery.
 */

let receiver: Server;
let port: number;
const received: { host?: string; path?: string }[] = [];
let status = 200;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push({ host: request.headers.host, path: request.url });
    request.resume();
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

const payload = { deliveryId: 'run-1:orchestration.plan_ready' } as WebhookPayload;
const logger = createLogger('webhook-test', 'silent');
const senderWith = (allowed: string[], resolve?: HostResolver) =>
  createWebhookSender({ attempts: 2, timeoutMs: 2_000, initialDelayMs: 10, policy: createWebhookPolicy(allowed, resolve), logger });

test('by default a receiver on 127.0.0.1 gets nothing: refused before any connection, not retried', async () => {
  received.length = 0;
  const delivery = await senderWith([])(`http://127.0.0.1:${port}/hook`, payload);
  expect(delivery).toMatchObject({ delivered: false, tries: 1, error: expect.stringMatching(/refused/) });
  const viaLocalhost = await senderWith([])(`http://localhost.:${port}/hook`, payload);
  expect(viaLocalhost.delivered).toBe(false);
  expect(received).toEqual([]);
});

test('WEBHOOK_ALLOWED_HOSTS opens the self-hosted receiver', async () => {
  received.length = 0;
  expect(await senderWith(['127.0.0.1/32'])(`http://127.0.0.1:${port}/hook`, payload)).toEqual({ delivered: true, tries: 1, error: null });
  expect(received).toEqual([{ host: `127.0.0.1:${port}`, path: '/hook' }]);
});

test('the POST connects to the address that was checked: a later DNS answer (rebinding) is never asked', async () => {
  received.length = 0;
  const lookups: string[] = [];
  // The first answer is the allowed receiver; any later one would point elsewhere (an address
  // nothing listens on). A sender that resolved again at connect time would not deliver.
  const rebinding: HostResolver = async (host) => {
    lookups.push(host);
    return [{ address: lookups.length === 1 ? '127.0.0.1' : '10.255.255.1', family: 4 }];
  };
  const delivery = await senderWith(['rebind.test'], rebinding)(`http://rebind.test:${port}/pinned`, payload);
  expect(delivery).toEqual({ delivered: true, tries: 1, error: null });
  expect(lookups).toEqual(['rebind.test']);
  expect(received).toEqual([{ host: `rebind.test:${port}`, path: '/pinned' }]);
});

test('a name resolving inside is refused at send time, with no connection', async () => {
  received.length = 0;
  const inside: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
  const delivery = await senderWith([], inside)(`http://innocent.example:${port}/hook`, payload);
  expect(delivery).toMatchObject({ delivered: false, tries: 1, error: expect.stringMatching(/resolves to 127\.0\.0\.1/) });
  expect(received).toEqual([]);
});

test('a receiver answering 401 and a closed port both come to "not delivered" (the reason stays in the log)', async () => {
  status = 401;
  try {
    const answered = await senderWith(['127.0.0.1'])(`http://127.0.0.1:${port}/hook`, payload);
    const closed = await senderWith(['127.0.0.1'])('http://127.0.0.1:9/hook', payload);
    expect(answered.delivered).toBe(false);
    expect(closed.delivered).toBe(false);
    expect(answered.error).toMatch(/HTTP 401/);
    expect(closed.error).toMatch(/unreachable/);
  } finally {
    status = 200;
  }
});
