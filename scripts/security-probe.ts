import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { AREAS, formatResult, formatSummary, type Area } from './security-probe/probe-case.ts';
import { runProbe } from './security-probe/run-probe.ts';
import { SUBGRAPHS, type ProbeOptions } from './security-probe/target.ts';
import { fileURLToPath } from 'node:url';

/** The development JWT secret a local `npm start` signs with when JWT_SECRET is unset. */
const DEVELOPMENT_SECRET = 'levain-development-secret-change-me-0123456789';

const USAGE = `Usage: npm run probe:security -- [options]

Attacks a running Levain from the outside — tenant isolation, tokens, roles, limits, SSRF, bad
input, admin surfaces, rate limits — and prints one line per case, a summary per area, and exits
1 when any case fails. Defaults fit a local \`npm start\` (development, demo and rival seeded).

  --gateway URL          the gateway's GraphQL URL (http://127.0.0.1:4000/graphql)
  --inventory URL        inventory's GraphQL URL, reached directly (http://127.0.0.1:4001/graphql)
  --suppliers URL        (http://127.0.0.1:4002/graphql)
  --recipes URL          (http://127.0.0.1:4003/graphql)
  --planning URL         (http://127.0.0.1:4004/graphql)
  --worker URL           the worker's base URL, for /metrics (http://127.0.0.1:4005)
  --secret S             the installation's JWT_SECRET, to forge well-signed tokens
                         (default: $JWT_SECRET, else the development secret)
  --tenant-a SLUG        the attacker bakery (demo); its ADMIN token comes from \`npm run token\`,
  --tenant-b SLUG        the victim bakery (rival)   which needs DATABASE_URL or LEVAIN_HOME as npm start has it
  --token-a T, --token-b T   ADMIN tokens of the two bakeries instead of \`npm run token\`
  --production           the installation runs with NODE_ENV=production (introspection, IDE
                         and /metrics closed; the board's cookie Secure)
  --board-operator a|b|none  which bakery QUEUE_BOARD_TENANT_IDS names (none: the board is off)
  --metrics-token T      the installation's METRICS_TOKEN, if set
  --rate-limit-per-tenant N   the installation's RATE_LIMIT_PER_TENANT (3000; 0 skips)
  --rate-limit-per-address N  the installation's RATE_LIMIT_PER_ADDRESS (6000; 0 skips)
  --areas LIST           comma-separated areas to run (${AREAS.join(',')})

Writes: it changes bakery A's webhook (back to none at the end) and may add a run to bakery B
when B has none with a plan; every other write it tries must be refused.`;

const { values } = parseCliArgs(USAGE, {
  gateway: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
  ...Object.fromEntries(SUBGRAPHS.map((name, index) => [name, { type: 'string', default: `http://127.0.0.1:${4001 + index}/graphql` }])),
  worker: { type: 'string', default: 'http://127.0.0.1:4005' },
  secret: { type: 'string' },
  'tenant-a': { type: 'string', default: 'demo' },
  'tenant-b': { type: 'string', default: 'rival' },
  'token-a': { type: 'string' },
  'token-b': { type: 'string' },
  production: { type: 'boolean', default: false },
  'board-operator': { type: 'string', default: 'none' },
  'metrics-token': { type: 'string' },
  'rate-limit-per-tenant': { type: 'string', default: '3000' },
  'rate-limit-per-address': { type: 'string', default: '6000' },
  areas: { type: 'string', default: AREAS.join(',') },
} as const);

const count = (name: string, value: string) => {
  if (!/^\d+$/.test(value)) usageError(`--${name} must be a whole number, got "${value}"`, USAGE);
  return Number(value);
};
const operator = values['board-operator'];
if (operator !== 'a' && operator !== 'b' && operator !== 'none') usageError(`--board-operator must be a, b or none, got "${operator}"`, USAGE);
const areas = values.areas.split(',').map((area) => area.trim());
const unknownArea = areas.find((area) => !(AREAS as readonly string[]).includes(area));
if (unknownArea) usageError(`unknown area "${unknownArea}" (areas: ${AREAS.join(', ')})`, USAGE);

const options: ProbeOptions = {
  gateway: values.gateway,
  subgraphs: Object.fromEntries(SUBGRAPHS.map((name) => [name, (values as unknown as Record<string, string>)[name]])) as ProbeOptions['subgraphs'],
  worker: values.worker,
  secret: values.secret ?? process.env.JWT_SECRET ?? DEVELOPMENT_SECRET,
  tokenA: values['token-a'],
  tokenB: values['token-b'],
  tenantA: values['tenant-a'],
  tenantB: values['tenant-b'],
  production: values.production,
  boardOperator: operator,
  metricsToken: values['metrics-token'],
  ratePerTenant: count('rate-limit-per-tenant', values['rate-limit-per-tenant']),
  ratePerAddress: count('rate-limit-per-address', values['rate-limit-per-address']),
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: process.env,
};

console.log(`Probing ${options.gateway} (${options.production ? 'production' : 'development'}; board operator: ${operator}) at ${new Date().toISOString()}`);
try {
  const results = await runProbe(options, areas as Area[], (result) => console.log(formatResult(result)));
  console.log(`\n${formatSummary(results)}`);
  process.exit(results.some((result) => result.verdict.status === 'FAIL') ? 1 : 0);
} catch (error) {
  console.error(`error: the probe could not start: ${(error as Error).message}`);
  process.exit(2);
}
