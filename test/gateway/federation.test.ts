import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { createDb, type Db } from '../../db/client.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { UNAUTHENTICATED_MESSAGES } from '../../platform/errors.ts';
import { generateSyntheticBakery } from '../../db/seeds/synthetic.ts';
import { graphql, TEST_JWT_SECRET, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let db: Db;
let bigTenant: string;

const DASHBOARD = `query ($first: Int!) {
  ingredients(first: $first) {
    totalCount
    edges { node { id name stock { onHand unit } offers { unitPrice supplier { name leadTimeDays } } usedIn { name } } }
  }
  planningSettings { timezone horizonDays }
}`;

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  db = createDb(inject('databaseUrl'), 2);
  // A medium bakery of its own (≈ 400 ingredients with offers and recipes) for the batching checks.
  const bakery = generateSyntheticBakery('M', 7);
  const slug = `gateway-${randomUUID().slice(0, 8)}`;
  ({ tenantId: bigTenant } = await insertBakery(db, { ...bakery, tenant: { ...bakery.tenant, slug } }));
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

describe('one query across the four subgraphs', () => {
  test('ingredients with stock, offers with suppliers, recipes using them, and settings come back together', async () => {
    const response = await graphql(stack.gatewayUrl, DASHBOARD, { first: 5 }, await tokenFor(await tenantId(db, 'demo'), ['VIEWER']));
    expect(response.errors).toBeUndefined();
    const nodes = response.data.ingredients.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toHaveLength(5);
    expect(nodes.some((node: any) => node.offers.length > 0 && node.offers[0].supplier.name)).toBe(true);
    expect(nodes.some((node: any) => node.usedIn.length > 0)).toBe(true);
    expect(nodes.every((node: any) => typeof node.stock.onHand === 'number')).toBe(true);
    expect(response.data.planningSettings.timezone).toBe('Europe/Madrid');
  });

  test('the SQL count of a 100-ingredient dashboard does not grow with the number of ingredients', async () => {
    const token = await tokenFor(bigTenant, ['VIEWER']);
    // The gateway asks planning once whether a token's bakery exists, then remembers it (gateway/tenants.ts).
    await graphql(stack.gatewayUrl, '{ __typename }', {}, token);
    const countFor = async (first: number) => {
      stack.resetCounts();
      const response = await graphql(stack.gatewayUrl, DASHBOARD, { first }, token);
      expect(response.errors).toBeUndefined();
      expect(response.data.ingredients.edges).toHaveLength(first);
      return stack.totalQueries();
    };
    const forTen = await countFor(10);
    const forHundred = await countFor(100);
    expect(forHundred).toBe(forTen);
    // ingredients page + total, stock, offers, suppliers, recipes using them, settings.
    expect(forHundred).toBeLessThanOrEqual(8);
  });
});

describe('authentication at the gateway', () => {
  const QUERY = '{ planningSettings { timezone } }';

  test('no token, an expired token and a wrong signature are UNAUTHENTICATED, before any subgraph is called', async () => {
    const demo = await tenantId(db, 'demo');
    const expired = await new SignJWT({ tenant: demo, roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_060)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const forged = await new SignJWT({ tenant: demo, roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough-0123'));
    stack.resetCounts();
    // A missing, an expired and a garbage token are told apart; a forged one is just not valid.
    const cases = [
      [undefined, UNAUTHENTICATED_MESSAGES.missing],
      [expired, UNAUTHENTICATED_MESSAGES.expired],
      [forged, UNAUTHENTICATED_MESSAGES.invalid],
      ['not-a-jwt', UNAUTHENTICATED_MESSAGES.invalid],
    ] as const;
    for (const [token, message] of cases) {
      const response = await graphql(stack.gatewayUrl, QUERY, {}, token);
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0].message).toBe(message);
    }
    expect(new Set(Object.values(UNAUTHENTICATED_MESSAGES)).size).toBe(3);
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
  });

  test('a VIEWER cannot run a mutation: FORBIDDEN from the owning subgraph, nothing written', async () => {
    const demo = await tenantId(db, 'demo');
    const response = await graphql(
      stack.gatewayUrl,
      `mutation { updatePlanningSettings(input: { horizonDays: 3 }) { horizonDays } }`,
      {},
      await tokenFor(demo, ['VIEWER']),
    );
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const settings = await db('planning.planning_settings').where({ tenant_id: demo }).first();
    expect(settings.horizon_days).toBe(7);
  });
});

describe('limits at the gateway', () => {
  test('too deep and too many aliases are refused before any subgraph request', async () => {
    const token = await tokenFor(await tenantId(db, 'demo'), ['VIEWER']);
    stack.resetCounts();
    // 14 levels: ingredients › edges › node › (offers › supplier) × 5 › name
    const hops = 'offers { supplier { '.repeat(5) + 'name' + ' } }'.repeat(5);
    const deep = `{ ingredients(first: 1) { edges { node { ${hops} } } } }`;
    const deepResponse = await graphql(stack.gatewayUrl, deep, {}, token);
    expect(deepResponse.errors?.[0].message).toMatch(/limit is 12/);
    expect(deepResponse.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
    // Aliases inside one root field: 31 aliased root fields now stop at the root-field limit (21),
    // the first limit passed (issue 12: the limit walk stops there).
    const aliases = `{ planningSettings { ${Array.from({ length: 31 }, (_, i) => `a${i}: timezone`).join(' ')} } }`;
    const aliasResponse = await graphql(stack.gatewayUrl, aliases, {}, token);
    expect(aliasResponse.errors?.[0].message).toMatch(/31 aliases; the limit is 30/);
    expect(aliasResponse.errors?.[0].extensions?.code).toBe('TOO_MANY_ALIASES');
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
  });

  test('a body over the limit is refused with 413', async () => {
    const token = await tokenFor(await tenantId(db, 'demo'), ['VIEWER']);
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('health endpoints answer', async () => {
    const base = new URL(stack.gatewayUrl);
    expect((await fetch(new URL('/health/live', base))).status).toBe(200);
    expect((await fetch(new URL('/health/ready', base))).status).toBe(200);
  });
});

describe('errors from a subgraph', () => {
  test('a subgraph refusing a malformed Date (HTTP 400) reaches the client as BAD_USER_INPUT, without its URL', async () => {
    const response = await graphql(
      stack.gatewayUrl,
      'query ($from: Date!, $to: Date!) { salesHistory(from: $from, to: $to) { date } }',
      { from: '2026-02-30', to: '2026-03-01' },
      await tokenFor(await tenantId(db, 'demo'), ['VIEWER']),
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('YYYY-MM-DD');
    expect(JSON.stringify(response)).not.toContain('127.0.0.1');
  });
});
