import { z } from 'zod';

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
    /** When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`; unset → open. */
    METRICS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16).optional()),
    HOST: z.string().default('127.0.0.1'),
    /** Postgres connection string; unset → an embedded Postgres under `.levain/`. */
    DATABASE_URL: optionalUrl,
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
    /** Largest accepted HTTP body, in bytes (default 1 MiB). */
    MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
    /** Deepest accepted selection nesting at the gateway (default 12). */
    MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
    /** Most aliases accepted in one operation at the gateway (default 30). */
    MAX_ALIASES: z.coerce.number().int().positive().default(30),
    /** Size of the Postgres pool of each process (default 10). */
    DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set in production' });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'must be set in production' });
    }
  });

export type Config = z.infer<typeof EnvSchema>;

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
  const parsed = EnvSchema.safeParse(env);
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
