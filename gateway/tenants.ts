import type { GraphQLError } from 'graphql';
import type { Logger } from '../platform/logger.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

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

/** The gateway cannot tell whether a tenant exists right now (planning down, no cached answer). */
export function tenantLookupUnavailable(): GraphQLError {
  return new graphqlRuntime.GraphQLError('Levain cannot check this token right now; try again shortly', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
  });
}

/**
 * Whether a token's tenant exists, and its time zone, asked of the planning subgraph (which owns
 * tenants) with the caller's own token — `{ tenant { id timezone } }` answers the tenant or
 * NOT_FOUND — and remembered: an existing tenant for `ttlMs` (a changed time zone is seen after
 * at most that long), "missing" for 10 s. The gateway holds no database connection and no
 * subgraph reads another's tables, so this is the one place the question is asked.
 *
 * Concurrent lookups of one tenant share one request. When planning cannot answer, a tenant
 * known to exist (even past its time) is still let in; an unknown one is SERVICE_UNAVAILABLE.
 */
export class TenantDirectory {
  private readonly known = new Map<string, { tenant: KnownTenant | null; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<KnownTenant | null>>();

  /**
   * @param planningUrl GraphQL URL of the planning subgraph
   * @param ttlMs how long an existing tenant is remembered (0 = ask every time)
   */
  constructor(
    private readonly planningUrl: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /** The tenant `tenantId`, or null when it does not exist; asks planning with `authorization` unless the answer is remembered. */
  async find(tenantId: string, authorization: string, requestId: string): Promise<KnownTenant | null> {
    const entry = this.known.get(tenantId);
    if (entry && entry.expiresAt > Date.now()) return entry.tenant;
    let lookup = this.pending.get(tenantId);
    if (!lookup) {
      lookup = this.lookUp(tenantId, authorization, requestId).finally(() => this.pending.delete(tenantId));
      this.pending.set(tenantId, lookup);
    }
    try {
      return await lookup;
    } catch (error) {
      this.logger.warn({ err: error, tenantId, requestId }, 'tenant lookup failed');
      if (entry?.tenant) return entry.tenant;
      throw tenantLookupUnavailable();
    }
  }

  private async lookUp(tenantId: string, authorization: string, requestId: string): Promise<KnownTenant | null> {
    const response = await fetch(this.planningUrl, {
      method: 'POST',
      // Its own request id, derived from the client's so the two are found together in the logs.
      headers: { 'content-type': 'application/json', authorization, 'x-request-id': `${requestId.slice(0, 56)}-tenant` },
      body: TENANT_QUERY,
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      data?: { tenant?: { id?: string; timezone?: string } | null } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const found = body.data?.tenant;
    let tenant: KnownTenant | null;
    if (found?.id === tenantId && typeof found.timezone === 'string') tenant = { timezone: found.timezone };
    else if (body.errors?.length === 1 && body.errors[0].extensions?.code === 'NOT_FOUND') tenant = null;
    else throw new Error(`planning answered the tenant lookup with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
    this.remember(tenantId, tenant);
    return tenant;
  }

  private remember(tenantId: string, tenant: KnownTenant | null): void {
    const ttl = tenant ? this.ttlMs : Math.min(this.ttlMs, MISSING_TTL_MS);
    if (ttl <= 0) return;
    this.known.delete(tenantId);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(tenantId, { tenant, expiresAt: Date.now() + ttl });
  }
}
