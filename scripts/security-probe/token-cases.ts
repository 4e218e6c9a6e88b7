import { generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { errorCodes, postGraphql, send, type Exchange } from './exchange.ts';
import { judge, skip, type ProbeCase } from './probe-case.ts';
import { serverFault } from './tenant-isolation.ts';
import { SUBGRAPHS, type Target } from './target.ts';
import { nowSeconds, rawHs256, unsignedToken, withPayload, type Claims } from './tokens.ts';

const QUERY = '{ tenant { id name } }';
const WRONG_SECRET = 'not-the-installation-secret-0123456789abcdef';

/** 401 with UNAUTHENTICATED and no data. */
export function unauthenticated(exchange: Exchange): boolean {
  return exchange.status === 401 && errorCodes(exchange).includes('UNAUTHENTICATED') && !exchange.json?.data;
}

interface Forgery {
  what: string;
  /** The Authorization header's value (undefined: none). */
  header(): Promise<string | undefined>;
}

/**
 * Forged, expired, unsigned and malformed tokens at the gateway, and the sharpest of them at each
 * subgraph directly: every one a 401 UNAUTHENTICATED with no data.
 */
export function tokenCases(target: Target): ProbeCase[] {
  const { mint, a } = target;
  const now = nowSeconds();
  const claims = (extra: Claims = {}): Claims => ({ sub: 'intruder', tenant: a.id, roles: ['ADMIN'], iat: now, exp: now + 3600, ...extra });
  const signed = (extra: Claims = {}, options: Parameters<typeof mint.sign>[1] = {}) => async () => `Bearer ${await mint.sign(claims(extra), options)}`;
  const without = (name: string) => async () => {
    const all = claims();
    delete all[name];
    return `Bearer ${await mint.sign(all)}`;
  };
  const forgeries: Forgery[] = [
    { what: 'no Authorization header', header: async () => undefined },
    { what: 'an empty bearer', header: async () => 'Bearer ' },
    { what: 'a bearer that is not a JWT', header: async () => 'Bearer not-a-token' },
    { what: 'Basic credentials instead of a bearer', header: async () => `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    { what: 'alg none (unsigned)', header: async () => `Bearer ${unsignedToken(claims())}` },
    { what: 'alg none with a signature kept', header: async () => `Bearer ${unsignedToken(claims())}${(await mint.role(a.id, ['ADMIN'])).split('.')[2]}` },
    { what: 'signed with a wrong secret', header: signed({}, { secret: WRONG_SECRET }) },
    { what: 'signed with the empty-ish secret "secret"', header: signed({}, { secret: 'secret' }) },
    { what: 'HS512 with the right secret', header: signed({}, { alg: 'HS512' }) },
    { what: 'HS384 with the right secret', header: signed({}, { alg: 'HS384' }) },
    { what: 'RS256 signed with an attacker key (jwk in the header)', header: async () => `Bearer ${await attackerRs256(claims(), true)}` },
    { what: 'RS256 signed with an attacker key, jku at an attacker URL', header: async () => `Bearer ${await attackerRs256(claims(), false)}` },
    { what: 'payload changed to another tenant, signature kept', header: async () => `Bearer ${withPayload(await mint.role(a.id, ['VIEWER']), claims({ tenant: target.b.id }))}` },
    { what: 'payload changed from VIEWER to ADMIN, signature kept', header: async () => `Bearer ${withPayload(await mint.role(a.id, ['VIEWER']), claims({ roles: ['ADMIN'] }))}` },
    { what: 'expired an hour ago', header: signed({ iat: now - 7200, exp: now - 3600 }) },
    { what: 'not valid before an hour from now (nbf)', header: signed({ nbf: now + 3600 }) },
    { what: 'issued an hour in the future (iat)', header: signed({ iat: now + 3600, exp: now + 7200 }) },
    { what: 'no iat', header: without('iat') },
    { what: 'no exp', header: without('exp') },
    { what: 'living 100 years', header: signed({ exp: now + 100 * 365 * 86400 }) },
    { what: 'living 25 hours', header: signed({ exp: now + 25 * 3600 }) },
    { what: 'backdated iat with exp 25 h ahead', header: signed({ iat: now - 3600, exp: now + 25 * 3600 }) },
    { what: 'exp as a string', header: signed({ exp: String(now + 3600) }) },
    { what: 'no sub', header: without('sub') },
    { what: 'empty sub', header: signed({ sub: '' }) },
    { what: 'no tenant', header: without('tenant') },
    { what: 'tenant not a UUID', header: signed({ tenant: "1' OR '1'='1" }) },
    { what: 'tenant that does not exist (well signed)', header: signed({ tenant: randomUUID() }) },
    { what: 'tenant as a list of both bakeries', header: signed({ tenant: [a.id, target.b.id] }) },
    { what: 'no roles', header: without('roles') },
    { what: 'empty roles', header: signed({ roles: [] }) },
    { what: 'an unknown role SUPERADMIN', header: signed({ roles: ['SUPERADMIN'] }) },
    { what: 'roles as a string "ADMIN"', header: signed({ roles: 'ADMIN' }) },
    { what: 'a role in lower case "admin"', header: signed({ roles: ['admin'] }) },
    { what: 'an unknown crit header', header: async () => `Bearer ${rawHs256({ typ: 'JWT', crit: ['probe'], probe: true }, claims(), target.options.secret)}` },
  ];
  const atGateway = forgeries.map<ProbeCase>((forgery) => ({
    area: 'tokens',
    what: `gateway: ${forgery.what}`,
    expected: '401 UNAUTHENTICATED',
    async run() {
      const header = await forgery.header();
      const exchange = await send({ url: target.options.gateway, headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { authorization: header }) }, body: JSON.stringify({ query: QUERY }) });
      return judge(exchange, unauthenticated(exchange));
    },
  }));
  const sharpest = forgeries.filter((forgery) => ['no Authorization header', 'alg none (unsigned)', 'signed with a wrong secret', 'living 100 years', 'tenant that does not exist (well signed)'].includes(forgery.what));
  const direct = SUBGRAPHS.flatMap((subgraph) =>
    sharpest.map<ProbeCase>((forgery) => ({
      area: 'tokens',
      what: `${subgraph} directly: ${forgery.what}${forgery.what.startsWith('tenant that') ? ' (a write)' : ''}`,
      expected: '401 UNAUTHENTICATED',
      async run() {
        const header = await forgery.header();
        const operation = forgery.what.startsWith('tenant that') ? DIRECT_WRITES[subgraph] : '{ _service { sdl } }';
        const exchange = await send({ url: target.options.subgraphs[subgraph], headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { authorization: header }) }, body: JSON.stringify({ query: operation }) });
        return judge(exchange, unauthenticated(exchange));
      },
    })),
  );
  return [...atGateway, ...direct, ...extraTokenCases(target)];
}

/** A write each subgraph takes from an ADMIN, for the token of a tenant that does not exist. */
const DIRECT_WRITES: Record<(typeof SUBGRAPHS)[number], string> = {
  inventory: 'mutation { createIngredient(input: { sku: "GHOST-1", name: "Ghost", category: "ghost", unit: KG }) { id } }',
  suppliers: 'mutation { createSupplier(input: { name: "Ghost supplier", leadTimeDays: 1, reliability: 0.5 }) { id } }',
  recipes: 'mutation { createProduct(input: { sku: "GHOST-1", name: "Ghost" }) { id } }',
  planning: 'mutation { updatePlanningSettings(input: { horizonDays: 7 }) { horizonDays } }',
};

async function attackerRs256(claims: Claims, embedKey: boolean): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const { exportJWK } = await import('jose');
  const jwk = await exportJWK(publicKey);
  const header = embedKey ? { alg: 'RS256', typ: 'JWT', jwk, kid: 'probe' } : { alg: 'RS256', typ: 'JWT', jku: 'http://127.0.0.1:9/jwks.json', kid: 'probe' };
  return new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
}

/** Tokens in places other than the Authorization header, the audience, and the SERVICE token's reach. */
function extraTokenCases(target: Target): ProbeCase[] {
  const { a } = target;
  return [
    {
      area: 'tokens',
      what: 'a valid token in the query string (?access_token=) instead of the header',
      expected: '401 UNAUTHENTICATED',
      async run() {
        const url = `${target.options.gateway}?access_token=${encodeURIComponent(a.tokens.ADMIN)}`;
        const exchange = await send({ url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
        return judge(exchange, unauthenticated(exchange));
      },
    },
    {
      area: 'tokens',
      what: 'a valid token as a cookie instead of the header',
      expected: '401 UNAUTHENTICATED',
      async run() {
        const exchange = await send({ url: target.options.gateway, headers: { 'content-type': 'application/json', cookie: `token=${a.tokens.ADMIN}; levain_board=${a.tokens.ADMIN}` }, body: JSON.stringify({ query: QUERY }) });
        return judge(exchange, unauthenticated(exchange));
      },
    },
    {
      area: 'tokens',
      what: 'the 401 answers say nothing of which check failed (wrong secret vs unknown tenant vs bad role)',
      expected: 'one message for all three',
      async run() {
        const now = nowSeconds();
        const base = { sub: 'x', tenant: a.id, roles: ['ADMIN'], iat: now, exp: now + 600 };
        const tokens = [await target.mint.sign(base, { secret: WRONG_SECRET }), await target.mint.sign({ ...base, tenant: randomUUID() }), await target.mint.sign({ ...base, roles: ['ROOT'] })];
        const answers = await Promise.all(tokens.map((token) => postGraphql(target.options.gateway, QUERY, undefined, token)));
        const messages = new Set(answers.map((answer) => answer.json?.errors?.[0]?.message));
        return judge(answers[0], messages.size === 1 && answers.every(unauthenticated), `${messages.size} distinct message(s)`);
      },
    },
    {
      area: 'tokens',
      what: 'an HS256 token for another audience (aud: "billing")',
      expected: 'accepted only without JWT_AUDIENCE',
      async run() {
        return skip('JWT_AUDIENCE applies to identity-provider (RS256/ES256) tokens only (README, SECURITY.md); no JWKS is configured here');
      },
    },
  ];
}
