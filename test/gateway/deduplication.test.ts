import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { randomUUID } from 'node:crypto';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';

/**
 * The gateway's deduplication, seen from the subgraph: recipes name the same ingredient many
 * times, and the `_entities` fetch to inventory should carry each ingredient once, while the
 * client still gets every line. A recording proxy in front of inventory sees what was sent.
 */

const RECIPES = `query { recipes(first: 100) { edges { node { id ingredients { quantity ingredient { id name unit } } } } } }`;

let db: Db;
// A copy of the demo bakery of its own: other test files add recipes to `demo` whose ingredient
// ids inventory does not know, and one such line would null this query's whole answer.
let bakeryId: string;
const services: HttpService[] = [];
let proxy: Server;
const sentToInventory: { query: string; variables?: { representations?: unknown[] } }[] = [];
const gateways: Record<'deduplicating' | 'plain', HttpService> = {} as never;

beforeAll(async () => {
  const databaseUrl = inject('databaseUrl');
  db = createDb(databaseUrl, 2);
  ({ tenantId: bakeryId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug: `dedup-${randomUUID().slice(0, 8)}` } }));
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' }, { exitOnError: false });
  const urls = {} as Record<SubgraphName, string>;
  for (const definition of ALL_SUBGRAPHS) {
    const service = await startSubgraph(
      definition,
      { db, jwtSecret: TEST_JWT_SECRET, logger: createLogger(definition.name, 'silent'), maxBodyBytes: config.MAX_BODY_BYTES },
      0,
    );
    services.push(service);
    urls[definition.name] = service.url;
  }
  const inventoryUrl = urls.inventory;
  proxy = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (request.url?.startsWith('/graphql') && body) sentToInventory.push(JSON.parse(body));
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const answer = await fetch(new URL(request.url ?? '/', inventoryUrl), { method: request.method, headers, body: body || undefined });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  urls.inventory = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
  const logger = createLogger('gateway', 'silent');
  gateways.deduplicating = await startGateway({ config, subgraphUrls: urls, logger }, 0);
  gateways.plain = await startGateway({ config, subgraphUrls: urls, logger, tuning: { deduplicate: false } }, 0);
});

afterAll(async () => {
  for (const gateway of Object.values(gateways)) await gateway?.stop();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  for (const service of services) await service.stop();
  await db?.destroy();
});

async function recipesThrough(gateway: HttpService) {
  sentToInventory.length = 0;
  const response = await graphql(gateway.url, RECIPES, {}, await tokenFor(bakeryId, ['VIEWER']));
  expect(response.errors).toBeUndefined();
  const lines = response.data.recipes.edges.flatMap((edge: { node: { ingredients: { ingredient: { id: string; name: string } }[] } }) => edge.node.ingredients);
  const entityFetches = sentToInventory.filter((request) => request.query.includes('_entities'));
  expect(entityFetches).toHaveLength(1);
  return { response, lines, representations: entityFetches[0].variables!.representations! };
}

describe('deduplication of entity representations', () => {
  test('each ingredient is asked of inventory once however many recipe lines name it, and every line gets its answer', async () => {
    const deduplicated = await recipesThrough(gateways.deduplicating);
    const distinctIngredients = new Set(deduplicated.lines.map((line: { ingredient: { id: string } }) => line.ingredient.id));
    expect(distinctIngredients.size).toBeLessThan(deduplicated.lines.length); // the demo bakery's recipes share ingredients
    expect(deduplicated.representations).toHaveLength(distinctIngredients.size);
    for (const line of deduplicated.lines) expect(line.ingredient.name).toEqual(expect.any(String));

    const plain = await recipesThrough(gateways.plain);
    expect(plain.representations).toHaveLength(plain.lines.length); // what @apollo/gateway sends by itself
    expect(deduplicated.response.data).toEqual(plain.response.data);
  });
});
