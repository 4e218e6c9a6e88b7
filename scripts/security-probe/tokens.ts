import { createHmac } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';

export const PROBE_ROLES = ['VIEWER', 'PLANNER', 'ADMIN', 'SERVICE'] as const;
export type ProbeRole = (typeof PROBE_ROLES)[number];

/** Claims as Levain's tokens carry them (README: sub, tenant, roles, iat, exp), any of them replaceable. */
export type Claims = Record<string, unknown>;

/** The tenant id a token names, read without verifying it (the probe's own tokens only). */
export function tenantOf(token: string): string {
  const { tenant } = decodeJwt(token);
  if (typeof tenant !== 'string') throw new Error('the token names no tenant (is it a Levain token?)');
  return tenant;
}

/**
 * Mints tokens with the installation's HS256 secret, as an attacker who holds it — or a wrong one —
 * would: well-formed ones for each role, and every forgery of the token cases.
 */
export class TokenMint {
  constructor(private readonly secret: string) {}

  /** A valid token: `roles` of `tenant`, issued now, living `lifetimeSeconds` (1 h). */
  role(tenant: string, roles: ProbeRole[] | string[], lifetimeSeconds = 3600): Promise<string> {
    const now = nowSeconds();
    return this.sign({ sub: 'security-probe', tenant, roles, iat: now, exp: now + lifetimeSeconds });
  }

  /** Signs exactly `claims` (nothing added) with `alg` and a secret (the installation's unless given). */
  sign(claims: Claims, { alg = 'HS256', secret = this.secret, header = {} }: { alg?: string; secret?: string; header?: Record<string, unknown> } = {}): Promise<string> {
    return new SignJWT(claims as Record<string, unknown>).setProtectedHeader({ ...header, alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An HS256 token with exactly `header` (jose refuses to sign some forgeries, such as an unknown `crit`). */
export function rawHs256(header: Record<string, unknown>, claims: Claims, secret: string): string {
  const signingInput = `${base64url({ ...header, alg: 'HS256' })}.${base64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** An unsigned token (`alg: none`, empty signature). */
export function unsignedToken(claims: Claims): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** `token` with its payload replaced and its signature kept. */
export function withPayload(token: string, claims: Claims): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(claims)}.${signature}`;
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
