import { signToken } from './auth.ts';
import { subgraphUrl, type Config, type SubgraphName } from './config.ts';

/** How long a SERVICE token lives, in seconds. */
const TOKEN_LIFETIME_SECONDS = 15 * 60;
/** A cached token is renewed this long before it expires, in ms. */
const TOKEN_RENEW_BEFORE_MS = 2 * 60 * 1000;

/** Gives a SERVICE token for a tenant (signed with the shared secret, cached and renewed a little before it expires). */
export type ServiceTokens = (tenantId: string) => Promise<string>;

/**
 * SERVICE tokens for the background work that acts for a tenant with no caller behind it: the
 * worker's pipeline (jobs/), planning's stock-posting outbox. `subject` names who acts in the
 * token (`sub`), so ledgers and logs say which part of Levain wrote a row.
 */
export function serviceTokens(secret: string, subject: string): ServiceTokens {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached && cached.expiresAt - Date.now() > TOKEN_RENEW_BEFORE_MS) return cached.token;
    const token = await signToken({ userId: subject, tenantId, roles: ['SERVICE'] }, secret, `${TOKEN_LIFETIME_SECONDS}s`);
    cache.set(tenantId, { token, expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000 });
    return token;
  };
}

/** Another service's GraphQL URL, and the SERVICE tokens to call it with for a tenant. */
export interface ServiceEndpoint {
  /** Unset → every call fails (a process started without that service's URL). */
  readonly url: string | undefined;
  token: ServiceTokens;
}

/** `name`'s endpoint as a process's configuration gives it, with SERVICE tokens signed as `levain-<caller>`. */
export function serviceEndpoint(config: Config, name: SubgraphName, caller: SubgraphName): ServiceEndpoint {
  return { url: subgraphUrl(config, name), token: serviceTokens(config.JWT_SECRET, `levain-${caller}`) };
}
