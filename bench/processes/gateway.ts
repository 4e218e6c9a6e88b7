/**
 * One gateway in its own process for the benchmarks:
 *
 *   node --import tsx bench/processes/gateway.ts <levain|stock|hive|hive-rust|grafbase> [--no-dedup] [--no-keepalive] [--pretty-json] [--no-plan-route] [--rate-limits]
 *
 * Every kind serves the same supergraph (SUPERGRAPH_FILE, composed by gateway/supergraph.ts with
 * the subgraphs' real URLs) at `/graphql` on an ephemeral port and forwards the caller's
 * Authorization header, which the subgraphs require.
 *
 * - levain: Levain's own gateway (gateway/server.ts `startGateway`), as shipped; the
 *   benchmark turns the per-tenant and per-address rate limits off (RATE_LIMIT_PER_* = 0) because
 *   the peers have none and a load test would only measure refusals; `--rate-limits` keeps them as
 *   the environment sets them (production defaults; on Redis when REDIS_URL is set), as
 *   bench:orchestration does. `--no-dedup` turns off its
 *   deduplication (identical in-flight subgraph requests, repeated entity representations);
 *   `--no-keepalive` goes back to @apollo/gateway's default fetcher; `--pretty-json` to Apollo
 *   Server's indented responses; `--no-plan-route` runs every query with @apollo/gateway's executor
 *   (GatewayTuning in gateway/server.ts).
 * - stock: `@apollo/gateway` with default settings behind `@apollo/server`'s standalone server;
 *   only a `willSendRequest` that copies the Authorization header. APOLLO_TELEMETRY_DISABLED is
 *   set, as in every process here: otherwise the gateway probes cloud metadata addresses.
 * - hive: Hive Gateway's runtime (`@graphql-hive/gateway-runtime` with
 *   `@graphql-mesh/transport-http`) with default settings, logging off, and header propagation
 *   of Authorization. `--no-dedup` sets the HTTP transport's `deduplicateInflightRequests: false`.
 * - hive-rust: the same, with the Rust query planner (`unifiedGraphHandler` of
 *   `@graphql-hive/router-runtime`, whose Linux binary ships in the package).
 * - grafbase: `grafbase dev` (bench/support/grafbase.ts) serving the four subgraphs' SDL files at
 *   the <NAME>_URL each gets, forwarding Authorization; this process only launches it, and
 *   announces its pid (`servedPid`) so that the benchmark measures Grafbase's CPU and memory.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubgraphName } from '../../platform/config.ts';
import { announceReady, answerParent, stopWith } from '../support/child-process.ts';

const kind = process.argv[2];
const dedup = !process.argv.includes('--no-dedup');
const keepAliveFetcher = !process.argv.includes('--no-keepalive');
const compactJson = !process.argv.includes('--pretty-json');
const planRoute = !process.argv.includes('--no-plan-route');
const rateLimits = process.argv.includes('--rate-limits');
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const supergraphFile = process.env.SUPERGRAPH_FILE;
if (!supergraphFile) throw new Error('SUPERGRAPH_FILE must be set');
const supergraphSdl = readFileSync(supergraphFile, 'utf8');

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function startLevain() {
  const { startGateway } = await import('../../gateway/server.ts');
  const { loadConfig, subgraphUrls } = await import('../../platform/config.ts');
  const { createLogger } = await import('../../platform/logger.ts');
  const config = loadConfig(rateLimits ? process.env : { ...process.env, RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_SERVICE: '0' });
  const gateway = await startGateway(
    { config, subgraphUrls: subgraphUrls(config), logger: createLogger('gateway', config.LOG_LEVEL), tuning: { deduplicate: dedup, keepAliveFetcher, compactJson, planRoute } },
    0,
  );
  return { url: gateway.url, stop: () => gateway.stop() };
}

async function startStock() {
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const { ApolloGateway, RemoteGraphQLDataSource } = await import('@apollo/gateway');
  interface Context {
    authorization?: string;
  }
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<Context>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }: { req: IncomingMessage }) => ({ authorization: req.headers.authorization }),
  });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}

/** Hive Gateway's runtime; `rustPlanner`: with the Rust query planner (@graphql-hive/router-runtime). */
async function startHive(rustPlanner = false) {
  // Hive's logger reads LOG_LEVEL itself and knows no `silent`; its logging is off below anyway.
  delete process.env.LOG_LEVEL;
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const httpTransport = (await import('@graphql-mesh/transport-http')).default;
  const unifiedGraphHandler = rustPlanner ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
    transports: { http: httpTransport },
    ...(dedup ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
    },
    logging: false,
    landingPage: false,
    graphqlEndpoint: '/graphql',
  });
  const server = createServer(runtime);
  const url = await listen(server);
  return {
    url,
    stop: async () => {
      await closeServer(server);
      await runtime.dispose();
    },
  };
}

/** `grafbase dev` in a child process; the parent measures that child (`servedPid`), not this launcher. */
async function startGrafbaseKind() {
  const { SUBGRAPH_NAMES } = await import('../../platform/config.ts');
  const { startGrafbase } = await import('../support/grafbase.ts');
  const { freePorts } = await import('../support/ports.ts');
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, process.env[`${name.toUpperCase()}_URL`] ?? ''])) as Record<SubgraphName, string>;
  const missing = SUBGRAPH_NAMES.filter((name) => !urls[name]);
  if (missing.length) throw new Error(`grafbase needs ${missing.map((name) => `${name.toUpperCase()}_URL`).join(', ')}`);
  const [port] = await freePorts(1);
  const grafbase = await startGrafbase(mkdtempSync(join(tmpdir(), 'levain-grafbase-')), urls, port);
  return { url: grafbase.url, servedPid: grafbase.child.pid, stop: grafbase.stop };
}

const starters: Record<string, () => Promise<{ url: string; servedPid?: number; stop: () => Promise<void> }>> = {
  levain: startLevain,
  stock: startStock,
  hive: () => startHive(),
  'hive-rust': () => startHive(true),
  grafbase: startGrafbaseKind,
};
const start = starters[kind];
if (!start) throw new Error(`usage: gateway.ts <${Object.keys(starters).join('|')}> [--no-dedup], got ${JSON.stringify(kind)}`);
const gateway = await start();
// `memory`: this process's V8 heap and memory outside it (none for a native gateway it only launches).
answerParent(async (message) => {
  if (message.type !== 'memory') throw new Error(`unknown request ${message.type}`);
  return gateway.servedPid ? {} : { usage: process.memoryUsage() };
});
stopWith(gateway.stop);
announceReady({ url: gateway.url, servedPid: gateway.servedPid });
