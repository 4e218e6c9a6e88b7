import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLField, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { seedIds } from '../../db/seeds/seed-ids.ts';
import { graphqlRuntime } from '../../gateway/graphql-runtime.ts';
import { startGateway } from '../../gateway/server.ts';
import { composeSupergraph } from '../../gateway/supergraph.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { plainValue, prng, randomQuery, type Random } from '../support/operation-generator.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * The fast path (gateway/fast-path/) proven equal to @apollo/gateway's own executor: plain
 * operations generated from the composed API schema, with variables drawn over the seeded
 * bakeries (`demo` and `rival`: their rows' ids, fixed small scalars), each answered by a
 * gateway with the fast path and by the same gateway without it (stock @apollo/gateway
 * execution) — the same status and the same body, byte for byte (data, errors), with the same
 * number of subgraph requests.
 *
 * Both gateways run in this process against the same real subgraph servers; operations run
 * DIFFERENTIAL_CONCURRENCY at a time, each request under its own `x-request-id`, which the
 * gateway forwards to the subgraphs, so each operation's subgraph requests are counted exactly
 * (in-flight deduplication off in both, so one request never joins another's fetch; entity-fetch
 * merging off, since it sends fewer requests than Apollo by design — test/gateway/plan-route.test.ts
 * checks its answers and counts).
 *
 * Deterministic: DIFFERENTIAL_SEED fixes the operations; DIFFERENTIAL_OPERATIONS sets how many
 * distinct ones (CI: 10,000; e.g. DIFFERENTIAL_OPERATIONS=100000 for a nightly-style run).
 */

const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20_261_203);
const OPERATIONS = Number(process.env.DIFFERENTIAL_OPERATIONS ?? 10_000);
const CONCURRENCY = Number(process.env.DIFFERENTIAL_CONCURRENCY ?? 24);
/** Selection depth under the root field (1–3). */
const MAX_DEPTH = 3;

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  token: string;
}

let stack: TestStack;
let db: Db;
let fast: HttpService;
let stock: HttpService;
let tokens: string[];
let ids: string[];

/** The composed API schema (what clients see), in this file's copy of graphql. */
function apiSchema(): GraphQLSchema {
  const supergraph = Supergraph.build(composeSupergraph(loadConfigUrls()).supergraphSdl);
  return buildSchema(graphqlRuntime.printSchema(supergraph.apiSchema().toGraphQLJSSchema()));
}

function loadConfigUrls(): Record<SubgraphName, string> {
  return Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
}

/** Up to 6 ids of every table of the seeded bakeries: what ID variables are drawn from. */
async function seededIds(tenantIds: readonly string[]): Promise<string[]> {
  const tables = await db('information_schema.columns')
    .where({ column_name: 'tenant_id' })
    .whereIn('table_schema', ['inventory', 'suppliers', 'recipes', 'planning'])
    .whereExists((query) => query.select(db.raw(1)).from('information_schema.columns as c').whereRaw("c.table_schema = columns.table_schema and c.table_name = columns.table_name and c.column_name = 'id'"))
    .orderBy(['table_schema', 'table_name'])
    .select<{ table_schema: string; table_name: string }[]>('table_schema', 'table_name');
  const found: string[] = [...tenantIds];
  for (const { table_schema, table_name } of tables) {
    const rows = await db(`${table_schema}.${table_name}`).whereIn('tenant_id', tenantIds).orderBy('id').limit(6).select<{ id: unknown }[]>('id');
    found.push(...rows.map((row) => String(row.id)));
  }
  return found;
}

/** `count` distinct plain queries (seed-fixed), each with one of `tokens`. */
function generate(random: Random, schema: GraphQLSchema, count: number): Operation[] {
  const roots = Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[];
  const parts = {
    random,
    value: (type: Parameters<typeof plainValue>[0]) => plainValue(type, random, ids),
    // Now and then an alias, some named like Object.prototype's members.
    key: (name: string) => (random.chance(0.04) ? random.pick(['__proto__', 'constructor', `${name}Alias`]) : name),
  };
  const seen = new Set<string>();
  const operations: Operation[] = [];
  for (let attempt = 0; operations.length < count && attempt < count * 5; attempt++) {
    const { query, variables } = randomQuery(random.pick(roots), parts, 1 + random.int(MAX_DEPTH));
    const token = random.pick(tokens);
    const key = JSON.stringify([query, variables, token]);
    if (seen.has(key)) continue;
    seen.add(key);
    operations.push({ query, variables, token });
  }
  return operations;
}

/** The gateway's answer: its status and its body as written (the two gateways' bodies are compared byte for byte). */
async function ask(url: string, operation: Operation, requestId: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operation.token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startTestStack(inject('databaseUrl'));
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' }, { exitOnError: false });
  const start = (planRoute: boolean) =>
    startGateway({ config, subgraphUrls: loadConfigUrls(), logger: createLogger('gateway', 'silent'), tuning: { planRoute, deduplicateInflight: false, mergeEntityFetches: false } }, 0);
  [fast, stock] = await Promise.all([start(true), start(false)]);
  const tenantIds = [seedIds.tenant('demo'), seedIds.tenant('rival')];
  tokens = await Promise.all(tenantIds.flatMap((tenantId) => [tokenFor(tenantId, ['ADMIN']), tokenFor(tenantId, ['VIEWER'])]));
  ids = await seededIds(tenantIds);
  // Each gateway asks planning once whether a token's bakery exists: done here, not counted below.
  for (const url of [fast.url, stock.url]) for (const token of tokens) await ask(url, { query: '{ tenant { id } }', variables: {}, token }, 'warm-up');
});
afterAll(async () => {
  await fast?.stop();
  await stock?.stop();
  await stack?.stop();
  await db?.destroy();
});

test(`${OPERATIONS} generated plain operations (seed ${SEED}): the fast path answers exactly as @apollo/gateway, with as many subgraph requests`, async () => {
  const operations = generate(prng(SEED), apiSchema(), OPERATIONS);
  expect(operations.length).toBe(OPERATIONS);
  stack.resetCounts();
  const differences: string[] = [];
  let next = 0;
  let answeredWithErrors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < operations.length) {
      const index = next++;
      const operation = operations[index];
      const [fastAnswer, stockAnswer] = await Promise.all([ask(fast.url, operation, `fast-${index}`), ask(stock.url, operation, `stock-${index}`)]);
      if ((JSON.parse(stockAnswer.body) as { errors?: unknown }).errors) answeredWithErrors++;
      if (fastAnswer.status !== stockAnswer.status || fastAnswer.body !== stockAnswer.body) {
        differences.push(`#${index} ${JSON.stringify(operation)}\n  fast:  ${JSON.stringify(fastAnswer).slice(0, 600)}\n  stock: ${JSON.stringify(stockAnswer).slice(0, 600)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const requests = (name: string) => stack.requestsById.get(name) ?? 0;
  operations.forEach((operation, index) => {
    if (requests(`fast-${index}`) !== requests(`stock-${index}`)) {
      differences.push(`#${index} ${JSON.stringify(operation)}\n  subgraph requests: fast ${requests(`fast-${index}`)}, stock ${requests(`stock-${index}`)}`);
    }
  });
  const total = (prefix: string) => operations.reduce((sum, _, index) => sum + requests(`${prefix}-${index}`), 0);
  console.info(
    `differential seed ${SEED}: ${operations.length} operations in ${seconds.toFixed(1)} s (${(operations.length / seconds).toFixed(0)} operations/s, each through both gateways);` +
      ` ${answeredWithErrors} answered with errors; subgraph requests fast ${total('fast')}, stock ${total('stock')}; ${differences.length} differences`,
  );
  expect(differences.slice(0, 10)).toEqual([]);
}, 900_000);
