import type { Logger } from './logger.ts';

/** How long "this tenant does not exist" is remembered, in milliseconds. */
const MISSING_TTL_MS = 10_000;
/** Most tenants remembered at once; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;
/** Longest wait for planning's answer, in milliseconds. */
const LOOKUP_TIMEOUT_MS = 2_000;

const TENANT_QUERY = JSON.stringify({ query: 'query TenantExists { tenant { id timezone } }', operationName: 'TenantExists' });

/** What the gateway knows of an existing tenant. */
export interface KnownTenant {
  /** IANA time zone: the tenant's calendar (DESIGN: a `Date` is a day in the tenant's zone). */
  timezone: string;
}

/** Answers whether a tenant exists (and its zone), or null; throws when it cannot tell. */
export type TenantLookup = (tenantId: string, authorization: string, requestId: string) => Promise<KnownTenant | null>;

/**
 * Whether a token's tenant exists, and its time zone, remembered: an existing tenant for `ttlMs`
 * (a changed time zone is seen after at most that long), "missing" for 10 s. The gateway and the
 * subgraphs other than planning ask planning ({@link askPlanning}: they hold no tenant table and
 * no subgraph reads another's tables); planning, which owns tenants, reads its own table.
 *
 * Concurrent lookups of one tenant share one request. When the lookup cannot answer, a tenant
 * known to exist (even past its time) is still let in; an unknown one gets `unavailable()`.
 */
export class TenantDirectory {
  private readonly known = new Map<string, { tenant: KnownTenant | null; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<KnownTenant | null>>();

  /**
   * @param lookUp asks whether a tenant exists ({@link askPlanning}, or planning's own table)
   * @param ttlMs how long an existing tenant is remembered (0 = ask every time)
   * @param unavailable the error thrown when the lookup fails and nothing is remembered
   */
  constructor(
    private readonly lookUp: TenantLookup,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    private readonly unavailable: () => Error,
  ) {}

  /** The tenant `tenantId`, or null when it does not exist; asks planning with `authorization` unless the answer is remembered. */
  async find(tenantId: string, authorization: string, requestId: string): Promise<KnownTenant | null> {
    const entry = this.known.get(tenantId);
    if (entry && entry.expiresAt > Date.now()) return entry.tenant;
    let lookup = this.pending.get(tenantId);
    if (!lookup) {
      lookup = this.lookUp(tenantId, authorization, requestId)
        .then((tenant) => {
          this.remember(tenantId, tenant);
          return tenant;
        })
        .finally(() => this.pending.delete(tenantId));
      this.pending.set(tenantId, lookup);
    }
    try {
      return await lookup;
    } catch (error) {
      this.logger.warn({ err: error, tenantId, requestId }, 'tenant lookup failed');
      if (entry?.tenant) return entry.tenant;
      throw this.unavailable();
    }
  }

  private remember(tenantId: string, tenant: KnownTenant | null): void {
    const ttl = tenant ? this.ttlMs : Math.min(this.ttlMs, MISSING_TTL_MS);
    if (ttl <= 0) return;
    this.known.delete(tenantId);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(tenantId, { tenant, expiresAt: Date.now() + ttl });
  }
}

/**
 * A lookup that asks the planning subgraph with the caller's own token: `{ tenant { id timezone } }`
 * answers the tenant, or NOT_FOUND when it does not exist.
 */
export function askPlanning(planningUrl: string): TenantLookup {
  return async (tenantId, authorization, requestId) => {
    const response = await fetch(planningUrl, {
      method: 'POST',
      // Its own request id, derived from the caller's so the two are found together in the logs.
      headers: { 'content-type': 'application/json', authorization, 'x-request-id': `${requestId.slice(0, 56)}-tenant` },
      body: TENANT_QUERY,
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      data?: { tenant?: { id?: string; timezone?: string } | null } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const found = body.data?.tenant;
    if (found?.id === tenantId && typeof found.timezone === 'string') return { timezone: found.timezone };
    if (body.errors?.length === 1 && body.errors[0].extensions?.code === 'NOT_FOUND') return null;
    throw new Error(`planning answered the tenant lookup with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  };
}
