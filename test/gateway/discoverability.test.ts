import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startGateway } from '../../gateway/server.ts';
import { ROLE_MATRIX } from '../../gateway/role-matrix.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { graphql, TEST_JWT_SECRET, tenantId, tokenFor } from '../support/graphql.ts';
import { createDb } from '../../db/client.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/** What a newcomer finds with a browser and with introspection: the root, the IDE, the schema's own words. */
let stack: TestStack;
let production: HttpService;
let origin: string;

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  origin = new URL(stack.gatewayUrl).origin;
  const config = loadConfig(
    { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: inject('databaseUrl'), REDIS_URL: 'redis://127.0.0.1:6379' },
    { exitOnError: false },
  );
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  production = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent') }, 0);
});
afterAll(async () => {
  await production?.stop();
  await stack?.stop();
});

const browser = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

test('GET / redirects to the dashboard, in development and in production', async () => {
  for (const base of [origin, new URL(production.url).origin]) {
    const response = await fetch(`${base}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard/');
  }
});

describe('the GraphQL IDE in development', () => {
  test('a browser opening /graphql without a token gets GraphiQL, every script and style from this origin', async () => {
    const response = await fetch(`${origin}/graphql`, { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const page = await response.text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.sort()).toEqual(['/graphql-ide/graphiql.css', '/graphql-ide/graphiql.js', '/graphql-ide/react-dom.js', '/graphql-ide/react.js', '/graphql-ide/start.js']);
    expect(page).not.toMatch(/https?:\/\//);
    for (const asset of assets) {
      const file = await fetch(`${origin}${asset}`);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('content-type'), asset).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    const graphiql = await (await fetch(`${origin}/graphql-ide/graphiql.js`)).text();
    expect(graphiql).toContain('GraphiQL');
  });

  test('API clients are unchanged: a GET without HTML in Accept still needs a token', async () => {
    const response = await fetch(`${origin}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(401);
  });

  test('production serves no IDE: the browser gets the 401 JSON, the assets are not there', async () => {
    const base = new URL(production.url).origin;
    const page = await fetch(`${base}/graphql`, { headers: browser });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/application\/json/);
    expect((await fetch(`${base}/graphql-ide/graphiql.js`)).status).toBe(404);
  });
});

describe("the schema's descriptions", () => {
  test('Mutation says the truth per role; tenant and planningSettings are described', async () => {
    const db = createDb(inject('databaseUrl'), 1);
    const token = await tokenFor(await tenantId(db, 'demo'), ['VIEWER']);
    await db.destroy();
    const response = await graphql<{ __type: { description: string }; query: { fields: { name: string; description: string | null }[] } }>(
      stack.gatewayUrl,
      '{ __type(name: "Mutation") { description } query: __type(name: "Query") { fields { name description } } }',
      {},
      token,
    );
    const mutation = response.data!.__type.description;
    expect(mutation).not.toMatch(/every one needs the ADMIN role/);
    // Every role that the role matrix gives a mutation is named in the description.
    for (const role of new Set(Object.values(ROLE_MATRIX.Mutation))) expect(mutation).toContain(role);
    const fields = new Map(response.data!.query.fields.map((field) => [field.name, field.description]));
    expect(fields.get('tenant')).toMatch(/bakery/);
    expect(fields.get('planningSettings')).toMatch(/time zone/);
  });
});
