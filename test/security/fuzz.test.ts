import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import { createDb, type Db } from '../../db/client.ts';
import { ROLES } from '../../platform/auth.ts';
import { tokenFor } from '../support/graphql.ts';
import { prng, randomQuery, type Random } from '../support/operation-generator.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { composedRootFields, composedSchema, findLeak, insertPrivateBakeries, type PrivateBakery, type RootField } from './support.ts';

/**
 * Seeded fuzzing through the gateway (and now and then straight at a subgraph): operations built
 * from the composed schema with hostile values — random and enormous strings, unicode, control
 * characters, SQL and JSON fragments, huge and negative numbers, NaN-like strings, impossible
 * dates, malformed ids — plus malformed documents and malformed HTTP bodies. For every answer:
 * the process is still up, no 5xx without a code, no INTERNAL_SERVER_ERROR, no SQL, stack frame
 * or file path in the body, and a mutation that was refused changed nothing of the bakery.
 *
 * Deterministic: FUZZ_SEED (default below) fixes the sequence; FUZZ_RUNS sets its length, cut short
 * (and logged) past FUZZ_BUDGET_MS on a slow machine. The failing case's index and seed are in the
 * assertion message, so it can be replayed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
/** Generation stops early past this many ms (a loaded CI machine), so the test stays under two minutes. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 80_000);

const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR '1'='1",
  "'; drop table inventory.ingredients; --",
  '"; select pg_sleep(10); --',
  '1; select * from planning.tenants',
  "x' union select id, slug from planning.tenants --",
  '%',
  '_',
  '\\',
  '\\x00',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '{"$ne": null}',
  '{"__proto__": {"admin": true}}',
  '__proto__',
  'constructor',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../../../etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'Ã©Ã¨',
  '🥐🥖🍞',
  '\u202Eevil\u202C',
  '\u200B\u200B',
  'ß'.repeat(300),
  'a'.repeat(10_000),
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  ' 6f9619ff-8b86-d011-b42d-00c04fc964ff',
  '2024-02-30',
  '0000-00-00',
  '9999-12-31',
  '2024-01-01T00:00:00Z',
  '-001-01-01',
  '* * * * *',
  '99 99 99 99 99',
  'Europe/Madrid',
  'Etc/GMT+99',
];
const HOSTILE_NUMBERS = [0, -0, 1, -1, 0.1, 1e-9, -1e-9, 0.0005, 2_147_483_647, 2_147_483_648, -2_147_483_649, 9_007_199_254_740_993, 1e15, 1e308, -1e308, 5e-324, 365, 366, 3650, 3651, 500, 501, 5000, 5001];

function hostileString(random: Random): string {
  if (random.chance(0.15)) return Array.from({ length: random.int(40) }, () => String.fromCodePoint(random.int(0x2ffff))).join('');
  return random.pick(HOSTILE_STRINGS);
}

/** A value for `type`: usually of the right GraphQL shape (so it reaches resolvers), sometimes not. */
function fuzzValue(type: GraphQLInputType, random: Random, bakery: PrivateBakery, depth = 0): unknown {
  if (random.chance(0.04)) return random.pick<unknown>([null, hostileString(random), random.pick(HOSTILE_NUMBERS), [], {}, true]);
  if (isNonNullType(type)) return fuzzValue(type.ofType, random, bakery, depth);
  if (isListType(type)) {
    const length = random.chance(0.1) ? random.int(60) : random.int(4);
    return Array.from({ length }, () => fuzzValue(type.ofType, random, bakery, depth + 1));
  }
  if (isEnumType(type)) return random.chance(0.9) ? random.pick(type.getValues()).value : hostileString(random);
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if ((required && random.chance(0.95)) || (!required && depth < 4 && random.chance(0.5))) value[field.name] = fuzzValue(field.type, random, bakery, depth + 1);
    }
    if (random.chance(0.03)) value[hostileString(random).slice(0, 20) || 'extra'] = 1;
    return value;
  }
  switch (type.name) {
    case 'ID':
      return random.chance(0.6)
        ? random.pick([bakery.ingredient('FLR-T65'), bakery.supplier('Harinera La Meseta'), bakery.product('P-BAGUETTE'), bakery.recipe('P-BAGUETTE'), bakery.tenantId])
        : hostileString(random);
    case 'Int':
      return random.chance(0.8) ? random.pick(HOSTILE_NUMBERS.filter(Number.isInteger)) : random.int(1000) - 500;
    case 'Float':
      return random.chance(0.7) ? random.pick(HOSTILE_NUMBERS) : (random.next() - 0.5) * 10 ** random.int(12);
    case 'Boolean':
      return random.chance(0.5);
    case 'Date':
      return random.chance(0.5) ? new Date(Date.now() + (random.int(400) - 200) * 86_400_000).toISOString().slice(0, 10) : hostileString(random);
    case 'DateTime':
      return random.chance(0.5) ? new Date(Date.now() + (random.int(400) - 200) * 86_400_000).toISOString() : hostileString(random);
    default:
      return hostileString(random);
  }
}

interface FuzzRequest {
  kind: string;
  /** Exact body to send, or a GraphQL request to JSON-encode. */
  body: string | { query: unknown; variables?: unknown; operationName?: unknown };
  contentType?: string;
  mutation: boolean;
}

function schemaOperation(root: RootField, random: Random, bakery: PrivateBakery): FuzzRequest {
  const parts = { random, value: (type: GraphQLInputType) => fuzzValue(type, random, bakery) };
  const body = randomQuery(root.field, parts, 1 + random.int(3), root.rootType === 'Query' ? 'query Fuzz' : 'mutation Fuzz');
  return { kind: `${root.rootType}.${root.name}`, body, mutation: root.rootType === 'Mutation' };
}

function malformedDocument(random: Random): FuzzRequest {
  const generators: (() => string)[] = [
    () => '{'.repeat(1 + random.int(3000)),
    () => `{ ${'ingredients { edges { node { '.repeat(2 + random.int(40))} id ${'} } } '.repeat(random.int(40))}`,
    () => `query { ${Array.from({ length: random.int(200) }, (_, i) => `a${i}: tenant { id }`).join(' ')} }`,
    () => 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }',
    () => '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }',
    () => '{ _entities(representations: [{ __typename: "Ingredient", id: "x" }]) { __typename } }',
    () => '{ _service { sdl } }',
    () => 'subscription { tenant { id } }',
    () => 'query A { tenant { id } } query B { planningSettings { timezone } }',
    () => `{ tenant @skip(if: "${hostileString(random)}") { id } }`,
    () => `{ ingredient(id: ${JSON.stringify(hostileString(random))}) { id } }`,
    () => `{ ingredients(first: ${random.pick(HOSTILE_NUMBERS)}) { totalCount } }`,
    () => `{ stockLevels(ingredientIds: [${'"x",'.repeat(random.int(6000))}]) { missingIds } }`,
    () => `query ($x: Int!) { ingredients(first: $x) { totalCount } }`,
    () => hostileString(random),
    () => `{ ingredients(filter: { search: ${JSON.stringify(hostileString(random))} }) { totalCount } }`,
    () => `mutation { ${'updatePlanningSettings(input: {}) { timezone } '.repeat(1 + random.int(3))}}`,
    () => `{ tenant { id ${'...on Tenant { id '.repeat(random.int(60))}${'}'.repeat(random.int(60))} } }`,
    () => `{ a: ingredients(first: 500) { edges { node { offers { supplier { offers { supplier { offers { id } } } } } } } } }`,
    () => `"""${'x'.repeat(random.int(100_000))}""" { tenant { id } }`,
  ];
  return { kind: 'malformed document', body: { query: random.pick(generators)() }, mutation: false };
}

function malformedBody(random: Random): FuzzRequest {
  const bodies: [string, string][] = [
    ['{"query": "{ tenant { id } }"', 'application/json'],
    ['not json at all', 'application/json'],
    [JSON.stringify({ query: 42 }), 'application/json'],
    [JSON.stringify({ query: { nested: true } }), 'application/json'],
    [JSON.stringify({ query: '{ tenant { id } }', variables: '{"a":1}' }), 'application/json'],
    [JSON.stringify({ query: '{ tenant { id } }', variables: [1, 2] }), 'application/json'],
    [JSON.stringify({ query: '{ tenant { id } }', operationName: 7 }), 'application/json'],
    [JSON.stringify({ query: '{ tenant { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: hostileString(random) } } }), 'application/json'],
    [JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }), 'application/json'],
    [JSON.stringify([]), 'application/json'],
    [JSON.stringify([1, 'two', null]), 'application/json'],
    [JSON.stringify(null), 'application/json'],
    ['"just a string"', 'application/json'],
    ['{ tenant { id } }', 'application/graphql'],
    ['query={ tenant { id } }', 'application/x-www-form-urlencoded'],
    [JSON.stringify({ query: '{ tenant { id } }' }), 'text/plain'],
    [`{"query": "{ tenant { id } }", "variables": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'application/json'],
    [`{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`, 'application/json'],
  ];
  const [body, contentType] = random.pick(bodies);
  return { kind: 'malformed body', body, contentType, mutation: false };
}

/** Every string the request carried (query, variable values), to tell an echo of the caller's input from a leak. */
function sentStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(sentStrings);
  if (value && typeof value === 'object') return [...Object.keys(value), ...Object.values(value).flatMap(sentStrings)];
  return [];
}

/** `text` without the caller's own strings, in the forms an error message quotes them (whole, first 64 characters, JSON-escaped once or twice). */
function withoutEchoes(text: string, request: FuzzRequest): string {
  const sent = typeof request.body === 'string' ? [request.body] : sentStrings(request.body);
  // String literals written inside a document are sent too.
  for (const text of [...sent]) {
    for (const literal of text.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
      try {
        sent.push(JSON.parse(literal));
      } catch {
        sent.push(literal.slice(1, -1));
      }
    }
  }
  // A CSV import names the cells it refuses (its header's columns): the pieces of a sent string are echoes too.
  for (const text of [...sent]) sent.push(...text.split(/[,\r\n]/).map((piece) => piece.trim()));
  let stripped = text;
  for (const value of sent.filter((candidate) => candidate.length >= 3).sort((a, b) => b.length - a.length)) {
    for (const form of [value, value.slice(0, 64)]) {
      const once = JSON.stringify(form).slice(1, -1);
      const twice = JSON.stringify(JSON.stringify(form)).slice(1, -1);
      for (const echo of [twice, once, form]) if (echo.length >= 3) stripped = stripped.replaceAll(echo, '<sent>');
    }
  }
  return stripped;
}

let stack: TestStack;
let db: Db;
let bakery: PrivateBakery;
let tables: string[];

/** Every row the bakery has, as one hash per table, in one statement. */
async function fingerprint(): Promise<string> {
  const parts = tables.map(
    (table) => `select '${table}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${table} x where ${table === 'planning.tenants' ? 'id' : 'tenant_id'} = :tenant`,
  );
  const result = await db.raw(parts.join(' union all '), { tenant: bakery.tenantId });
  return JSON.stringify(result.rows);
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'fuzz'));
  stack = await startTestStack(inject('databaseUrl'));
  const rows = await db('information_schema.columns')
    .where({ column_name: 'tenant_id' })
    .whereIn('table_schema', ['inventory', 'suppliers', 'recipes', 'planning'])
    .orderBy(['table_schema', 'table_name'])
    .select<{ table_schema: string; table_name: string }[]>('table_schema', 'table_name');
  tables = [...rows.map((row) => `${row.table_schema}.${row.table_name}`), 'planning.tenants'];
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

test(`${RUNS} generated requests (seed ${SEED}): no crash, no uncoded 5xx, no internal error, no leak, refused mutations write nothing`, async () => {
  const random = prng(SEED);
  const roots = composedRootFields(composedSchema());
  const tokens = await Promise.all(ROLES.map((role) => tokenFor(bakery.tenantId, [role])));
  const tally = new Map<string, number>();
  let baseline = await fingerprint();
  const started = Date.now();
  let sent = 0;

  for (let index = 0; index < RUNS && Date.now() - started < BUDGET_MS; index++, sent++) {
    const roll = random.next();
    const request = roll < 0.8 ? schemaOperation(random.pick(roots), random, bakery) : roll < 0.93 ? malformedDocument(random) : malformedBody(random);
    const direct = request.kind.startsWith('Query.') || request.kind.startsWith('Mutation.') ? random.chance(0.1) : false;
    const url = direct ? stack.subgraphs[roots.find((root) => `${root.rootType}.${root.name}` === request.kind)!.subgraph].url : stack.gatewayUrl;
    const authorization = random.chance(0.03) ? random.pick(['', 'Bearer', `Bearer ${hostileString(random).replace(/[^\x20-\x7e]/g, '?')}`]) : `Bearer ${random.pick(tokens)}`;
    const where = `request #${index} (seed ${SEED}, ${request.kind}${direct ? ', direct' : ''}): ${JSON.stringify(request.body).slice(0, 400)}`;

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': request.contentType ?? 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    });
    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      expect.fail(`${where}\nanswered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
    }
    const errors: any[] = Array.isArray(body) ? body.flatMap((item) => item?.errors ?? []) : (body?.errors ?? []);
    const codes = errors.map((error) => error?.extensions?.code);
    if (response.status >= 500) expect(codes.length > 0 && codes.every(Boolean), `${where}\nHTTP ${response.status} without a code: ${text.slice(0, 300)}`).toBe(true);
    expect(codes, `${where}\n${text.slice(0, 600)}`).not.toContain('INTERNAL_SERVER_ERROR');
    expect(findLeak(withoutEchoes(text, request)), `${where}\nleaks: ${text.slice(0, 600)}`).toBeUndefined();
    for (const code of codes) tally.set(String(code), (tally.get(String(code)) ?? 0) + 1);
    tally.set(errors.length ? 'refused' : 'answered', (tally.get(errors.length ? 'refused' : 'answered') ?? 0) + 1);

    // Any request that may hold a mutation (generated, or written into a malformed document).
    if (request.mutation || JSON.stringify(request.body).includes('mutation')) {
      const now = await fingerprint();
      const results: any[] = Array.isArray(body) ? body : [body];
      // Refused: the root field itself (or the request) was refused, not a field nested in its result
      // (an error there nulls the result of a mutation that did run, as GraphQL does).
      const refused =
        errors.length > 0 &&
        errors.every((error) => !Array.isArray(error?.path) || error.path.length <= 1) &&
        results.every((result) => Object.values(result?.data ?? {}).every((value) => value === null));
      if (refused) expect(now, `${where}\nwas refused (${codes.join(', ')}) but changed the bakery's rows`).toBe(baseline);
      baseline = now;
    }
  }

  // Every service is still up and ready.
  for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((subgraph) => subgraph.url)]) {
    expect((await fetch(new URL('/health/ready', url))).status).toBe(200);
  }
  console.info(`fuzz seed ${SEED}: ${sent} of ${RUNS} requests`, Object.fromEntries([...tally].sort((a, b) => b[1] - a[1])));
}, 115_000);
