import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetcher } from './subgraph-fetcher.ts';

/** A stand-in subgraph that answers after `delayMs`, counting requests and the connections they came on. */
let server: Server;
let url: string;
let requests = 0;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    sockets.add(request.socket);
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      setTimeout(() => {
        response.writeHead(body.includes('fail') ? 400 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { echo: body, authorization: request.headers.authorization ?? null } }));
      }, 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: string, authorization = 'Bearer one') => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });

describe('createSubgraphFetcher', () => {
  it('answers like fetch: status, headers, a body read once', async () => {
    const { fetcher, close } = createSubgraphFetcher();
    const response = await fetcher(url, post('{"query":"query A { a }"}'));
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ data: { echo: '{"query":"query A { a }"}', authorization: 'Bearer one' } });
    await expect(response.text()).rejects.toThrow(/already been consumed/);
    const refused = await fetcher(url, post('{"query":"query fail { a }"}'));
    expect(refused.ok).toBe(false);
    expect(refused.status).toBe(400);
    await close();
  });

  it('keeps connections alive between requests', async () => {
    const { fetcher, close } = createSubgraphFetcher();
    sockets.clear();
    for (let index = 0; index < 8; index++) await (await fetcher(url, post(`{"query":"query N${index} { a }"}`))).text();
    // undici may open a second connection while the first is being released; never one per request.
    expect(sockets.size).toBeLessThanOrEqual(2);
    await close();
  });

  it('sends identical queries in flight at once only once, each caller getting its own copy', async () => {
    const { fetcher, close } = createSubgraphFetcher();
    requests = 0;
    const same = '{"query":"query Same { a }","variables":{}}';
    const responses = await Promise.all([fetcher(url, post(same)), fetcher(url, post(same)), fetcher(url, post(same))]);
    expect(requests).toBe(1);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(bodies[0]).toEqual(bodies[2]);
    expect(bodies[0]).not.toBe(bodies[1]);
    await close();
  });

  it('never shares between callers with different tokens or headers, without a token, mutations, or when turned off', async () => {
    const { fetcher, close } = createSubgraphFetcher();
    requests = 0;
    const query = '{"query":"query Same { a }"}';
    await Promise.all([fetcher(url, post(query, 'Bearer one')), fetcher(url, post(query, 'Bearer two'))]);
    expect(requests).toBe(2);
    const headers = (extra: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: query });
    await Promise.all([fetcher(url, headers({})), fetcher(url, headers({}))]);
    expect(requests, 'no token: never shared (fails closed)').toBe(4);
    await Promise.all([
      fetcher(url, headers({ Authorization: 'Bearer one', 'x-levain-time-zone': 'Europe/Madrid' })),
      fetcher(url, headers({ authorization: 'Bearer one', 'x-levain-time-zone': 'Asia/Tokyo' })),
    ]);
    expect(requests, 'another header the subgraph may read: not shared').toBe(6);
    await Promise.all([
      fetcher(url, headers({ Authorization: 'Bearer one', 'x-request-id': 'a' })),
      fetcher(url, headers({ authorization: 'Bearer one', 'x-request-id': 'b' })),
    ]);
    expect(requests, 'the same caller, whatever the header case and request id: shared').toBe(7);
    const mutation = '{"query":"mutation Write { a }"}';
    await Promise.all([fetcher(url, post(mutation)), fetcher(url, post(mutation))]);
    expect(requests).toBe(9);
    await close();
    const off = createSubgraphFetcher({ deduplicateInflight: false });
    await Promise.all([off.fetcher(url, post(query)), off.fetcher(url, post(query))]);
    expect(requests).toBe(11);
    await off.close();
  });
});
