import { deflateSync, gzipSync } from 'node:zlib';
import { errorCodes, send, type Exchange } from './exchange.ts';
import { judge, type ProbeCase } from './probe-case.ts';
import type { Target } from './target.ts';

/** Hostile documents an attacker writes by hand: the fragment bomb and the ~1 MiB shapes of issue 12. */
export const hostile = {
  /** `levels` fragments, each spreading the next twice: 2^levels visits for a naive walk. */
  fragmentBomb(levels: number): string {
    const parts = ['query Bomb { ...F0 }'];
    for (let level = 0; level < levels; level += 1) parts.push(`fragment F${level} on Query { ...F${level + 1} ...F${level + 1} }`);
    parts.push(`fragment F${levels} on Query { tenant { id } }`);
    return parts.join(' ');
  },
  operations: (count: number) => Array.from({ length: count }, (_, index) => `query Q${index}{tenant{id}}`).join(' '),
  variableDefinitions: (count: number) => `query Q(${Array.from({ length: count }, (_, index) => `$v${index}:Int`).join(',')}){tenant{id}}`,
  duplicateFields: (count: number) => `{tenant{${'id '.repeat(count)}}}`,
  inlineFragments: (count: number) => `{tenant{${'...on Tenant{id} '.repeat(count)}}}`,
  /** `offers { ingredient { … } }` `pairs` times under one ingredient: depth 3 + 2 × pairs. */
  deep: (pairs: number) => `{ ingredients(first: 1) { edges { node { ${'offers { ingredient { '.repeat(pairs)}id${' } }'.repeat(pairs)} } } } }`,
};

/** Refused as a client error with one of `codes` (or any code when none given), no data, no server fault. */
function refusedWith(exchange: Exchange, statuses: number[], codes: string[] = []): boolean {
  const answerCodes = errorCodes(exchange);
  const data = Array.isArray(exchange.json) ? exchange.json.some((answer) => answer?.data) : exchange.json?.data;
  return statuses.includes(exchange.status) && !data && !answerCodes.includes('INTERNAL_SERVER_ERROR') && (codes.length === 0 || answerCodes.some((code) => codes.includes(code)));
}

/**
 * Operation limits at the gateway (README's table): each hostile document refused with a client
 * error before any work; the client's time for each is printed (information only).
 */
export function limitCases(target: Target): ProbeCase[] {
  const token = target.a.tokens.VIEWER;
  const post = (body: string, headers: Record<string, string> = {}, withToken = true) =>
    send({ url: target.options.gateway, headers: { 'content-type': 'application/json', ...(withToken ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const document = (what: string, expected: string, query: string | (() => string), statuses: number[], codes: string[] = [], variables?: () => unknown): ProbeCase => ({
    area: 'limits',
    what,
    expected,
    async run() {
      const text = typeof query === 'string' ? query : query();
      const exchange = await post(JSON.stringify({ query: text, ...(variables ? { variables: variables() } : {}) }));
      return judge(exchange, refusedWith(exchange, statuses, codes));
    },
  });
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);
  return [
    document('fragment bomb, 20 levels (832 bytes)', '400 refused', hostile.fragmentBomb(20), [400]),
    document('fragment bomb, 40 levels', '400 refused', hostile.fragmentBomb(40), [400]),
    document('40,000 operations (~1 MiB)', '4xx refused', () => hostile.operations(40_000), [400, 413]),
    document('60,000 variable definitions', '4xx refused', () => hostile.variableDefinitions(60_000), [400, 413]),
    document('300,000 duplicate fields', '4xx refused', () => hostile.duplicateFields(300_000), [400, 413]),
    document('50,000 inline fragments', '4xx refused', () => hostile.inlineFragments(50_000), [400, 413]),
    document('depth 21 (offers/ingredient nesting)', '400 QUERY_TOO_DEEP', hostile.deep(8), [400], ['QUERY_TOO_DEEP']),
    document('depth 21 spread over fragments', '400 QUERY_TOO_DEEP', `query { ingredients(first: 1) { edges { node { ...A } } } } fragment A on Ingredient { offers { ingredient { ...B } } } fragment B on Ingredient { offers { ingredient { ...C } } } fragment C on Ingredient { offers { ingredient { ...D } } } fragment D on Ingredient { offers { ingredient { offers { ingredient { offers { ingredient { offers { ingredient { offers { ingredient { id } } } } } } } } } } }`, [400], ['QUERY_TOO_DEEP']),
    document('31 aliases', '400 TOO_MANY_ALIASES', `{ tenant { ${Array.from({ length: 31 }, (_, index) => `a${index}: id`).join(' ')} } }`, [400], ['TOO_MANY_ALIASES']),
    document('21 root fields', '400 TOO_MANY_ROOT_FIELDS', `{ ${Array.from({ length: 21 }, () => 'tenant { id }').join(' ')} }`, [400], ['TOO_MANY_ROOT_FIELDS']),
    document('31 definitions', '400 TOO_MANY_DEFINITIONS', `{ tenant { ...F0 } } ${Array.from({ length: 30 }, (_, index) => `fragment F${index} on Tenant { id ${index < 29 ? `...F${index + 1}` : ''} }`).join(' ')}`, [400], ['TOO_MANY_DEFINITIONS']),
    document('101 variable definitions', '400 TOO_MANY_VARIABLES', () => hostile.variableDefinitions(101), [400], ['TOO_MANY_VARIABLES']),
    document('query text of 32,769 characters', '413 QUERY_TOO_LARGE', () => `{ tenant { id } }\n#${'x'.repeat(32_769)}`, [413], ['QUERY_TOO_LARGE']),
    document('2,500 tokens under the text cap', '400 GRAPHQL_PARSE_FAILED', () => hostile.duplicateFields(2_500), [400], ['GRAPHQL_PARSE_FAILED']),
    document('3,000 nested braces', '400 refused', () => `${'{'.repeat(3000)}${'}'.repeat(3000)}`, [400]),
    document('cost bomb: offers→supplier→offers over 500 ingredients', '400 QUERY_TOO_COMPLEX', '{ ingredients(first: 500) { edges { node { offers { supplier { offers { supplier { offers { id } } } } } } } } }', [400], ['QUERY_TOO_COMPLEX']),
    document('first: 501', '400 BAD_USER_INPUT', '{ ingredients(first: 501) { totalCount } }', [400, 200], ['BAD_USER_INPUT']),
    document('5,001 ids in ingredientsByIds (variables)', '400 BAD_USER_INPUT', 'query ($ids: [ID!]!) { ingredientsByIds(ids: $ids) { missingIds } }', [400, 200], ['BAD_USER_INPUT'], () => ({ ids: ids(5001) })),
    document('10,001 items in a list argument (literal in the document)', '4xx refused', () => `{ supplierOffers(ingredientIds: [${'"x",'.repeat(10_001)}]) { id } }`, [400, 413]),
    document('10,001 skus in variables', '400 BAD_USER_INPUT', 'query ($s: [String!]!) { productsBySkus(skus: $s) { missingSkus } }', [400, 200], ['BAD_USER_INPUT'], () => ({ s: Array.from({ length: 10_001 }, (_, index) => `S${index}`) })),
    document('a field with 500 repeated @include directives', '400 refused', `{ tenant { id ${'@include(if: true) '.repeat(500)} } }`, [400]),
    document('a fragment cycle', '400 refused', 'query { tenant { ...A } } fragment A on Tenant { id ...B } fragment B on Tenant { ...A }', [400]),
    document('two anonymous operations', '400 refused', '{ tenant { id } } { planningSettings { timezone } }', [400]),
    {
      area: 'limits',
      what: '100,000-deep nested list in a variable',
      expected: '400 refused',
      async run() {
        const query = JSON.stringify('query ($f: IngredientFilter) { ingredients(first: 1, filter: $f) { totalCount } }');
        const exchange = await post(`{"query":${query},"variables":{"f":{"search":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`);
        return judge(exchange, refusedWith(exchange, [400]));
      },
    },
    {
      area: 'limits',
      what: 'unknown operationName',
      expected: '400 refused',
      async run() {
        const exchange = await post(JSON.stringify({ query: 'query A { tenant { id } }', operationName: 'B' }));
        return judge(exchange, refusedWith(exchange, [400]));
      },
    },
    {
      area: 'limits',
      what: 'a batch of 11 operations',
      expected: '400 TOO_MANY_OPERATIONS',
      async run() {
        const exchange = await post(JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ tenant { id } }' }))));
        return judge(exchange, refusedWith(exchange, [400], ['TOO_MANY_OPERATIONS']));
      },
    },
    {
      area: 'limits',
      what: 'a batch of 10 operations each within the cost budget, together over it',
      expected: 'those past the budget QUERY_TOO_COMPLEX',
      async run() {
        const query = '{ ingredients(first: 300) { edges { node { offers { supplier { offers { id } } } } } } }';
        const exchange = await post(JSON.stringify(Array.from({ length: 10 }, () => ({ query }))));
        const answers: { data?: unknown; errors?: { extensions?: { code?: string } }[] }[] = Array.isArray(exchange.json) ? exchange.json : [];
        const refused = answers.filter((answer) => !answer.data && answer.errors?.some((error) => error.extensions?.code === 'QUERY_TOO_COMPLEX')).length;
        return judge(exchange, answers.length === 10 && refused > 0 && !errorCodes(exchange).includes('INTERNAL_SERVER_ERROR'), `${exchange.status}: ${10 - refused} ran, ${refused} QUERY_TOO_COMPLEX`);
      },
    },
    {
      area: 'limits',
      what: 'one PLANNER asks for runs on 10 dates in one batch (issue 12, finding 6)',
      expected: 'at most 3 open runs, the rest BAD_USER_INPUT',
      async run() {
        const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
        const batch = Array.from({ length: 10 }, (_, index) => ({ query: `mutation { requestOrchestration(input: { planDate: "${day(index + 20)}" }) { id status } }` }));
        const exchange = await send({ url: target.options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${target.a.tokens.PLANNER}` }, body: JSON.stringify(batch) });
        const answers: { data?: { requestOrchestration?: { status: string } } | null; errors?: { extensions?: { code?: string } }[] }[] = Array.isArray(exchange.json) ? exchange.json : [];
        const queued = answers.filter((answer) => answer.data?.requestOrchestration).length;
        const refused = answers.filter((answer) => answer.errors?.some((error) => error.extensions?.code === 'BAD_USER_INPUT')).length;
        return judge(exchange, answers.length === 10 && queued <= 3 && queued + refused === 10, `${queued} queued, ${refused} BAD_USER_INPUT`);
      },
    },
    {
      area: 'limits',
      what: 'an empty batch []',
      expected: '400 refused',
      async run() {
        const exchange = await post('[]');
        return judge(exchange, exchange.status === 400);
      },
    },
    {
      area: 'limits',
      what: 'a 1 MiB + 1 byte body with a valid token',
      expected: '413 PAYLOAD_TOO_LARGE',
      async run() {
        const exchange = await post(`{"query":"{ tenant { id } }","pad":"${'x'.repeat(1024 * 1024)}"}`);
        return judge(exchange, exchange.status === 413);
      },
    },
    {
      area: 'limits',
      what: 'a 5 MiB body without a token',
      expected: '401 before reading it',
      async run() {
        const exchange = await post(`{"query":"{ tenant { id } }","pad":"${'x'.repeat(5 * 1024 * 1024)}"}`, {}, false);
        return judge(exchange, exchange.status === 401 || exchange.status === 413);
      },
    },
    {
      area: 'limits',
      what: 'a 40 MiB body with a SERVICE token (above its 32 MiB allowance)',
      expected: '413 PAYLOAD_TOO_LARGE',
      async run() {
        const exchange = await send({ url: target.options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${target.a.tokens.SERVICE}` }, body: `{"query":"{ tenant { id } }","pad":"${'x'.repeat(40 * 1024 * 1024)}"}` });
        return judge(exchange, exchange.status === 413);
      },
    },
    ...(['gzip', 'deflate'] as const).map<ProbeCase>((encoding) => ({
      area: 'limits',
      what: `a ${encoding} bomb: 20 KB that inflates to 20 MiB (content-encoding: ${encoding})`,
      expected: '4xx, not inflated past the body limit',
      async run() {
        const inflated = Buffer.concat([Buffer.from('{"query":"{ tenant { id } }","pad":"'), Buffer.alloc(20 * 1024 * 1024, ' '), Buffer.from('"}')]);
        const body = encoding === 'gzip' ? gzipSync(inflated, { level: 9 }) : deflateSync(inflated, { level: 9 });
        const exchange = await send({ url: target.options.gateway, headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${token}` }, body });
        return judge(exchange, exchange.status >= 400 && exchange.status < 500 && !exchange.json?.data);
      },
    })),
    {
      area: 'limits',
      what: 'malformed JSON body',
      expected: '400, no stack trace',
      async run() {
        const exchange = await post('{"query": "{ tenant { id } }",');
        return judge(exchange, exchange.status === 400 && !/at .+\.(ts|js):\d+/.test(exchange.text));
      },
    },
    {
      area: 'limits',
      what: 'the gateway is still ready after the hostile documents',
      expected: '200 ready',
      async run() {
        const exchange = await send({ url: `${target.origin}/health/ready` });
        return judge(exchange, exchange.status === 200);
      },
    },
  ];
}
