import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of one service that a test can take down: while `down`, every request
 * has its connection reset, as if the process had died. Rules catch the first request whose body
 * contains a text (an operation name) to take the service down right then, to hold that request
 * until the test releases it (or drops it: its connection is reset, it never reaches the service),
 * or to forward it and withhold the service's answer (the service acted; its caller does not know).
 */
export interface FaultProxy {
  /** The proxied GraphQL URL to give the gateway. */
  url: string;
  /** Requests that reached the proxy (refused ones included). */
  requests: number;
  down: boolean;
  /**
   * Resolves when a request whose body contains `text` arrives (for 'withhold-answer': once the
   * service has answered it); see the interface comment. `release` forwards a held request or sends
   * the withheld answer; `drop` resets the caller's connection instead.
   */
  on(text: string, action: 'down' | 'hold' | 'withhold-answer'): Promise<Caught>;
  stop(): Promise<void>;
}

export interface Caught {
  release(): void;
  drop(): void;
}

interface Rule {
  text: string;
  action: 'down' | 'hold' | 'withhold-answer';
  resolve(caught: Caught): void;
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
  /** Waits until the test releases (true) or drops (false) a caught request; `proxy.stop()` releases. */
  const hold = (rule: Rule) =>
    new Promise<boolean>((settle) => {
      const done = (forward: boolean) => {
        held.delete(release);
        settle(forward);
      };
      const release = () => done(true);
      held.add(release);
      rule.resolve({ release, drop: () => done(false) });
    });
  const forward = async (request: IncomingMessage, response: ServerResponse, body: Buffer, withhold?: Rule) => {
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
      if (withhold && !(await hold(withhold))) return void request.socket.destroy();
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
        return rule.resolve({ release: () => {}, drop: () => {} });
      }
      if (rule.action === 'withhold-answer') return forward(request, response, body, rule);
      if (!(await hold(rule))) return void request.socket.destroy();
    }
    await forward(request, response, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`;
  return proxy;
}
