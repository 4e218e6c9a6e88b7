import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { graphql } from '../support/graphql.ts';
import { ownBakery, scrape, startObservedStack, total, type ObservedStack, type Sample } from './support.ts';

const METRICS_TOKEN = 'observability-test-metrics-token';

let stack: ObservedStack;
let bakery: Awaited<ReturnType<typeof ownBakery>>;
let ingredientCount: number;

/** One client request touching three subgraphs: ingredients (inventory), offers (suppliers), usedIn (recipes). */
const CROSS_SUBGRAPH = `query ObservabilityStockOverview {
  ingredients(first: 100) { totalCount edges { node { id name stock { onHand } offers { unitPrice } usedIn { name } } } }
}`;

beforeAll(async () => {
  stack = await startObservedStack(inject('databaseUrl'), { METRICS_TOKEN });
  bakery = await ownBakery(inject('databaseUrl'), 'metrics');
  const response = await graphql(stack.gatewayUrl, CROSS_SUBGRAPH, {}, bakery.viewer);
  expect(response.errors).toBeUndefined();
  ingredientCount = response.data.ingredients.edges.length;
  expect(ingredientCount).toBeGreaterThan(3);
});
afterAll(async () => {
  await stack?.stop();
});

describe('/metrics on every service', () => {
  test('answers only the metrics token when one is configured', async () => {
    for (const baseUrl of Object.values(stack.baseUrls)) {
      expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    }
  });

  test('the gateway counts and times the request by operation name, and its fetches by subgraph', async () => {
    const samples = await scrape(stack.baseUrls.gateway, METRICS_TOKEN);
    const operation = { operation: 'ObservabilityStockOverview', service: 'gateway' };
    expect(total(samples, 'levain_graphql_requests_total', { ...operation, outcome: 'ok' })).toBe(1);
    expect(total(samples, 'levain_graphql_request_duration_seconds_count', operation)).toBe(1);
    expect(total(samples, 'levain_graphql_request_duration_seconds_sum', operation)).toBeGreaterThan(0);
    for (const subgraph of ['inventory', 'suppliers', 'recipes']) {
      expect(total(samples, 'levain_gateway_subgraph_fetches_total', { subgraph, operation: 'ObservabilityStockOverview', outcome: 'ok' }), subgraph).toBe(1);
      expect(total(samples, 'levain_gateway_subgraph_fetch_duration_seconds_count', { subgraph }), subgraph).toBeGreaterThanOrEqual(1);
    }
    expect(total(samples, 'levain_gateway_subgraph_fetches_total', { subgraph: 'planning', operation: 'ObservabilityStockOverview' })).toBe(0);
    expect(total(samples, 'levain_gateway_subgraph_fetches_per_request_sum', operation)).toBe(3);
    // The process figures are there too.
    expect(total(samples, 'levain_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  test('each subgraph counts its requests, the SQL statements per request and the DataLoader batch sizes', async () => {
    const inventory = await scrape(stack.baseUrls.inventory, METRICS_TOKEN);
    const suppliers = await scrape(stack.baseUrls.suppliers, METRICS_TOKEN);
    const recipes = await scrape(stack.baseUrls.recipes, METRICS_TOKEN);
    const requests = (samples: Sample[]) => total(samples, 'levain_graphql_requests_total', { outcome: 'ok' });
    expect(requests(inventory)).toBe(1);
    expect(requests(suppliers)).toBe(1);
    expect(requests(recipes)).toBe(1);
    // The gateway names the subgraph operations after the client's.
    expect(inventory.some((sample) => sample.name === 'levain_graphql_requests_total' && sample.labels.operation.startsWith('ObservabilityStockOverview__inventory'))).toBe(true);

    // inventory: the page (count + rows) and one batched stock lookup — a handful of statements, not one per ingredient.
    const inventorySql = total(inventory, 'levain_sql_queries_per_request_sum');
    expect(total(inventory, 'levain_sql_queries_per_request_count')).toBe(1);
    expect(inventorySql).toBeGreaterThanOrEqual(2);
    expect(inventorySql).toBeLessThan(ingredientCount);
    expect(total(inventory, 'levain_sql_queries_total')).toBe(inventorySql);

    // One batch of every ingredient's stock, one of every ingredient's offers, one of usedIn.
    const batch = (samples: Sample[], loader: string) => ({
      batches: total(samples, 'levain_dataloader_batch_size_count', { loader }),
      keys: total(samples, 'levain_dataloader_batch_size_sum', { loader }),
    });
    expect(batch(inventory, 'stockLevelByIngredientId')).toEqual({ batches: 1, keys: ingredientCount });
    expect(batch(suppliers, 'offersByIngredientId')).toEqual({ batches: 1, keys: ingredientCount });
    expect(batch(recipes, 'recipesByIngredientId')).toEqual({ batches: 1, keys: ingredientCount });
    expect(total(suppliers, 'levain_sql_queries_per_request_sum')).toBe(1);
  });

  test('refusals before GraphQL runs show as HTTP responses by status', async () => {
    const anonymous = await graphql(stack.gatewayUrl, '{ tenant { slug } }', {});
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${stack.baseUrls.gateway}/metrics`)).status).toBe(401);
    const samples = await scrape(stack.baseUrls.gateway, METRICS_TOKEN);
    expect(total(samples, 'levain_http_responses_total', { route: 'graphql', status: '401' })).toBe(1);
    expect(total(samples, 'levain_http_responses_total', { route: 'graphql', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'levain_http_responses_total', { route: 'metrics', status: '401' })).toBeGreaterThanOrEqual(1);
  });

  test('a refused operation counts as an error under its name', async () => {
    const refused = await graphql(stack.gatewayUrl, 'query ObservabilityRefused { orchestrationRun(id: "not-a-uuid") { id } }', {}, bakery.viewer);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const samples = await scrape(stack.baseUrls.gateway, METRICS_TOKEN);
    expect(total(samples, 'levain_graphql_requests_total', { operation: 'ObservabilityRefused', outcome: 'error' })).toBe(1);
  });
});
