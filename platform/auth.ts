import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { forbidden, unauthenticated } from './errors.ts';
import { isUuid } from './ids.ts';

export const ROLES = ['VIEWER', 'PLANNER', 'ADMIN', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, taken from a verified token only (no public operation takes a tenant id). */
export interface Caller {
  userId: string;
  tenantId: string;
  roles: Role[];
}

/**
 * What each role may also do. VIEWER reads; PLANNER also records sales and stock movements,
 * requests runs and approves plans; ADMIN also edits master data and settings; SERVICE (the
 * worker) reads and runs the pipeline mutations, nothing else.
 */
const GRANTS: Record<Role, readonly Role[]> = {
  VIEWER: ['VIEWER'],
  PLANNER: ['VIEWER', 'PLANNER'],
  ADMIN: ['VIEWER', 'PLANNER', 'ADMIN'],
  SERVICE: ['VIEWER', 'SERVICE'],
};

const ALGORITHM = 'HS256';
const encoder = new TextEncoder();

/** Signs a token for `caller`, valid for `expiresIn` (jose syntax, default 12 hours). */
export async function signToken(caller: Caller, secret: string, expiresIn: string | number = '12h'): Promise<string> {
  return new SignJWT({ tenant: caller.tenantId, roles: caller.roles })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(caller.userId)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(encoder.encode(secret));
}

/**
 * Verifies `Authorization: Bearer <jwt>` (HS256, claims sub, tenant, roles, exp) and returns the
 * caller. Every failure is the same `UNAUTHENTICATED` error, so an attacker learns nothing.
 */
export async function verifyAuthorization(header: string | undefined | null, secret: string): Promise<Caller> {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? '');
  if (!match) throw unauthenticated();
  try {
    const { payload } = await jwtVerify(match[1], encoder.encode(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['sub', 'exp', 'tenant', 'roles'],
    });
    const { sub, tenant, roles } = payload;
    if (typeof sub !== 'string' || sub.length === 0) throw unauthenticated();
    if (typeof tenant !== 'string' || !isUuid(tenant)) throw unauthenticated();
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw unauthenticated();
    return { userId: sub, tenantId: tenant.toLowerCase(), roles };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw unauthenticated();
    throw error;
  }
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.some((held) => GRANTS[held].includes(role));
}

/** Throws `FORBIDDEN` unless the caller holds `role` (directly or through a higher role). */
export function requireRole(caller: Caller, role: Role): void {
  if (!hasRole(caller, role)) throw forbidden(`This operation requires the ${role} role`);
}
