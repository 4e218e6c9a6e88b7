import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { subgraphRuntime } from '../../subgraphs/subgraph-process.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { countQueries } from './database.ts';
import { TEST_JWT_SECRET } from './graphql.ts';

export interface TestStack {
  gatewayUrl: string;
  gateway: HttpService;
  subgraphs: Record<SubgraphName, { url: string; db: Db; queries: ReturnType<typeof countQueries>; requests: number }>;
  /** Requests the four subgraphs received per `x-request-id` (the gateway forwards the client's), since the last reset. */
  requestsById: Map<string, number>;
  /** All SQL statements the four subgraphs ran since the last reset. */
  totalQueries(): number;
  resetCounts(): void;
  stop(): Promise<void>;
}

/**
 * Starts the four subgraphs (each with its own pool and SQL counter) and the gateway in this
 * process, on ephemeral ports, against `databaseUrl`. Counts the requests each subgraph receives.
 */
export async function startTestStack(databaseUrl: string, env: Record<string, string> = {}): Promise<TestStack> {
  // Rate limits are off unless a test turns them on (test/security/rate-limit.test.ts).
  const config = loadConfig(
    { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0', ...env },
    { exitOnError: false },
  );
  const subgraphs = {} as TestStack['subgraphs'];
  const requestsById = new Map<string, number>();
  const services: HttpService[] = [];
  for (const definition of ALL_SUBGRAPHS) {
    const db = createDb(databaseUrl, 4);
    // ALL_SUBGRAPHS' order: planning first (the others check a mutation's tenant there), inventory
    // before suppliers and recipes (they check ingredient ids and skus at its ephemeral URL); planning
    // asks recipes and inventory per request, so it reads their URLs once everything is up.
    const runtime = {
      ...subgraphRuntime(config, db, createLogger(definition.name, 'silent')),
      planningUrl: subgraphs.planning?.url,
      get inventoryUrl() {
        return subgraphs.inventory?.url;
      },
      get recipesUrl() {
        return subgraphs.recipes?.url;
      },
    };
    const service = await startSubgraph(definition, runtime, 0);
    const entry = { url: service.url, db, queries: countQueries(db), requests: 0 };
    service.server.on('request', (request) => {
      if (!request.url?.startsWith('/graphql')) return;
      entry.requests += 1;
      const id = request.headers['x-request-id'];
      if (typeof id === 'string') requestsById.set(id, (requestsById.get(id) ?? 0) + 1);
    });
    subgraphs[definition.name] = entry;
    services.push(service);
  }
  const urls = Object.fromEntries(Object.entries(subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent') }, 0);
  const entries = Object.values(subgraphs);
  return {
    gatewayUrl: gateway.url,
    gateway,
    subgraphs,
    requestsById,
    totalQueries: () => entries.reduce((sum, entry) => sum + entry.queries.count, 0),
    resetCounts() {
      requestsById.clear();
      for (const entry of entries) {
        entry.queries.reset();
        entry.requests = 0;
      }
    },
    async stop() {
      await gateway.stop();
      for (const service of services) await service.stop();
      for (const entry of entries) await entry.db.destroy();
    },
  };
}

/**
 * A test file's stack and its own small pool, started before its tests and stopped after them;
 * `assign` hands them to the file's variables: `useGatewayStack((started) => ({ stack, url, db } = started))`.
 */
export function useGatewayStack(assign: (started: { stack: TestStack; url: string; db: Db }) => void): void {
  let started: { stack: TestStack; url: string; db: Db } | undefined;
  beforeAll(async () => {
    const stack = await startTestStack(inject('databaseUrl'));
    started = { stack, url: stack.gatewayUrl, db: createDb(inject('databaseUrl'), 2) };
    assign(started);
  });
  afterAll(async () => {
    await started?.stack.stop();
    await started?.db.destroy();
  });
}
