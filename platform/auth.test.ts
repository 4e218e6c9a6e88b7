import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { SignJWT, type JWTPayload } from 'jose';
import { createTokenVerifier, signToken } from './auth.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('a token verifier', () => {
  test('answers a token it verified before with a new, equal caller each time', async () => {
    const verify = createTokenVerifier({ secret: SECRET });
    const token = await signToken({ userId: 'u1', tenantId: randomUUID(), roles: ['VIEWER', 'SERVICE'] }, SECRET);
    const first = await verify(`Bearer ${token}`);
    const second = await verify(`Bearer ${token}`);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.roles).not.toBe(first.roles);
    // What a caller does with its copy never reaches the next request's.
    second.roles.push('ADMIN');
    expect((await verify(`Bearer ${token}`)).roles).toEqual(['VIEWER', 'SERVICE']);
  });

  test('refuses a changed signature or payload of a token it has verified', async () => {
    const verify = createTokenVerifier({ secret: SECRET });
    const token = await signToken({ userId: 'u1', tenantId: randomUUID(), roles: ['VIEWER'] }, SECRET);
    await verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const otherSignature = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verify(`Bearer ${otherSignature}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const admin = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    await expect(verify(`Bearer ${header}.${admin}.${signature}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('does not let a token signed with another secret in because the same claims were verified', async () => {
    const verify = createTokenVerifier({ secret: SECRET });
    const caller = { userId: 'u1', tenantId: randomUUID(), roles: ['VIEWER' as const] };
    await verify(`Bearer ${await signToken(caller, SECRET)}`);
    const forged = await signToken(caller, 'another-secret-of-at-least-thirty-two-chars');
    await expect(verify(`Bearer ${forged}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('token lifetime (issue 12, finding 8)', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: JWTPayload) => new SignJWT({ tenant: randomUUID(), roles: ['VIEWER'], sub: 'u1', ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  const refused = { extensions: { code: 'UNAUTHENTICATED' } };

  test('24 hours is accepted by default; a second more, 100 years, or no iat is refused', async () => {
    const verify = createTokenVerifier({ secret: SECRET });
    await expect(verify(`Bearer ${await sign({ iat: now(), exp: now() + 86_400 })}`)).resolves.toMatchObject({ userId: 'u1' });
    await expect(verify(`Bearer ${await sign({ iat: now(), exp: now() + 86_401 })}`)).rejects.toMatchObject(refused);
    await expect(verify(`Bearer ${await sign({ iat: now(), exp: now() + 100 * 365 * 86_400 })}`)).rejects.toMatchObject(refused);
    await expect(verify(`Bearer ${await sign({ exp: now() + 600 })}`)).rejects.toMatchObject(refused);
  });

  test('a backdated iat does not buy a longer life: exp may not lie further than the maximum from now', async () => {
    const verify = createTokenVerifier({ secret: SECRET, maxLifetimeSeconds: 3600 });
    // exp − iat within the maximum, but iat claimed in the past is not checked by anything else: exp − now is.
    await expect(verify(`Bearer ${await sign({ iat: now() - 1800, exp: now() + 1800 })}`)).resolves.toMatchObject({ userId: 'u1' });
    await expect(verify(`Bearer ${await sign({ iat: now() - 1800, exp: now() + 3000 })}`)).rejects.toMatchObject(refused);
  });

  test('the maximum is configurable', async () => {
    const verify = createTokenVerifier({ secret: SECRET, maxLifetimeSeconds: 600 });
    await expect(verify(`Bearer ${await signToken({ userId: 'u1', tenantId: randomUUID(), roles: ['VIEWER'] }, SECRET, '10m')}`)).resolves.toMatchObject({ userId: 'u1' });
    await expect(verify(`Bearer ${await signToken({ userId: 'u1', tenantId: randomUUID(), roles: ['VIEWER'] }, SECRET, '11m')}`)).rejects.toMatchObject(refused);
  });
});
