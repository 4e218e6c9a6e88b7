import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { errorCodes, send, type Exchange } from './exchange.ts';
import { judge, type ProbeCase } from './probe-case.ts';
import { serverFault } from './tenant-isolation.ts';
import { SUBGRAPHS, type Target } from './target.ts';

const area = 'admin-surfaces' as const;

/** Paths that climb out of the dashboard's folder, as written (not normalised by the client). */
const TRAVERSALS = ['/dashboard/../package.json', '/dashboard/%2e%2e/package.json', '/dashboard/..%2fpackage.json', '/dashboard/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/dashboard/..%5c..%5cpackage.json', '/dashboard/%252e%252e/package.json'];

/** A GET of `path` exactly as written: fetch would resolve the dots before sending. */
function rawGet(origin: string, path: string): Promise<Exchange> {
  const url = new URL(origin);
  const started = performance.now();
  return new Promise((resolve) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ request: { url: `${origin}${path}` }, status: response.statusCode ?? 0, headers: new Headers(response.headers as Record<string, string>), text, json: undefined, ms: performance.now() - started }));
    });
    request.on('error', (error) => resolve({ request: { url: `${origin}${path}` }, status: 0, headers: new Headers(), text: String(error), json: undefined, ms: performance.now() - started }));
    request.end();
  });
}
const BOARD = '/admin/queues';

/** A GET or POST the case sends, judged by `holds`. */
function httpCase(what: string, expected: string, request: () => Promise<Exchange>, holds: (exchange: Exchange) => boolean | Promise<boolean>): ProbeCase {
  return { area, what, expected, run: async () => { const exchange = await request(); return judge(exchange, await holds(exchange)); } };
}

/** The queue board, /metrics, introspection and the IDE, CSRF-style requests, and `__proto__` keys. */
export function adminCases(target: Target): ProbeCase[] {
  return [...boardCases(target), ...metricsCases(target), ...introspectionCases(target), ...csrfCases(target), ...prototypeCases(target), ...headerCases(target)];
}

/** What the gateway answers about itself: federation internals, echoed headers, the dashboard's policy. */
function headerCases(target: Target): ProbeCase[] {
  const { options, origin, a } = target;
  const post = (query: string, headers: Record<string, string> = {}) => () => send({ url: options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.VIEWER}`, ...headers }, body: JSON.stringify({ query }) });
  return [
    httpCase('_service { sdl } through the gateway', '400, no SDL', post('{ _service { sdl } }'), (x) => x.status === 400 && !x.text.includes('@key')),
    httpCase('_entities through the gateway', '400', post('{ _entities(representations: [{ __typename: "Ingredient", id: "x" }]) { __typename } }'), (x) => x.status === 400 && !x.json?.data),
    httpCase('a hostile x-request-id (HTML, 200 characters) is not echoed', 'a request id of its own', post('{ tenant { id } }', { 'x-request-id': `<script>${'a'.repeat(190)}</script>` }), (x) => x.status === 200 && !(x.headers.get('x-request-id') ?? '').includes('<')),
    httpCase('the dashboard is served under a Content-Security-Policy', 'CSP header', () => send({ url: `${origin}/dashboard/` }), (x) => x.status === 200 && /default-src|script-src/.test(x.headers.get('content-security-policy') ?? '')),
    httpCase('a CORS preflight from another origin', 'no Access-Control-Allow-Origin for it', () => send({ method: 'OPTIONS', url: options.gateway, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } }), (x) => !['https://evil.example', '*'].includes(x.headers.get('access-control-allow-origin') ?? '') || x.headers.get('access-control-allow-credentials') !== 'true'),
    ...TRAVERSALS.map((path) => httpCase(`path traversal out of the dashboard: ${path}`, '4xx, no file of the server', () => rawGet(origin, path), (x) => x.status >= 400 && !/"name":\s*"levain"|root:x:0/.test(x.text))),
  ];
}

function boardCases(target: Target): ProbeCase[] {
  const { a, b, origin, options } = target;
  const api = `${origin}${BOARD}/api/queues`;
  const get = (token?: string) => () => send({ url: api, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ghostAdmin = () => target.mint.role(randomUUID(), ['ADMIN']);
  if (options.boardOperator === 'none') {
    return [
      httpCase('queue board API with an ADMIN token (no QUEUE_BOARD_TENANT_IDS)', '404 not mounted', get(a.tokens.ADMIN), (x) => x.status === 404),
      httpCase('queue board page with an ADMIN token (no QUEUE_BOARD_TENANT_IDS)', '404 not mounted', () => send({ url: `${origin}${BOARD}`, headers: { authorization: `Bearer ${a.tokens.ADMIN}` } }), (x) => x.status === 404),
      httpCase('queue board sign-in with an ADMIN token (no QUEUE_BOARD_TENANT_IDS)', '404, no cookie', () => signIn(target, a.tokens.ADMIN), (x) => x.status === 404 && !x.headers.get('set-cookie')),
    ];
  }
  const operator = options.boardOperator === 'a' ? a : b;
  const other = operator === a ? b : a;
  let queueName = '';
  // A read-only board refuses every write at the mount (README); a 4xx is the refusal. The queue's
  // counts are not compared: the worker moves jobs between states meanwhile.
  const write = (what: string, method: string, path: () => string, body?: string): ProbeCase =>
    httpCase(`queue board: the operator's ADMIN ${what} (read-only board)`, 'refused (4xx)', () =>
      send({ method, url: `${origin}${BOARD}${path()}`, headers: { authorization: `Bearer ${operator.tokens.ADMIN}`, 'content-type': 'application/json' }, body }),
    (x) => x.status >= 400 && x.status < 500);
  return [
    httpCase('queue board API without a token', '401 (or a redirect to sign-in), no data', get(), (x) => [401, 303, 302].includes(x.status) && !x.text.includes('"queues"')),
    httpCase('queue board API with another bakery\'s ADMIN (not an operator)', '403', get(other.tokens.ADMIN), (x) => x.status === 403 && !x.text.includes('"queues"')),
    httpCase('queue board API with the operator bakery\'s PLANNER', '403', get(operator.tokens.PLANNER), (x) => x.status === 403 && !x.text.includes('"queues"')),
    httpCase('queue board API with the operator bakery\'s SERVICE token', '403', get(operator.tokens.SERVICE), (x) => x.status === 403 && !x.text.includes('"queues"')),
    httpCase('queue board API with a well-signed ADMIN of a tenant that does not exist', '401 or 403, no data', async () => get(await ghostAdmin())(), (x) => [401, 403].includes(x.status) && !x.text.includes('"queues"')),
    httpCase('queue board API with a forged (wrong secret) operator ADMIN token', '401', async () => get(await target.mint.sign({ sub: 'x', tenant: operator.id, roles: ['ADMIN'], iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }, { secret: 'wrong-secret-wrong-secret-wrong-secret!' }))(), (x) => x.status === 401),
    httpCase('queue board API with the operator\'s ADMIN (positive control)', '200 with the queues', get(operator.tokens.ADMIN), (x) => {
      queueName = x.json?.queues?.[0]?.name ?? 'orchestration';
      return x.status === 200 && Array.isArray(x.json?.queues);
    }),
    write('adds a job', 'POST', () => `/api/queues/${encodeURIComponent(queueName)}/add`, JSON.stringify({ name: 'probe', data: { trigger: 'MANUAL', tenantId: other.id } })),
    write('cleans completed jobs', 'PUT', () => `/api/queues/${encodeURIComponent(queueName)}/clean/completed`),
    write('retries failed jobs', 'PUT', () => `/api/queues/${encodeURIComponent(queueName)}/retry/failed`),
    write('pauses the queue', 'PUT', () => `/api/queues/${encodeURIComponent(queueName)}/pause`),
    write('empties the queue', 'PUT', () => `/api/queues/${encodeURIComponent(queueName)}/empty`),
    httpCase('queue board sign-in with another bakery\'s ADMIN', '403, no cookie', () => signIn(target, other.tokens.ADMIN), (x) => x.status === 403 && !x.headers.get('set-cookie')),
    httpCase('queue board sign-in with a tenant that does not exist', '401 or 403, no cookie', async () => signIn(target, await ghostAdmin()), (x) => [401, 403].includes(x.status) && !x.headers.get('set-cookie')),
    httpCase(`queue board sign-in cookie of the operator: HttpOnly, SameSite=Strict${options.production ? ', Secure' : ''}`, 'flags set', () => signIn(target, operator.tokens.ADMIN), (x) => {
      const cookie = x.headers.get('set-cookie') ?? '';
      return /httponly/i.test(cookie) && /samesite=strict/i.test(cookie) && (!options.production || /;\s*secure/i.test(cookie));
    }),
    httpCase('queue board: a cross-site form POST with the operator\'s cookie (CSRF) to clean jobs', 'refused', async () => {
      const login = await signIn(target, operator.tokens.ADMIN);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      return send({ method: 'PUT', url: `${origin}${BOARD}/api/queues/${encodeURIComponent(queueName || 'orchestration')}/clean/completed`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'x=1' });
    }, (x) => x.status >= 400 && x.status < 500),
  ];
}

function signIn(target: Target, token: string): Promise<Exchange> {
  return send({ url: `${target.origin}${BOARD}/login`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });
}

function metricsCases(target: Target): ProbeCase[] {
  const { options, origin } = target;
  const endpoints: [string, string][] = [
    ['gateway', `${origin}/metrics`],
    ...SUBGRAPHS.map((name) => [name, `${new URL(options.subgraphs[name]).origin}/metrics`] as [string, string]),
    ['worker', `${options.worker.replace(/\/$/, '')}/metrics`],
  ];
  const closed = options.production || options.metricsToken !== undefined;
  const cases: ProbeCase[] = [];
  for (const [service, url] of endpoints) {
    if (!closed) {
      cases.push(httpCase(`${service} /metrics without a token (development, no METRICS_TOKEN)`, '200: open in development, as documented', () => send({ url }), (x) => x.status === 200));
      continue;
    }
    cases.push(httpCase(`${service} /metrics without a token${options.production ? ' (production)' : ''}`, '401, no metrics', () => send({ url }), (x) => x.status === 401 && !x.text.includes('levain_')));
    cases.push(httpCase(`${service} /metrics with a wrong token`, '401, no metrics', () => send({ url, headers: { authorization: 'Bearer not-the-metrics-token-0000' } }), (x) => x.status === 401 && !x.text.includes('levain_')));
    if (service === 'gateway') cases.push(httpCase('gateway /metrics with a bakery ADMIN\'s JWT instead of METRICS_TOKEN', '401', () => send({ url, headers: { authorization: `Bearer ${target.a.tokens.ADMIN}` } }), (x) => x.status === 401 && !x.text.includes('levain_')));
    if (options.metricsToken) cases.push(httpCase(`${service} /metrics with METRICS_TOKEN (positive control)`, '200', () => send({ url, headers: { authorization: `Bearer ${options.metricsToken}` } }), (x) => x.status === 200 && x.text.includes('levain_')));
  }
  return cases;
}

function introspectionCases(target: Target): ProbeCase[] {
  const { options, a } = target;
  const query = (text: string) => () => send({ url: options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.VIEWER}` }, body: JSON.stringify({ query: text }) });
  const html = () => send({ url: options.gateway, headers: { accept: 'text/html' } });
  const common = [
    httpCase('introspection at a subgraph directly without a token', '401', () => send({ url: options.subgraphs.planning, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { types { name } } }' }) }), (x) => x.status === 401 && !x.text.includes('__Schema')),
  ];
  if (!options.production) {
    return [
      ...common,
      httpCase('introspection at the gateway (development)', 'allowed in development, as documented', query('{ __schema { queryType { name } } }'), (x) => x.json?.data?.__schema?.queryType?.name === 'Query'),
    ];
  }
  return [
    ...common,
    httpCase('introspection __schema at the gateway (production)', '400 refused', query('{ __schema { types { name } } }'), (x) => x.status === 400 && !x.text.includes('"types"')),
    httpCase('introspection __type at the gateway (production)', '400 refused', query('{ __type(name: "Mutation") { fields { name } } }'), (x) => x.status === 400 && !x.text.includes('updatePlanningSettings')),
    httpCase('introspection hidden in a fragment (production)', '400 refused', query('{ ...F } fragment F on Query { __schema { types { name } } }'), (x) => x.status === 400 && !x.text.includes('"types"')),
    httpCase('a misspelt field gets no "Did you mean" hint (production)', 'no schema hint', query('{ tenan { id } }'), (x) => x.status === 400 && !/did you mean/i.test(x.text)),
    httpCase('GraphiQL in a browser (production)', 'no IDE page', html, (x) => !/graphiql|apollo sandbox|embeddable/i.test(x.text)),
  ];
}

function csrfCases(target: Target): ProbeCase[] {
  const { options, a } = target;
  const mutation = 'mutation { updatePlanningSettings(input: { horizonDays: 5 }) { horizonDays } }';
  const horizon = async () => (await target.gql('{ planningSettings { horizonDays } }', undefined, a.tokens.VIEWER)).json?.data?.planningSettings?.horizonDays;
  const attempt = (what: string, request: () => Promise<Exchange>): ProbeCase => ({
    area,
    what,
    expected: 'refused, nothing changed',
    async run() {
      const before = await horizon();
      const exchange = await request();
      const after = await horizon();
      return judge(exchange, exchange.status >= 400 && exchange.status < 500 && after === before && !exchange.json?.data, after === before ? undefined : `horizonDays ${before} → ${after}`);
    },
  });
  const admin = { authorization: `Bearer ${a.tokens.ADMIN}` };
  return [
    attempt('CSRF: a text/plain POST carrying a JSON mutation', () => send({ url: options.gateway, headers: { ...admin, 'content-type': 'text/plain' }, body: JSON.stringify({ query: mutation }) })),
    attempt('CSRF: a form-urlencoded POST of a mutation', () => send({ url: options.gateway, headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(mutation)}` })),
    attempt('CSRF: a multipart form POST of a mutation', () => send({ url: options.gateway, headers: { ...admin, 'content-type': 'multipart/form-data; boundary=x' }, body: `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n` })),
    attempt('CSRF: a mutation in a GET query string', () => send({ url: `${options.gateway}?query=${encodeURIComponent(mutation)}`, headers: admin })),
    attempt('CSRF: a POST with no content type', () => send({ url: options.gateway, headers: admin, body: JSON.stringify({ query: mutation }) })),
  ];
}

function prototypeCases(target: Target): ProbeCase[] {
  const { options, a } = target;
  const post = (body: string) => () => send({ url: options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.VIEWER}` }, body });
  const keeps = (...keys: string[]) => (x: Exchange) => x.status === 200 && keys.every((key) => x.text.includes(`"${key}":`)) && !serverFault(x) && errorCodes(x).length === 0;
  return [
    httpCase('a field aliased __proto__', 'answered under "__proto__"', post(JSON.stringify({ query: '{ __proto__: tenant { id } }' })), (x) => keeps('__proto__')(x) && x.text.includes(a.id)),
    httpCase('a field aliased constructor', 'answered under "constructor"', post(JSON.stringify({ query: '{ constructor: tenant { id } }' })), (x) => keeps('constructor')(x) && x.text.includes(a.id)),
    httpCase('nested aliases __proto__, constructor, toString, hasOwnProperty', 'every key kept', post(JSON.stringify({ query: '{ tenant { __proto__: id constructor: name toString: slug hasOwnProperty: timezone } }' })), keeps('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
    httpCase('__proto__ and constructor aliases across two subgraphs', 'both keys kept', post(JSON.stringify({ query: '{ __proto__: tenant { id } constructor: suppliers(first: 1) { totalCount } }' })), keeps('__proto__', 'constructor')),
    httpCase('__proto__ alias inside an entity fetched from another subgraph', 'key kept', post(JSON.stringify({ query: '{ ingredients(first: 1) { edges { node { __proto__: offers { id } constructor: usedIn { id } } } } }' })), keeps('__proto__', 'constructor')),
    httpCase('a body whose query hides in __proto__', '400, nothing run', post('{"__proto__": {"query": "{ tenant { id } }"}}'), (x) => x.status === 400 && !x.text.includes(a.id)),
    httpCase('variables holding a __proto__ key', 'no server fault', post(JSON.stringify({ query: 'query ($f: IngredientFilter) { ingredients(first: 1, filter: $f) { totalCount } }', variables: JSON.parse('{"f": {"__proto__": {"search": "x"}, "constructor": {"prototype": {"admin": true}}}}') })), (x) => !serverFault(x) && x.status < 500),
    httpCase('operationName "__proto__"', 'no server fault', post(JSON.stringify({ query: 'query __proto__ { tenant { id } }', operationName: '__proto__' })), (x) => !serverFault(x) && x.status < 500),
  ];
}
