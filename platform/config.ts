import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { allowListEntryProblem } from './webhook-address.ts';

/** The only reader of `process.env`: every process validates its configuration once, here. */

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional());

const DEV_JWT_SECRET = 'levain-development-secret-change-me-0123456789';

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** OTLP/HTTP collector base URL (traces go to `<url>/v1/traces`); unset → tracing off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
    /**
     * When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. Unset: open in
     * development, closed (401 to everyone) in production — see the transform below.
     */
    METRICS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16).optional()),
    HOST: z.string().default('127.0.0.1'),
    /** Postgres connection string; unset → an embedded Postgres under `.levain/`. */
    DATABASE_URL: optionalUrl,
    /** Port of the embedded Postgres `npm start` runs when DATABASE_URL is unset (default 5433, beside a system Postgres on 5432). */
    EMBEDDED_POSTGRES_PORT: port.default(5433),
    /** Folder of Levain's local state — the embedded Postgres's data, the running instance's URL (default `.levain`, under the working directory). */
    LEVAIN_HOME: z.string().min(1).default('.levain'),
    /** Redis connection string for the queues; unset in development → Postgres-backed queues. */
    REDIS_URL: optionalUrl,
    /** HS256 secret shared by the gateway, the subgraphs and the token CLI (≥ 32 characters). */
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEV_JWT_SECRET),
    PORT: port.default(4000),
    INVENTORY_PORT: port.default(4001),
    SUPPLIERS_PORT: port.default(4002),
    RECIPES_PORT: port.default(4003),
    PLANNING_PORT: port.default(4004),
    INVENTORY_URL: optionalUrl,
    SUPPLIERS_URL: optionalUrl,
    RECIPES_URL: optionalUrl,
    PLANNING_URL: optionalUrl,
    /**
     * Largest accepted HTTP body, in bytes (default 512 KiB: the gateway reads and parses every body
     * it accepts, about 13–20 ms of CPU per MiB on a 2-core machine — docs/ARCHITECTURE.md).
     */
    MAX_BODY_BYTES: z.coerce.number().int().positive().default(524_288),
    /**
     * Largest body the pipeline's token (SERVICE) may send, in bytes: its recordSnapshot carries a
     * bakery's whole catalogue, ~1.6 MB for 2,000 ingredients (default 32 MiB).
     */
    MAX_SERVICE_BODY_BYTES: z.coerce.number().int().positive().default(33_554_432),
    /** Deepest accepted selection nesting at the gateway (default 12). */
    MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
    /** Most aliases accepted in one operation at the gateway (default 30). */
    MAX_ALIASES: z.coerce.number().int().positive().default(30),
    /** Size of the Postgres pool of each process (default 10). */
    DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),

    // ── Security: tokens, operation limits, rate limits (SECURITY.md) ───────────────────────
    /** JWKS URL of an identity provider: RS256/ES256 tokens signed by its keys are accepted beside HS256 ones. */
    JWT_JWKS_URL: optionalUrl,
    /**
     * Former HS256 secrets still accepted while tokens signed with them expire (comma-separated,
     * each ≥ 32 characters; default none). New tokens are always signed with JWT_SECRET. SECURITY.md.
     */
    JWT_PREVIOUS_SECRETS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((secret) => secret.trim()).filter(Boolean))
      .pipe(z.array(z.string().min(32, 'each previous secret must be at least 32 characters'))),
    /**
     * Longest lifetime of an accepted token, in seconds (default 86400 = 24 h): `exp − iat` and
     * `exp − now` may not exceed it, and `iat` is required. SECURITY.md.
     */
    JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).default(86_400),
    /** Required `iss` of identity-provider (RS256/ES256) tokens; unset → not checked. */
    JWT_ISSUER: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
    /** Required `aud` of identity-provider (RS256/ES256) tokens; unset → not checked. */
    JWT_AUDIENCE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
    /**
     * Most characters of one operation's query text at the gateway, whatever the body size allows
     * (default 32768): a long comment or string literal costs the lexer time even below the token cap.
     */
    MAX_QUERY_LENGTH: z.coerce.number().int().positive().default(32_768),
    /**
     * Most lexical tokens the gateway's parser reads of one document before giving up (graphql's
     * `maxTokens`; default 2000 — the pipeline's largest operation has 129).
     */
    MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(2_000),
    /**
     * The same parser cap at each subgraph (default 20000): subgraphs hear the gateway's query
     * plans, which may write a client's fragments out at every spread.
     */
    SUBGRAPH_MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(20_000),
    /** Most definitions (operations and fragments) in one document at the gateway (default 30). */
    MAX_DEFINITIONS: z.coerce.number().int().positive().default(30),
    /** Most variable definitions in one document at the gateway, all its operations together (default 100). */
    MAX_VARIABLE_DEFINITIONS: z.coerce.number().int().positive().default(100),
    /**
     * Work budget of the gateway's limit checks: most selections (fields, inline fragments, spreads)
     * they visit in one document, each fragment once (default 1000). Past it: QUERY_TOO_LARGE.
     */
    MAX_QUERY_NODES: z.coerce.number().int().positive().default(1_000),
    /** Most root fields one operation may select at the gateway (default 20). */
    MAX_ROOT_FIELDS: z.coerce.number().int().positive().default(20),
    /**
     * Largest estimated cost of one HTTP request at the gateway, all its batched operations together:
     * every selected field counts once per list element it is resolved for (default 250000).
     */
    MAX_QUERY_COST: z.coerce.number().int().positive().default(250_000),
    /**
     * The same budget for the pipeline's token (SERVICE), whose snapshot reads whole catalogues in
     * pages of up to 5,000 (default 2000000).
     */
    MAX_SERVICE_QUERY_COST: z.coerce.number().int().positive().default(2_000_000),
    /** Most items in one list argument at the gateway; lists of ids stop at 5,000 whatever this says (default 10000). */
    MAX_LIST_ITEMS: z.coerce.number().int().positive().default(10_000),
    /** Most operations in one batched HTTP request (a JSON array body); 1 turns batching off (default 10). */
    MAX_BATCHED_OPERATIONS: z.coerce.number().int().min(1).max(100).default(10),
    /** Length of a rate-limit window, in seconds (default 60). */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** GraphQL operations one tenant (all its users together) may send per window; 0 = no limit (default 3000). */
    RATE_LIMIT_PER_TENANT: z.coerce.number().int().min(0).default(3000),
    /** Requests to /graphql one client address may send per window, with or without a token; 0 = no limit (default 6000). */
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(6000),
    /**
     * GraphQL operations each service (a verified SERVICE token's subject: the nightly worker, planning's
     * outbox) may send per window, counted instead of the address and tenant limits; 0 = no limit (default 60000).
     */
    RATE_LIMIT_PER_SERVICE: z.coerce.number().int().min(0).default(60_000),
    /** Prefix of the rate-limit counters' Redis keys (default levain:rate-limit). */
    RATE_LIMIT_KEY_PREFIX: z.string().min(1).default('levain:rate-limit'),
    /**
     * Proxies in front of the gateway that append to X-Forwarded-For; the client address is the
     * entry that many hops from the right (default 0: the socket's peer address, X-Forwarded-For ignored).
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** How long the gateway remembers that a token's tenant exists, in seconds (default 300). */
    TENANT_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),

    // ── Queues and the orchestration worker (jobs/) ──────────────────────────────────────────
    /**
     * Namespace of the queues: the Redis key prefix, or the Postgres schema of BullMQ's
     * Postgres backend (default `levain_jobs`). Tests use a random one per file.
     */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier (letters, digits, underscores; ≤ 63)')
      .default('levain_jobs'),
    /** Where the worker and the orchestrate CLI reach the gateway (default http://127.0.0.1:PORT/graphql). */
    GATEWAY_URL: optionalUrl,
    /** Orchestration jobs one worker process runs at once (default 4). */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    /**
     * Runs of one bakery a worker process drives at once (default 1): its other jobs wait, delayed,
     * so one bakery never holds every slot. jobs/tenant-slots.ts.
     */
    WORKER_CONCURRENCY_PER_TENANT: z.coerce.number().int().min(1).max(100).default(1),
    /** Open (QUEUED or RUNNING) runs one bakery may have; requestOrchestration past it is BAD_USER_INPUT (default 3). */
    MAX_OPEN_RUNS_PER_TENANT: z.coerce.number().int().min(1).max(100).default(3),
    /** Port of the worker's /health and /metrics (default 4005; 0 = ephemeral). */
    WORKER_PORT: port.default(4005),
    /** Window over which stock movements below a reorder point make one EVENT run, in seconds (default 900 = 15 min). */
    EVENT_RUN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Times a job is tried when its saga cannot finish (e.g. planning down while compensating) (default 5). */
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
    /** First delay of the job-level exponential backoff, in ms (default 30000). */
    JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(30_000),
    /** Lock of an active job, in ms; a worker that dies lets it go after this (default 30000). */
    JOB_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
    /** How often workers look for stalled jobs, in ms (default 30000). */
    JOB_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
    /**
     * Most times one job may be started — retries, worker crashes and stalled locks together —
     * before it fails for good (default 8: JOB_ATTEMPTS plus room for 3 crashes). On the last
     * allowed start the saga undoes the run instead of trying its steps again.
     */
    JOB_MAX_STARTED_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** Tries of one gateway call before its saga step fails (default 6). */
    GATEWAY_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
    /** First retry delay of a gateway call, in ms; doubles with jitter (default 500). */
    GATEWAY_RETRY_INITIAL_DELAY_MS: z.coerce.number().int().min(1).default(500),
    /** Longest retry delay of a gateway call, in ms (default 10000). */
    GATEWAY_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).default(10_000),
    /** Timeout of one gateway call, in ms (default 60000). */
    GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    /** Consecutive failures that open a target's circuit breaker (default 5). */
    GATEWAY_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
    /** How long an open breaker waits before letting one trial call through, in ms (default 5000). */
    GATEWAY_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(1).default(5_000),
    /** Tries of a tenant webhook POST (default 4; 1 s, 2 s, 4 s apart with jitter). */
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
    /** Timeout of one webhook POST, in ms (default 5000). */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    /**
     * Self-hosted webhook receivers a bakery may name although they are not on the public internet:
     * host names, addresses and CIDRs, comma-separated (e.g. `hooks.internal,10.20.0.0/16`; default
     * none). Link-local and cloud-metadata addresses stay refused. platform/webhook-address.ts.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          const problem = allowListEntryProblem(entry);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      }),
    /** How often the planning service re-syncs every tenant's job scheduler, in seconds (default 300). */
    SCHEDULE_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
    /** How often the planning service posts the receipts and baking its outbox still holds to inventory, in seconds (default 5). */
    STOCK_POSTING_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(5),
    /**
     * Tenants whose ADMINs may open Bull Board at /admin/queues, comma-separated ids (default none:
     * the board is not mounted, in every mode). The queue holds every bakery's jobs: name only the
     * operators' tenant.
     */
    QUEUE_BOARD_TENANT_IDS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().uuid('must be tenant ids (UUIDs), comma-separated'))),
    /** `true` lets the board's operators retry, promote, clean and remove jobs; otherwise it is read-only (default false). */
    QUEUE_BOARD_WRITABLE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set in production' });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'must be set in production' });
    }
    if (env.NODE_ENV === 'production' && env.JWT_JWKS_URL && !env.JWT_JWKS_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'must be an https URL in production' });
    }
    if (env.NODE_ENV === 'production' && !env.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'must be set in production (Postgres-backed queues are for development)' });
    }
  });

/**
 * In production an unset METRICS_TOKEN becomes a random one nobody knows, so every process's
 * `/metrics` (gateway, subgraphs, worker) answers 401: operation names, tenants' traffic and
 * process details stay closed unless an operator sets the token (issue 12, finding 10).
 */
const ConfigSchema = EnvSchema.transform((env) =>
  env.NODE_ENV === 'production' && !env.METRICS_TOKEN ? { ...env, METRICS_TOKEN: randomBytes(32).toString('hex') } : env,
);

export type Config = z.infer<typeof ConfigSchema>;

export type SubgraphName = 'inventory' | 'suppliers' | 'recipes' | 'planning';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['inventory', 'suppliers', 'recipes', 'planning'];

/**
 * @apollo/gateway, unless `APOLLO_TELEMETRY_DISABLED` is set, reports usage to
 * usage-reporting.api.apollographql.com and probes cloud metadata endpoints (169.254.169.254,
 * metadata.google.internal, 100.100.100.200) when constructed. Levain never calls out, so every
 * gateway sets it before building one.
 */
export function disableVendorTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED = 'true';
}

/** Parses the environment (or `env`), printing every problem and exiting on error when `exitOnError`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { exitOnError = true } = {}): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  const message = `Invalid configuration:\n${problems.join('\n')}`;
  if (!exitOnError) throw new Error(message);
  console.error(message);
  process.exit(1);
}

/** Port a subgraph listens on. */
export function subgraphPort(config: Config, name: SubgraphName): number {
  const ports = {
    inventory: config.INVENTORY_PORT,
    suppliers: config.SUPPLIERS_PORT,
    recipes: config.RECIPES_PORT,
    planning: config.PLANNING_PORT,
  } as const;
  return ports[name];
}

/** GraphQL URL the gateway uses for a subgraph (explicit `<NAME>_URL`, else 127.0.0.1 and its port). */
export function subgraphUrl(config: Config, name: SubgraphName): string {
  const urls = {
    inventory: config.INVENTORY_URL,
    suppliers: config.SUPPLIERS_URL,
    recipes: config.RECIPES_URL,
    planning: config.PLANNING_URL,
  } as const;
  return urls[name] ?? `http://127.0.0.1:${subgraphPort(config, name)}/graphql`;
}

/** The GraphQL URL of every subgraph, by name. */
export function subgraphUrls(config: Config): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(config, name)])) as Record<SubgraphName, string>;
}

/** The gateway's GraphQL URL for clients in other processes (the worker, the orchestrate CLI). */
export function gatewayUrl(config: Config): string {
  return config.GATEWAY_URL ?? `http://127.0.0.1:${config.PORT}/graphql`;
}
