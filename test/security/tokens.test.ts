import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createDb, type Db } from '../../db/client.ts';
import { UNAUTHENTICATED_MESSAGES } from '../../platform/errors.ts';
import { TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { insertPrivateBakeries, type PrivateBakery } from './support.ts';

/**
 * Every way a token can be wrong is a 401 UNAUTHENTICATED with no other detail, at the gateway
 * before any subgraph is asked, and at every subgraph reached directly. The message says only
 * whether a token was missing, had expired (a genuine one: its signature verified), or is not valid.
 */

const QUERY = '{ planningSettings { timezone } }';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);
const refusal = (reason: keyof typeof UNAUTHENTICATED_MESSAGES = 'invalid') => ({
  errors: [{ message: UNAUTHENTICATED_MESSAGES[reason], extensions: { code: 'UNAUTHENTICATED' } }],
});
const REFUSAL = refusal();
/** The message a case below gets: none sent, expired, or anything else. */
const reasonOf = (name: string) => (/^(no|an empty) Authorization header$/.test(name) ? 'missing' : name.startsWith('expired') ? 'expired' : 'invalid');

let db: Db;
let bakery: PrivateBakery;

async function post(url: string, authorization: string | undefined, query = QUERY) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/** An HS256 token with exactly `claims` (nothing added). */
function hs256(claims: JWTPayload, key: Uint8Array = secret, alg = 'HS256') {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'tokens'));
});
afterAll(async () => {
  await db?.destroy();
});

describe('HS256 tokens', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(inject('databaseUrl'));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const valid = (): JWTPayload => ({ sub: 'user-1', tenant: bakery.tenantId, roles: ['VIEWER'], iat: now(), exp: now() + 600 });
  const without = (claim: string) => () => {
    const claims = valid();
    delete claims[claim];
    return hs256(claims);
  };

  /** Each case: the Authorization header value (undefined = none). */
  const CASES: [string, () => Promise<string | undefined> | string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['an empty Authorization header', () => ''],
    ['another scheme (Basic)', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['Bearer with nothing after it', () => 'Bearer '],
    ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
    ['expired an hour ago', async () => `Bearer ${await hs256({ ...valid(), iat: now() - 7200, exp: now() - 3600 })}`],
    ['not valid before an hour from now (nbf)', async () => `Bearer ${await hs256({ ...valid(), nbf: now() + 3600 })}`],
    ['issued an hour in the future (iat)', async () => `Bearer ${await hs256({ ...valid(), iat: now() + 3600, exp: now() + 7200 })}`],
    ['signed with another secret', async () => `Bearer ${await hs256(valid(), new TextEncoder().encode('another-secret-that-is-long-enough-0123456789'))}`],
    [
      'a valid signature over a tampered payload (VIEWER → ADMIN)',
      async () => {
        const [header, , signature] = (await hs256(valid())).split('.');
        return `Bearer ${header}.${base64url({ ...valid(), roles: ['ADMIN'] })}.${signature}`;
      },
    ],
    ['alg none, unsigned', () => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(valid())}.`],
    ['alg HS512 with the right secret (algorithm not accepted)', async () => `Bearer ${await hs256(valid(), secret, 'HS512')}`],
    [
      'RS256 from a key nobody configured',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return `Bearer ${await new SignJWT(valid()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey)}`;
      },
    ],
    ['missing sub', async () => `Bearer ${await without('sub')()}`],
    ['missing tenant', async () => `Bearer ${await without('tenant')()}`],
    ['missing roles', async () => `Bearer ${await without('roles')()}`],
    ['missing exp', async () => `Bearer ${await without('exp')()}`],
    // Issue 12, finding 8: iat is required and a token lives at most JWT_MAX_LIFETIME_SECONDS (24 h).
    ['missing iat', async () => `Bearer ${await without('iat')()}`],
    ['expiring in 100 years', async () => `Bearer ${await hs256({ ...valid(), exp: now() + 100 * 365 * 86_400 })}`],
    ['a lifetime of 25 hours (issued 2 hours ago)', async () => `Bearer ${await hs256({ ...valid(), iat: now() - 7200, exp: now() + 23 * 3600 })}`],
    ['an empty sub', async () => `Bearer ${await hs256({ ...valid(), sub: '' })}`],
    ['a tenant that is not a UUID', async () => `Bearer ${await hs256({ ...valid(), tenant: 'demo' })}`],
    ['a tenant that is a number', async () => `Bearer ${await hs256({ ...valid(), tenant: 42 })}`],
    ['no roles', async () => `Bearer ${await hs256({ ...valid(), roles: [] })}`],
    ['roles as a string', async () => `Bearer ${await hs256({ ...valid(), roles: 'ADMIN' })}`],
    ['an unknown role', async () => `Bearer ${await hs256({ ...valid(), roles: ['SUPERUSER'] })}`],
    ['a known and an unknown role', async () => `Bearer ${await hs256({ ...valid(), roles: ['VIEWER', 'ROOT'] })}`],
    ['a role in lower case', async () => `Bearer ${await hs256({ ...valid(), roles: ['admin'] })}`],
  ];

  test('a valid token is let in (the control)', async () => {
    const response = await post(stack.gatewayUrl, `Bearer ${await hs256(valid())}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { planningSettings: { timezone: 'Europe/Madrid' } } });
  });

  test.each(CASES)('%s: 401 UNAUTHENTICATED without detail, before any subgraph request', async (name, header) => {
    const authorization = await header();
    stack.resetCounts();
    const response = await post(stack.gatewayUrl, authorization);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(refusal(reasonOf(name)));
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
  });

  test.each(CASES)('%s: refused the same by every subgraph reached directly', async (name, header) => {
    const authorization = await header();
    for (const subgraph of Object.values(stack.subgraphs)) {
      const response = await post(subgraph.url, authorization, '{ __typename }');
      expect(response.status).toBe(401);
      expect(response.body).toEqual(refusal(reasonOf(name)));
    }
  });

  test('a well-signed token for a tenant that does not exist: 401, one cached lookup at planning, nothing else', async () => {
    const ghost = await tokenFor(randomUUID(), ['ADMIN']);
    stack.resetCounts();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await post(stack.gatewayUrl, `Bearer ${ghost}`);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(REFUSAL);
    }
    expect(stack.subgraphs.planning.requests).toBe(1);
    expect([stack.subgraphs.inventory, stack.subgraphs.suppliers, stack.subgraphs.recipes].map((subgraph) => subgraph.requests)).toEqual([0, 0, 0]);
    // A mutation is refused the same way: nothing is written for a bakery that does not exist.
    const write = await post(stack.gatewayUrl, `Bearer ${ghost}`, 'mutation { createProduct(input: { sku: "GHOST", name: "Ghost" }) { id } }');
    expect(write).toEqual({ status: 401, body: REFUSAL });
    expect(await db('recipes.products').where({ sku: 'GHOST' }).count<{ count: number }[]>({ count: '*' })).toEqual([{ count: 0 }]);
  });
});

describe('identity-provider tokens through a JWKS (RS256, ES256)', () => {
  let jwks: Server;
  let stack: TestStack;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwksRequests = 0;
  const ISSUER = 'https://id.levain.test/';
  const AUDIENCE = 'levain-api';

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((_request, response) => {
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    stack = await startTestStack(inject('databaseUrl'), {
      JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    sub: 'idp|alice',
    tenant: bakery.tenantId,
    roles: ['PLANNER'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 600,
    ...overrides,
  });
  const sign = (alg: 'RS256' | 'ES256', kid: string, key: CryptoKey, payload = claims()) =>
    new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);

  test('RS256 and ES256 tokens signed by the provider are accepted by the gateway and by each subgraph', async () => {
    for (const token of [await sign('RS256', 'rsa-1', rsa.privateKey), await sign('ES256', 'ec-1', ec.privateKey)]) {
      const response = await post(stack.gatewayUrl, `Bearer ${token}`);
      expect(response).toEqual({ status: 200, body: { data: { planningSettings: { timezone: 'Europe/Madrid' } } } });
      for (const subgraph of Object.values(stack.subgraphs)) expect((await post(subgraph.url, `Bearer ${token}`, '{ __typename }')).status).toBe(200);
    }
    // The keys are fetched once and cached, not per request.
    expect(jwksRequests).toBeLessThanOrEqual(5);
  });

  test('HS256 tokens signed with JWT_SECRET (the worker, the token CLI) still work beside the JWKS', async () => {
    const response = await post(stack.gatewayUrl, `Bearer ${await tokenFor(bakery.tenantId, ['VIEWER'])}`);
    expect(response.status).toBe(200);
  });

  test.each([
    ['signed by another key under a known kid', async () => sign('RS256', 'rsa-1', (await generateKeyPair('RS256')).privateKey)],
    ['an unknown kid', async () => sign('RS256', 'rsa-unknown', rsa.privateKey)],
    ['the EC key claiming to be RS256', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'ec-1' }).sign((await generateKeyPair('RS256')).privateKey)],
    ['another issuer', async () => sign('RS256', 'rsa-1', rsa.privateKey, claims({ iss: 'https://evil.test/' }))],
    ['another audience', async () => sign('ES256', 'ec-1', ec.privateKey, claims({ aud: 'some-other-api' }))],
    ['no audience', async () => sign('ES256', 'ec-1', ec.privateKey, claims({ aud: undefined }))],
    ['expired', async () => sign('RS256', 'rsa-1', rsa.privateKey, claims({ iat: now() - 7200, exp: now() - 3600 }))],
    ['an unknown role', async () => sign('RS256', 'rsa-1', rsa.privateKey, claims({ roles: ['OWNER'] }))],
    [
      'HS256 using the public key as the HMAC secret (algorithm confusion)',
      async () => hs256(claims(), new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.publicKey)))),
    ],
  ])('%s: 401 at the gateway and at every subgraph', async (name, token) => {
    const authorization = `Bearer ${await token()}`;
    stack.resetCounts();
    expect(await post(stack.gatewayUrl, authorization)).toEqual({ status: 401, body: refusal(reasonOf(name)) });
    expect(Object.values(stack.subgraphs).map((subgraph) => subgraph.requests)).toEqual([0, 0, 0, 0]);
    for (const subgraph of Object.values(stack.subgraphs)) {
      expect(await post(subgraph.url, authorization, '{ __typename }')).toEqual({ status: 401, body: refusal(reasonOf(name)) });
    }
  });
});

describe('rotating JWT_SECRET', () => {
  let stack: TestStack;
  const NEW_SECRET = 'levain-rotated-secret-2026-0123456789abcdef-xyz';
  beforeAll(async () => {
    // The new secret signs; the old one (what tokenFor signs with) is still accepted while its tokens expire.
    stack = await startTestStack(inject('databaseUrl'), { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const claims = (): JWTPayload => ({ sub: 'user-1', tenant: bakery.tenantId, roles: ['VIEWER'], iat: now(), exp: now() + 600 });

  test('tokens signed with the new secret and with the previous one are both accepted, at the gateway and at each subgraph', async () => {
    for (const token of [await hs256(claims(), new TextEncoder().encode(NEW_SECRET)), await tokenFor(bakery.tenantId, ['VIEWER'])]) {
      expect((await post(stack.gatewayUrl, `Bearer ${token}`)).status).toBe(200);
      for (const subgraph of Object.values(stack.subgraphs)) expect((await post(subgraph.url, `Bearer ${token}`, '{ __typename }')).status).toBe(200);
    }
  });

  test('a token signed with any other secret is still refused, and an expired old token too', async () => {
    const other = await hs256(claims(), new TextEncoder().encode('neither-the-new-nor-the-old-secret-0123456789'));
    const expiredOld = await hs256({ ...claims(), iat: now() - 7200, exp: now() - 3600 });
    expect(await post(stack.gatewayUrl, `Bearer ${other}`)).toEqual({ status: 401, body: refusal('invalid') });
    expect(await post(stack.gatewayUrl, `Bearer ${expiredOld}`)).toEqual({ status: 401, body: refusal('expired') });
  });
});
