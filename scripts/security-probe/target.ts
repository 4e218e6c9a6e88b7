import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { postGraphql, type Exchange } from './exchange.ts';
import { TokenMint, tenantOf, type ProbeRole } from './tokens.ts';

export const SUBGRAPHS = ['inventory', 'suppliers', 'recipes', 'planning'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** What the probe needs to know about the installation it attacks (security-probe.ts documents each). */
export interface ProbeOptions {
  /** The gateway's GraphQL URL. */
  gateway: string;
  /** Each subgraph's GraphQL URL (reached directly, as someone on the private network would). */
  subgraphs: Record<SubgraphName, string>;
  /** The worker's base URL (its /metrics). */
  worker: string;
  /** The installation's JWT_SECRET, to forge well-signed tokens. */
  secret: string;
  /** ADMIN tokens of two bakeries; when absent, `npm run token` makes them for the slugs below. */
  tokenA?: string;
  tokenB?: string;
  tenantA: string;
  tenantB: string;
  /** The installation runs with NODE_ENV=production (introspection, IDE and /metrics closed). */
  production: boolean;
  /** Which bakery QUEUE_BOARD_TENANT_IDS names as the operator, if any ('none': the board is off). */
  boardOperator: 'a' | 'b' | 'none';
  /** The installation's METRICS_TOKEN, when it has one (its scrape is then checked to work). */
  metricsToken?: string;
  /** The installation's RATE_LIMIT_PER_TENANT and RATE_LIMIT_PER_ADDRESS (0 = off: those cases are skipped). */
  ratePerTenant: number;
  ratePerAddress: number;
  /** Where and with which environment `npm run token` runs. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** One bakery as the probe knows it: its id and a valid token per role. */
export interface Bakery {
  id: string;
  tokens: Record<ProbeRole, string>;
}

/** The attacked installation: its URLs, the two bakeries, and the mint for forged tokens. */
export interface Target {
  options: ProbeOptions;
  /** The gateway's origin (health, /metrics, /admin/queues, /dashboard). */
  origin: string;
  /** Bakery A is the attacker; bakery B the victim. */
  a: Bakery;
  b: Bakery;
  mint: TokenMint;
  /** POSTs a GraphQL operation to the gateway (or `url`). */
  gql(query: string, variables?: Record<string, unknown>, token?: string, url?: string): Promise<Exchange>;
}

const run = promisify(execFile);

/** Gets both bakeries' tokens and checks the secret is the installation's; throws with what to fix. */
export async function connect(options: ProbeOptions): Promise<Target> {
  const mint = new TokenMint(options.secret);
  const adminA = options.tokenA ?? (await cliToken(options, options.tenantA));
  const adminB = options.tokenB ?? (await cliToken(options, options.tenantB));
  const bakery = async (token: string): Promise<Bakery> => {
    const id = tenantOf(token);
    const minted = await Promise.all((['VIEWER', 'PLANNER', 'ADMIN', 'SERVICE'] as const).map(async (role) => [role, await mint.role(id, [role])] as const));
    return { id, tokens: Object.fromEntries(minted) as Record<ProbeRole, string> };
  };
  const target: Target = {
    options,
    origin: new URL(options.gateway).origin,
    a: await bakery(adminA),
    b: await bakery(adminB),
    mint,
    gql: (query, variables, token, url = options.gateway) => postGraphql(url, query, variables, token),
  };
  if (target.a.id === target.b.id) throw new Error('the two tokens name the same bakery: the probe needs two');
  for (const [name, token, own] of [['A', adminA, target.a], ['B', adminB, target.b]] as const) {
    const given = await target.gql('{ tenant { id } }', undefined, token);
    if (given.json?.data?.tenant?.id !== own.id) throw new Error(`bakery ${name}'s ADMIN token is not accepted at ${options.gateway}: ${given.status} ${given.text.slice(0, 200)}`);
    const minted = await target.gql('{ tenant { id } }', undefined, own.tokens.VIEWER);
    if (minted.json?.data?.tenant?.id !== own.id) throw new Error(`a token signed with the given secret is refused (${minted.status}): pass the installation's JWT_SECRET with --secret`);
  }
  return target;
}

/** `npm run -s token -- --tenant <slug> --role ADMIN`, as the README says. */
async function cliToken(options: ProbeOptions, slug: string): Promise<string> {
  try {
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--tenant', slug, '--role', 'ADMIN', '--expires', '2h'], { cwd: options.cwd, env: options.env });
    return stdout.trim().split('\n').pop()!;
  } catch (error) {
    throw new Error(`npm run token could not make a token for tenant "${slug}" (give --token-a/--token-b, or the slugs with --tenant-a/--tenant-b): ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
}
