/**
 * Levain's node:http server (platform/http-server.ts) against Express (installed through Bull
 * Board), serving the same handlers: a small GraphQL POST (token verified, Apollo Server over a
 * one-field schema) and a static file of the dashboard (gateway/dashboard/routes.ts; in Express
 * also through `express.static`, what adopting it would bring). Each server runs in its own
 * process; autocannon loads it from this one. Figures: requests/s and the server process's CPU ms
 * per request (/proc), the median of `--rounds` rounds of `--duration` seconds.
 *
 *   npm run bench:http-server -- [--duration 3] [--rounds 2] [--connections 20]
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApolloServer, HeaderMap } from '@apollo/server';
import autocannon from 'autocannon';
// @ts-expect-error express ships no types and @types/express is not installed: the calls used here are typed below.
import untypedExpress from 'express';
import { dashboardRoutes } from '../gateway/dashboard/routes.ts';
import { createTokenVerifier, signToken, type Caller } from '../platform/auth.ts';
import { startHttpService } from '../platform/http-server.ts';
import { createLogger } from '../platform/logger.ts';
import { announceReady, startBenchProcess, stopWith } from './support/child-process.ts';
import { fixed, markdownTable, median } from './support/stats.ts';

type Handler = (request: IncomingMessage & { body?: unknown }, response: ServerResponse, next: (error?: unknown) => void) => unknown;
interface ExpressApp {
  post(path: string, ...handlers: Handler[]): void;
  get(path: string, handler: Handler): void;
  use(path: string, handler: Handler): void;
  listen(port: number, host: string): Server;
}
const express = untypedExpress as { (): ExpressApp; json(options: { limit: number }): Handler; static(root: string): Handler };

const SECRET = 'bench-http-server-secret-of-32-chars!!';
const MAX_BODY_BYTES = 512 * 1024;
const STATIC_FILE = '/dashboard/app.js';
const QUERY = JSON.stringify({ query: 'query Hello($name: String) { hello(name: $name) }', variables: { name: 'levain' } });

/** The application both servers run: Apollo Server over one field, the token check, the dashboard's files. */
async function application() {
  const apollo = new ApolloServer<{ caller: Caller }>({
    typeDefs: 'type Query { hello(name: String): String! }',
    resolvers: { Query: { hello: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'you'}` } },
    stringifyResult: (result) => JSON.stringify(result),
  });
  const verify = createTokenVerifier({ secret: SECRET });
  const staticFile = dashboardRoutes()['/dashboard/*'];
  return { apollo, verify, staticFile };
}

/** Levain's server, as the gateway and subgraphs start it. */
async function serveOurs(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { apollo, verify, staticFile } = await application();
  const service = await startHttpService(
    {
      apollo,
      logger: createLogger('bench', 'silent'),
      maxBodyBytes: MAX_BODY_BYTES,
      authenticate: (request) => verify(request.headers.authorization),
      context: async (_request, _requestId, caller) => ({ caller }),
      ready: async () => true,
      routes: { '/dashboard/*': staticFile },
    },
    0,
  );
  return { url: `http://127.0.0.1:${service.port}`, stop: () => service.stop() };
}

/** Express: express.json, then the same token check and Apollo call; the same static route, and express.static. */
async function serveExpress(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { apollo, verify, staticFile } = await application();
  await apollo.start();
  const app = express();
  app.post('/graphql', express.json({ limit: MAX_BODY_BYTES }), async (request, response, next) => {
    try {
      const caller = await verify(request.headers.authorization);
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body: request.body },
        context: async () => ({ caller }),
      });
      for (const [name, value] of result.headers) response.setHeader(name, value);
      response.statusCode = result.status ?? 200;
      response.end(result.body.kind === 'complete' ? result.body.string : '');
    } catch (error) {
      next(error);
    }
  });
  app.get('/dashboard/{*file}', (request, response) => staticFile(request, response));
  app.use('/static', express.static(fileURLToPath(new URL('../gateway/dashboard/app/', import.meta.url))));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
    },
  };
}

interface Case {
  label: string;
  server: 'ours' | 'express';
  path: string;
  post: boolean;
}

const CASES: Case[] = [
  { label: 'GraphQL POST', server: 'ours', path: '/graphql', post: true },
  { label: 'GraphQL POST', server: 'express', path: '/graphql', post: true },
  { label: `static file (${STATIC_FILE})`, server: 'ours', path: STATIC_FILE, post: false },
  { label: `static file (${STATIC_FILE})`, server: 'express', path: STATIC_FILE, post: false },
  { label: 'static file (express.static)', server: 'express', path: STATIC_FILE.replace('/dashboard/', '/static/'), post: false },
];

async function load(url: string, post: boolean, authorization: string, connections: number, duration: number): Promise<{ requests: number; failures: number }> {
  const result = await autocannon({
    url,
    connections,
    duration,
    ...(post ? { method: 'POST' as const, body: QUERY, headers: { 'content-type': 'application/json', authorization } } : {}),
  });
  return { requests: result.requests.total, failures: result.non2xx + result.errors + result.timeouts };
}

if (process.argv[2] === '--serve') {
  const served = await (process.argv[3] === 'express' ? serveExpress() : serveOurs());
  stopWith(served.stop);
  announceReady({ url: served.url });
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '3' }, rounds: { type: 'string', default: '2' }, connections: { type: 'string', default: '20' } } });
  const [duration, rounds, connections] = [Number(values.duration), Number(values.rounds), Number(values.connections)];
  const authorization = `Bearer ${await signToken({ userId: 'bench', tenantId: '00000000-0000-4000-8000-000000000001', roles: ['VIEWER'] }, SECRET)}`;
  const rows: string[][] = [];
  for (const server of ['ours', 'express'] as const) {
    const child = await startBenchProcess(server, new URL(import.meta.url), { args: ['--serve', server], env: { NODE_ENV: 'production' } });
    for (const entry of CASES.filter((candidate) => candidate.server === server)) {
      const url = `${child.ready.url}${entry.path}`;
      await load(url, entry.post, authorization, connections, 1); // warm-up
      const perSecond: number[] = [];
      const cpuMs: number[] = [];
      let failures = 0;
      for (let round = 0; round < rounds; round++) {
        const cpuBefore = child.cpuSeconds();
        const result = await load(url, entry.post, authorization, connections, duration);
        cpuMs.push(((child.cpuSeconds() - cpuBefore) * 1000) / result.requests);
        perSecond.push(result.requests / duration);
        failures += result.failures;
      }
      rows.push([entry.label, server, fixed(median(perSecond), 0), fixed(median(cpuMs), 3), String(failures)]);
      console.error(`measured: ${server}, ${entry.label}`);
    }
    await child.stop();
  }
  console.log(`\n${connections} connections, median of ${rounds} rounds of ${duration} s; CPU of the server process only\n`);
  console.log(markdownTable(['request', 'server', 'req/s', 'server CPU ms/req', 'failures'], rows, ['l', 'l']));
}
