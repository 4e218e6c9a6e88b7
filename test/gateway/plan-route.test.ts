import { ApolloGateway } from '@apollo/gateway';
import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { startGateway } from '../../gateway/server.ts';
import type { PlanStep } from '../../gateway/fast-path/plan-execution.ts';
import { PlanRoute, type Route } from '../../gateway/fast-path/plan-route.ts';
import { composeSupergraph } from '../../gateway/supergraph.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { runPipelineThroughGateway } from '../planning/pipeline-support.ts';
import { dateIn } from '../../platform/time-zones.ts';

/**
 * Plain queries are answered by Levain's own run of their query plan and a projection compiled
 * per operation (gateway/fast-path/plan-route.ts), not by @apollo/gateway's executor. Shown: which queries
 * take that route; and for each kind of query, Levain's gateway answers exactly what the same
 * gateway without the route answers, with the same subgraph requests (its fetches again, when a
 * fetch of the route answers with errors).
 */

const URLS = { inventory: 'http://127.0.0.1:1/graphql', suppliers: 'http://127.0.0.1:2/graphql', recipes: 'http://127.0.0.1:3/graphql', planning: 'http://127.0.0.1:4/graphql' };

/** The subgraphs a plan step fetches from, in plan order. */
function servicesOf(step: PlanStep): string[] {
  return step.kind === 'fetch' || step.kind === 'entities' ? [step.fetch.serviceName] : step.steps.flatMap(servicesOf);
}

describe('which queries take the route', () => {
  let update: (supergraphSdl: string) => void = () => {};
  const gateway = new ApolloGateway({
    supergraphSdl: async (options) => {
      update = options.update;
      return { supergraphSdl: composeSupergraph(URLS).supergraphSdl };
    },
  });
  const planRoute = new PlanRoute(async () => undefined);
  beforeAll(async () => {
    planRoute.follow(gateway);
    await gateway.load();
  });
  afterAll(() => gateway.stop());
  const routeOf = (query: string, operationName?: string) => planRoute.routeFor(parse(query), operationName);
  /** The route of `query`, failing the test when it takes the usual path. */
  const route = (query: string, operationName?: string): Route => {
    const found = routeOf(query, operationName);
    if (typeof found === 'string') expect.fail(`${query} takes the usual path: ${found}`);
    return found;
  };

  test("the plans are @apollo/gateway's own, from its planner, taken again when the supergraph is updated", () => {
    // Compared by identity (a planner is too big for a readable diff).
    const first = planRoute.planner;
    expect(first !== undefined && first === gateway.__testing().queryPlanner).toBe(true);
    update(composeSupergraph({ ...URLS, inventory: 'http://127.0.0.1:5/graphql' }).supergraphSdl);
    expect(planRoute.planner !== first && planRoute.planner === gateway.__testing().queryPlanner).toBe(true);
    expect(servicesOf(route('{ tenant { id } }').plan)).toEqual(['planning']);
  });

  test('without a planner the fast path is off', () => {
    const off = new PlanRoute(async () => undefined);
    expect(off.planner).toBeUndefined();
    expect(off.routeFor(parse('{ tenant { id } }'))).toBe('no-planner');
  });

  test('a query one subgraph answers is sent to it, its data shaped by the projection as by Apollo', () => {
    for (const [query, operationName, service] of [
      ['query L($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id name } missingIds } }', undefined, 'inventory'],
      ['{ a: suppliers(first: 3) { totalCount edges { node { n: name } } } }', undefined, 'suppliers'],
      ['query A { tenant { id } } query B { recipes(first: 2) { totalCount } }', 'B', 'recipes'],
    ] as const) {
      expect(servicesOf(route(query, operationName).plan)).toEqual([service]);
    }
    // A value Apollo's shaping would change (an Int that is a string, a null where non-null) is not answered by the route.
    const projection = route('{ recipes(first: 2) { totalCount } }').projection;
    expect(projection({ recipes: { totalCount: 2 } })).toEqual({ recipes: { totalCount: 2 } });
    expect(projection({ recipes: { totalCount: '2' } })).toBeUndefined();
    expect(projection({ recipes: { totalCount: null } })).toBeUndefined();
    expect(projection({ recipes: { totalCount: 2, __typename: 'NoSuchType' } })).toBeUndefined();
  });

  test('queries across subgraphs are projected', () => {
    const dashboard = route('{ ingredients(first: 2) { edges { node { name offers { unitPrice supplier { name } } usedIn { name } } } } }');
    expect(servicesOf(dashboard.plan)).toEqual(['inventory', 'recipes', 'suppliers']);
    const twoRoots = route('{ tenant { id } suppliers(first: 1) { totalCount } }');
    expect(servicesOf(twoRoots.plan).sort()).toEqual(['planning', 'suppliers']);
    // The planner answers a root __typename itself; the projection adds it.
    expect(route('{ __typename ingredients(first: 2) { totalCount } }').projection({ ingredients: { totalCount: 2 } })).toEqual({ __typename: 'Query', ingredients: { totalCount: 2 } });
  });

  test('a projection never makes up a value the data does not have', () => {
    const projection = route('{ ingredients(first: 2) { edges { node { name stock { onHand } usedIn { name } } } } }').projection;
    const node = { __typename: 'Ingredient', id: '1', name: 'Flour', stock: { onHand: 3 }, usedIn: [{ name: 'Baguette' }] };
    expect(projection({ ingredients: { edges: [{ node }] } })).toEqual({ ingredients: { edges: [{ node: { name: 'Flour', stock: { onHand: 3 }, usedIn: [{ name: 'Baguette' }] } }] } });
    expect(projection({ ingredients: { edges: [{ node: { ...node, usedIn: undefined } }] } })).toBeUndefined();
    expect(projection({ ingredients: { edges: [{ node: { ...node, stock: 'a string' } }] } })).toBeUndefined();
    // An alias named like an Object.prototype member is read from the data only.
    const aliased = route('{ ingredients(first: 1) { edges { node { constructor: name usedIn { name } } } } }').projection;
    expect(aliased({ ingredients: { edges: [{ node: { usedIn: [] } }] } })).toBeUndefined();
    expect(aliased({ ingredients: { edges: [{ node: { constructor: 'Flour', usedIn: [] } }] } })).toEqual({ ingredients: { edges: [{ node: { constructor: 'Flour', usedIn: [] } }] } });
  });

  test('everything else takes the usual path, and says why', () => {
    const usual = {
      'not-a-query': 'mutation { updatePlanningSettings(input: { horizonDays: 7 }) { horizonDays } }',
      'not-plain': '{ ingredients(first: 2) { ...F } } fragment F on IngredientConnection { totalCount }',
      'not-plain ': '{ ingredients(first: 2) { ... on IngredientConnection { totalCount } } }',
      'not-plain  ': 'query ($on: Boolean!) { ingredients(first: 2) { totalCount @include(if: $on) } }',
      'selection-not-allowed': '{ ingredients(first: 2) { totalCount totalCount } }',
      'plan-not-allowed': '{ __schema { queryType { name } } }', // no fetch at all
      'planning-failed': '{ nothing }',
    };
    for (const [reason, query] of Object.entries(usual)) {
      const found = routeOf(query);
      expect(typeof found === 'string' ? found : 'a route', query).toBe(reason.trim());
    }
  });
});

describe('answers with and without the route', () => {
  let db: Db;
  let stack: TestStack;
  let plain: HttpService;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    db = createDb(inject('databaseUrl'), 2);
    ({ tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug: `plan-route-${randomUUID().slice(0, 8)}` } }));
    token = await tokenFor(tenantId, ['VIEWER']);
    stack = await startTestStack(inject('databaseUrl'));
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' }, { exitOnError: false });
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
    plain = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent'), tuning: { planRoute: false } }, 0);
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

  test('fields aliased __proto__ and constructor keep their keys, with and without the route, within a subgraph and across', async () => {
    // Issue 12, finding 11: `{ __proto__: tenant { id } }` answered {"data":{}}.
    const raw = async (url: string, query: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
      return response.text();
    };
    const single = '{ __proto__: tenant { id } constructor: planningSettings { horizonDays } }';
    const across = '{ ingredients(first: 1) { edges { node { __proto__: name offers { constructor: supplier { __proto__: name } } } } } }';
    const withFragment = '{ __proto__: tenant { ...T } } fragment T on Tenant { id }';
    for (const url of [stack.gatewayUrl, plain.url]) {
      const singleText = await raw(url, single);
      expect(singleText).toMatch(/^\{"data":\{"__proto__":\{"id":"[0-9a-f-]{36}"\},"constructor":\{"horizonDays":7\}\}\}$/);
      const acrossText = await raw(url, across);
      expect(acrossText).toMatch(/^\{"data":\{"ingredients":\{"edges":\[\{"node":\{"__proto__":"[^"]+","offers":\[(\{"constructor":\{"__proto__":"[^"]+"\}\},?)*\]\}\}\]\}\}\}$/);
      expect(await raw(url, withFragment)).toMatch(/^\{"data":\{"__proto__":\{"id":"[0-9a-f-]{36}"\}\}\}$/);
      // Nothing leaked onto Object.prototype.
      expect(({} as Record<string, unknown>).id).toBeUndefined();
    }
  });

  test('an answer with errors is stated as the usual path states it (from the answer the route received)', async () => {
    const result = await both('{ ingredientsByIds(ids: ["not-a-uuid"]) { missingIds } }');
    expect(result.levain.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.levain).toEqual(result.usual);
    expect([result.levainRequests, result.usualRequests]).toEqual([1, 1]);
  });

  test('the dashboard, with __typename everywhere as Apollo Client asks: the same answer and requests', async () => {
    const query = `query Dashboard($after: String) {
      __typename
      page: ingredients(first: 12, after: $after) {
        __typename totalCount pageInfo { hasNextPage endCursor }
        edges { node { __typename id name unit
          stock { __typename onHand belowReorderPoint }
          offers { __typename unitPrice packSize supplier { __typename id name leadTimeDays reliability } }
          usedIn { __typename id name product { id name } } } }
      }
    }`;
    const first = await both(query);
    expect(first.levain.errors).toBeUndefined();
    expect(first.levain).toEqual(first.usual);
    expect(first.levain.data.page.edges).toHaveLength(12);
    expect(first.levain.data.page.edges.some((edge: { node: { offers: unknown[] } }) => edge.node.offers.length > 0)).toBe(true);
    expect([first.levainRequests, first.usualRequests]).toEqual([3, 3]);
    const next = await both(query, { after: first.levain.data.page.pageInfo.endCursor });
    expect(next.levain).toEqual(next.usual);
  });

  test('entities named many times (offers naming one supplier) and a null entity: the same answer', async () => {
    const query = `query ($missing: ID!) {
      suppliers(first: 5) { edges { node { name offers { unitPrice ingredient { name stock { onHand } } } } } }
      ingredient(id: $missing) { name offers { unitPrice } }
    }`;
    const result = await both(query, { missing: randomUUID() });
    expect(result.levain.errors).toBeUndefined();
    expect(result.levain).toEqual(result.usual);
    expect(result.levain.data.ingredient).toBeNull();
    expect(result.levainRequests).toBe(result.usualRequests);
  });

  test('a fetch of several answering with errors: the usual answer, with no fetch sent twice', async () => {
    const result = await both('{ tenant { id } ingredientsByIds(ids: ["not-a-uuid"]) { missingIds } }');
    expect(result.levain.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.levain).toEqual(result.usual);
    // The route's two fetches; the usual path takes both answers instead of sending them again.
    expect([result.levainRequests, result.usualRequests]).toEqual([2, 2]);
  });

  test('the procurement plan with its lines and orders: the same answer in 3 subgraph requests, not 4 (entity fetches merged)', async () => {
    const service = await tokenFor(tenantId, ['SERVICE']);
    await runPipelineThroughGateway(stack.gatewayUrl, service, dateIn(DEMO_BAKERY.tenant.timezone));
    const query = `query Plan { latestProcurementPlan { id planDate status totalCost
      lines { quantity unit orderDate neededBy unitPrice cost urgent ingredient { id name unit stock { onHand } } supplier { id name leadTimeDays reliability } }
      purchaseOrders { id orderDate deliveryDate total supplier { id name } } } }`;
    const result = await both(query);
    expect(result.levain.errors).toBeUndefined();
    expect(result.levain).toEqual(result.usual);
    expect(result.levain.data.latestProcurementPlan.lines.length).toBeGreaterThan(0);
    expect(result.levain.data.latestProcurementPlan.purchaseOrders.length).toBeGreaterThan(0);
    expect([result.levainRequests, result.usualRequests]).toEqual([3, 4]);
  });

  test('variables the operation refuses: the usual error, and no subgraph request', async () => {
    const result = await both('query ($after: String) { ingredients(first: 2, after: $after) { totalCount edges { node { offers { unitPrice } } } } }', { after: 5 });
    expect(result.levain.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.levain).toEqual(result.usual);
    expect([result.levainRequests, result.usualRequests]).toEqual([0, 0]);
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
