import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of one service that a test can take down: while `down`, every request
 * has its connection reset, as if the process had died. Rules catch the first request whose body
 * contains a text (an operation name) to take the service down right then, or to hold that
 * request until the test releases it.
 */
export interface FaultProxy {
  /** The proxied GraphQL URL to give the gateway. */
  url: string;
  /** Requests that reached the proxy (refused ones included). */
  requests: number;
  down: boolean;
  /** Resolves when a request whose body contains `text` arrives; see the interface comment. */
  on(text: string, action: 'down' | 'hold'): Promise<{ release(): void }>;
  stop(): Promise<void>;
}

interface Rule {
  text: string;
  action: 'down' | 'hold';
  resolve(caught: { release(): void }): void;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const rules: Rule[] = [];
  const held = new Set<() => void>();
  const forward = async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string'),
    ) as Record<string, string>;
    try {
      const answer = await fetch(new URL(request.url ?? '/', target), {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(body),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(text);
    } catch {
      request.socket.destroy();
    }
  };
  const proxy: FaultProxy = {
    url: '',
    requests: 0,
    down: false,
    on(text, action) {
      return new Promise((resolve) => rules.push({ text, action, resolve }));
    },
    async stop() {
      for (const release of held) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer(async (request, response) => {
    proxy.requests += 1;
    const body = await readBody(request);
    if (proxy.down) return void request.socket.destroy();
    const text = body.toString('utf8');
    const index = rules.findIndex((rule) => text.includes(rule.text));
    if (index >= 0) {
      const [rule] = rules.splice(index, 1);
      if (rule.action === 'down') {
        proxy.down = true;
        request.socket.destroy();
        return rule.resolve({ release: () => {} });
      }
      await new Promise<void>((release) => {
        const done = () => {
          held.delete(done);
          release();
        };
        held.add(done);
        rule.resolve({ release: done });
      });
    }
    await forward(request, response, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`;
  return proxy;
}
