import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsRoute } from '../platform/metrics.ts';

export interface WorkerHttp {
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/**
 * The worker's small HTTP face: `/health/live`, `/health/ready` and Prometheus `/metrics` (behind
 * `metricsToken` when given, like every service's).
 */
export async function startWorkerHttp(
  options: { ready: () => Promise<boolean>; registry: Registry; metricsToken?: string },
  port: number,
  host = '127.0.0.1',
): Promise<WorkerHttp> {
  const metrics = metricsRoute({ registry: options.registry }, options.metricsToken);
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    try {
      if (path === '/health/live') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      } else if (path === '/health/ready') {
        const ready = await options.ready();
        response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ready' : 'unavailable' }));
      } else if (path === '/metrics') {
        await metrics(request, response);
      } else {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
      }
    } catch {
      if (!response.headersSent) response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
