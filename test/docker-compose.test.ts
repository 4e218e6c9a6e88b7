import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, subgraphPort, SUBGRAPH_NAMES } from '../platform/config.ts';

// No Docker engine runs here, so the compose file is checked by reading it.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true });
const defaults = loadConfig({}, { exitOnError: false });

test('compose runs postgres, redis, the migration, the four subgraphs, the gateway and the worker', () => {
  expect(Object.keys(compose.services).sort()).toEqual(
    ['gateway', 'inventory', 'migrate', 'planning', 'postgres', 'recipes', 'redis', 'suppliers', 'worker'].sort(),
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
  expect(service.depends_on.migrate.condition).toBe('service_completed_successfully');
});

test('the gateway waits for healthy subgraphs, and the migration runs an existing script', () => {
  for (const subgraph of SUBGRAPH_NAMES) expect(compose.services.gateway.depends_on[subgraph].condition).toBe('service_healthy');
  const migrate = compose.services.migrate.command;
  expect(existsSync(new URL(`../${migrate[1]}`, import.meta.url))).toBe(true);
});
