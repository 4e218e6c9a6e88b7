import { SignJWT, createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
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

/**
 * Whether `caller` is the pipeline (the worker's token). It alone may read a whole catalogue in
 * one page and record it in one request (platform/pagination.ts, MAX_SERVICE_* settings).
 */
export function isService(caller: Caller): boolean {
  return caller.roles.includes('SERVICE');
}

const ALGORITHM = 'HS256';
/** Asymmetric algorithms accepted from an identity provider's JWKS. */
const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;
/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;
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

/** Which tokens a service accepts. */
export interface TokenPolicy {
  /** HS256 shared secret (`JWT_SECRET`): the token CLI's and the worker's tokens. */
  secret: string;
  /** Former HS256 secrets still accepted during a rotation (`JWT_PREVIOUS_SECRETS`); never used to sign. */
  previousSecrets?: readonly string[];
  /**
   * JWKS endpoint of an identity provider (`JWT_JWKS_URL`): RS256 and ES256 tokens are verified
   * against its keys (fetched on first use, cached, refetched for an unknown `kid` at most every
   * 30 s). Unset: only HS256 tokens are accepted.
   */
  jwksUrl?: string;
  /** When set, RS256/ES256 tokens must carry this `iss` (`JWT_ISSUER`). */
  issuer?: string;
  /** When set, RS256/ES256 tokens must carry this `aud` (`JWT_AUDIENCE`). */
  audience?: string;
  /**
   * Longest accepted token lifetime, in seconds (`JWT_MAX_LIFETIME_SECONDS`, default 86400 = 24 h):
   * `exp − iat` may not exceed it, nor may `exp` lie further than that from now.
   */
  maxLifetimeSeconds?: number;
}

/** Default of {@link TokenPolicy.maxLifetimeSeconds}: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** Turns an `Authorization` header into the caller, or throws the one `UNAUTHENTICATED` error. */
export type TokenVerifier = (authorization: string | undefined | null) => Promise<Caller>;

/** The token policy of a process's configuration. */
export function tokenPolicyOf(config: {
  JWT_SECRET: string;
  JWT_PREVIOUS_SECRETS?: readonly string[];
  JWT_JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  JWT_MAX_LIFETIME_SECONDS?: number;
}): TokenPolicy {
  return {
    secret: config.JWT_SECRET,
    previousSecrets: config.JWT_PREVIOUS_SECRETS,
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
  };
}

/**
 * Builds the verifier of `Authorization: Bearer <jwt>` for `policy`. A token is accepted when
 * its signature verifies with the key its `alg` names — HS256 with the shared secret, RS256/ES256
 * with the JWKS key of its `kid` — so a token can never choose a key meant for another algorithm
 * (`alg: none` and HMAC-with-the-public-key are refused). Claims: `sub` (non-empty), `tenant` (a
 * UUID), `roles` (a non-empty list of known roles), `exp` in the future, `iat` present and not in
 * the future, `nbf` (when present) not in the future, a lifetime (`exp − iat`, and `exp − now`) of
 * at most `maxLifetimeSeconds`, 30 s of clock skew allowed. Every failure, including an unreachable
 * JWKS, is the same `UNAUTHENTICATED` error, so an attacker learns nothing about which check failed.
 */
export function createTokenVerifier(policy: TokenPolicy): TokenVerifier {
  const secretKey = encoder.encode(policy.secret);
  const jwks = policy.jwksUrl ? createRemoteJWKSet(new URL(policy.jwksUrl)) : undefined;
  const keyFor: JWTVerifyGetKey = (header, token) => {
    if (header.alg === ALGORITHM) return secretKey;
    if (jwks && (JWKS_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) return jwks(header, token);
    throw unauthenticated();
  };
  const previousKeys = (policy.previousSecrets ?? []).map((secret) => encoder.encode(secret));
  const options = {
    algorithms: jwks ? [ALGORITHM, ...JWKS_ALGORITHMS] : [ALGORITHM],
    requiredClaims: ['sub', 'exp', 'iat', 'tenant', 'roles'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  /** The current key first; during a rotation, an HS256 signature that fails is tried with each former secret. */
  const verify = async (token: string) => {
    try {
      return await jwtVerify(token, keyFor, options);
    } catch (error) {
      if (!(error instanceof joseErrors.JWSSignatureVerificationFailed) || previousKeys.length === 0) throw error;
      for (const key of previousKeys) {
        try {
          return await jwtVerify(token, key, { ...options, algorithms: [ALGORITHM] });
        } catch (retryError) {
          if (!(retryError instanceof joseErrors.JWSSignatureVerificationFailed)) throw retryError;
        }
      }
      throw error;
    }
  };
  const maxLifetimeSeconds = policy.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const verified = new VerifiedTokens();
  return async (authorization) => {
    if (!authorization) throw unauthenticated('missing');
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization);
    if (!match) throw unauthenticated();
    const known = verified.get(match[1]);
    if (known) return known;
    try {
      const { payload, protectedHeader } = await verify(match[1]);
      if (protectedHeader.alg !== ALGORITHM) checkIdentityProviderClaims(payload, policy);
      checkLifetime(payload, maxLifetimeSeconds);
      const caller = callerOf(payload);
      verified.add(match[1], caller, payload.exp! * 1000);
      return caller;
    } catch (error) {
      // jose checks `exp` only once the signature verified: "expired" is said of genuine tokens alone.
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('expired');
      if (error instanceof joseErrors.JOSEError || error instanceof GraphQLError) throw unauthenticated();
      throw error;
    }
  };
}

/**
 * Tokens this process has verified, until their `exp`: a client's next request with the same
 * token (byte for byte, signature included) skips the signature check. Each hit is a new Caller
 * object, as a verification would give (the gateway keys a request's cost budget by it). At most
 * {@link VerifiedTokens.MAX_ENTRIES}; the oldest goes first.
 */
class VerifiedTokens {
  static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { caller: Caller; expiresAtMs: number }>();

  get(token: string): Caller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.expiresAtMs) return { ...entry.caller, roles: [...entry.caller.roles] };
    this.entries.delete(token);
    return undefined;
  }

  add(token: string, caller: Caller, expiresAtMs: number): void {
    if (this.entries.size >= VerifiedTokens.MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { caller: { ...caller, roles: [...caller.roles] }, expiresAtMs });
  }
}

/** A token living longer than `maxSeconds` (a 100-year token, once leaked, is a key for good) is refused. */
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  const { iat, exp } = payload as { iat: unknown; exp: number };
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw unauthenticated();
  const nowSeconds = Date.now() / 1000;
  if (exp - iat > maxSeconds || exp - nowSeconds > maxSeconds + CLOCK_TOLERANCE_SECONDS) throw unauthenticated();
}

/** `iss` and `aud` of an identity provider's token, when the policy names them. */
function checkIdentityProviderClaims(payload: JWTPayload, policy: TokenPolicy): void {
  if (policy.issuer !== undefined && payload.iss !== policy.issuer) throw unauthenticated();
  if (policy.audience !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(policy.audience)) throw unauthenticated();
  }
}

/** The caller named by verified claims; anything missing, malformed or unknown is UNAUTHENTICATED. */
function callerOf(payload: JWTPayload): Caller {
  const { sub, tenant, roles, iat } = payload;
  // jose checks `iat` only together with maxTokenAge; a token issued in the future is refused here.
  if (typeof iat !== 'number' || iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw unauthenticated();
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw unauthenticated();
  if (typeof tenant !== 'string' || !isUuid(tenant)) throw unauthenticated();
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw unauthenticated();
  return { userId: sub, tenantId: tenant.toLowerCase(), roles: [...new Set(roles)] };
}

/**
 * Verifies `Authorization: Bearer <jwt>` signed HS256 with `secret` and returns the caller
 * (see {@link createTokenVerifier}; this is its policy without a JWKS).
 */
export async function verifyAuthorization(header: string | undefined | null, secret: string): Promise<Caller> {
  return createTokenVerifier({ secret })(header);
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
