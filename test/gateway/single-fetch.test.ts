import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { startGateway } from '../../gateway/server.ts';
import { SingleFetchRoute } from '../../gateway/single-fetch.ts';
import { composeSupergraph } from '../../gateway/supergraph.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Queries one subgraph fetch answers as they are skip @apollo/gateway's result shaping
 * (gateway/single-fetch.ts). Shown: which queries take that route; and for each kind of query,
 * Levain's gateway answers exactly what the same gateway without the route answers, with the
 * same number of subgraph requests (one more for a single-fetch query whose answer has errors).
 */

const URLS = { inventory: 'http://127.0.0.1:1/graphql', suppliers: 'http://127.0.0.1:2/graphql', recipes: 'http://127.0.0.1:3/graphql', planning: 'http://127.0.0.1:4/graphql' };

describe('which queries take the single-fetch route', () => {
  const route = new SingleFetchRoute(composeSupergraph(URLS).supergraphSdl, new Map());
  const routed = (query: string, operationName?: string) => route.singleFetchFor(parse(query), operationName)?.serviceName ?? null;

  test('a query one subgraph answers as written goes to that subgraph', () => {
    expect(routed('query L($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id name } missingIds } }')).toBe('inventory');
    expect(routed('{ a: suppliers(first: 3) { totalCount edges { node { n: name } } } }')).toBe('suppliers');
    expect(routed('query A { tenant { id } } query B { recipes(first: 2) { totalCount } }', 'B')).toBe('recipes');
  });

  test('everything else takes the usual path', () => {
    const usual = {
      'two subgraphs': '{ ingredients(first: 2) { edges { node { name offers { unitPrice } } } } }',
      'two root fields of two subgraphs': '{ tenant { id } suppliers(first: 1) { totalCount } }',
      'a mutation': 'mutation { updatePlanningSettings(input: { horizonDays: 7 }) { horizonDays } }',
      'a fragment': '{ ingredients(first: 2) { ...F } } fragment F on IngredientConnection { totalCount }',
      'an inline fragment': '{ ingredients(first: 2) { ... on IngredientConnection { totalCount } } }',
      '@include': 'query ($on: Boolean!) { ingredients(first: 2) { totalCount @include(if: $on) } }',
      'root __typename': '{ __typename ingredients(first: 2) { totalCount } }',
      introspection: '{ __schema { queryType { name } } }',
      'an unknown field': '{ nothing }',
    };
    for (const [name, query] of Object.entries(usual)) expect(routed(query), name).toBeNull();
  });
});

describe('answers with and without the route', () => {
  let db: Db;
  let stack: TestStack;
  let plain: HttpService;
  let token: string;

  beforeAll(async () => {
    db = createDb(inject('databaseUrl'), 2);
    const { tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug: `single-fetch-${randomUUID().slice(0, 8)}` } });
    token = await tokenFor(tenantId, ['VIEWER']);
    stack = await startTestStack(inject('databaseUrl'));
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' }, { exitOnError: false });
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
    plain = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent'), tuning: { singleFetchRoute: false } }, 0);
    // Each gateway asks planning once whether the token's bakery exists; not part of what is counted below.
    for (const url of [stack.gatewayUrl, plain.url]) expect((await graphql(url, '{ tenant { id } }', {}, token)).errors).toBeUndefined();
  });
  afterAll(async () => {
    await plain?.stop();
    await stack?.stop();
    await db?.destroy();
  });

  /** Sends `query` to both gateways; returns both answers and the subgraph requests each cost. */
  async function both(query: string, variables: Record<string, unknown> = {}) {
    const requests = () => Object.values(stack.subgraphs).reduce((sum, subgraph) => sum + subgraph.requests, 0);
    stack.resetCounts();
    const levain = await graphql(stack.gatewayUrl, query, variables, token);
    const levainRequests = requests();
    stack.resetCounts();
    const usual = await graphql(plain.url, query, variables, token);
    return { levain, usual, levainRequests, usualRequests: requests() };
  }

  test('a batch lookup with unknown ids: the same answer from one request', async () => {
    const { ingredients } = (await graphql(stack.gatewayUrl, '{ ingredients(first: 30) { edges { node { id } } } }', {}, token)).data;
    const ids = [...ingredients.edges.map((edge: { node: { id: string } }) => edge.node.id).slice(0, 25), randomUUID()];
    // `other` is not a variable of the operation: neither path sends it on.
    const query = 'query L($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id sku name unit perishable shelfLifeDays reorderPoint } missingIds } }';
    const result = await both(query, { ids, other: 3 });
    expect(result.levain).toEqual(result.usual);
    expect(result.levain.data.ingredientsByIds.ingredients).toHaveLength(25);
    expect(result.levain.data.ingredientsByIds.missingIds).toHaveLength(1);
    expect([result.levainRequests, result.usualRequests]).toEqual([1, 1]);
  });

  test('aliases, arguments, nulls and nested lists: the same answer', async () => {
    const query = `query ($missing: ID!) {
      first: ingredients(first: 3, filter: { perishable: true }) { totalCount pageInfo { hasNextPage } edges { cursor node { label: name lots { quantity expiresOn } stock { onHand belowReorderPoint } } } }
      none: ingredient(id: $missing) { id }
    }`;
    const result = await both(query, { missing: randomUUID() });
    expect(result.levain.errors).toBeUndefined();
    expect(result.levain).toEqual(result.usual);
    expect(result.levain.data.none).toBeNull();
    expect([result.levainRequests, result.usualRequests]).toEqual([1, 1]);
  });

  test('an answer with errors is stated as the usual path states it (fetched once more)', async () => {
    const result = await both('{ ingredientsByIds(ids: ["not-a-uuid"]) { missingIds } }');
    expect(result.levain.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.levain).toEqual(result.usual);
    expect([result.levainRequests, result.usualRequests]).toEqual([2, 1]);
  });

  test('a query across subgraphs, and one with a fragment: the same answers and requests', async () => {
    for (const query of [
      '{ ingredients(first: 5) { edges { node { name offers { unitPrice supplier { name } } usedIn { name } } } } }',
      '{ ingredients(first: 5) { ...Page } } fragment Page on IngredientConnection { totalCount edges { node { name } } }',
    ]) {
      const result = await both(query);
      expect(result.levain.errors).toBeUndefined();
      expect(result.levain).toEqual(result.usual);
      expect(result.levainRequests).toBe(result.usualRequests);
    }
  });
});
