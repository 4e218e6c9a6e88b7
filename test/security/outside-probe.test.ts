import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { AREAS, formatResult, formatSummary } from '../../scripts/security-probe/probe-case.ts';
import { runProbe } from '../../scripts/security-probe/run-probe.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { npmStart, ownStartEnvironment, ROOT, type NpmStart } from '../support/npm-start.ts';

/**
 * Issue 12, acceptance 3: the independent outside probe set (scripts/security-probe/) against a
 * real `npm start` in production mode — the mode with every door closed: no introspection or IDE,
 * /metrics behind METRICS_TOKEN, the board's cookie Secure. Production seeds nothing, so the two
 * bakeries come from `npm run seed` on the fresh database first (demo = the attacker A and the
 * board's operator, rival = the victim B); their ADMIN tokens from `npm run token`, as an operator
 * would get them. Rate limits are lowered so the flood cases stay short.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_LIMIT_PER_TENANT = 1000;
const RATE_LIMIT_PER_ADDRESS = 3000;
const run = promisify(execFile);

let database: TestDatabase | undefined;
let started: NpmStart | undefined;
let home: string | undefined;

afterAll(async () => {
  if (started && started.child.exitCode === null) {
    process.kill(-started.group, 'SIGTERM');
    const stopped = await Promise.race([started.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 15_000))]);
    if (!stopped) process.kill(-started.group, 'SIGKILL');
  }
  await database?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('every case of the outside probe set holds against npm start in production', async () => {
  database = await createTestDatabase('levain_probe');
  const own = await ownStartEnvironment();
  home = own.home;
  const metricsToken = randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...own.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: `test_probe_${randomBytes(4).toString('hex')}`,
    RATE_LIMIT_KEY_PREFIX: `test_probe_rate_${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    METRICS_TOKEN: metricsToken,
    RATE_LIMIT_PER_TENANT: String(RATE_LIMIT_PER_TENANT),
    RATE_LIMIT_PER_ADDRESS: String(RATE_LIMIT_PER_ADDRESS),
    LOG_LEVEL: 'warn',
  };
  const seeded = await run('npm', ['run', '-s', 'seed'], { cwd: ROOT, env });
  const demoId = /^demo\s+([0-9a-f-]{36})/m.exec(seeded.stdout)?.[1];
  expect(demoId, seeded.stdout).toBeDefined();

  started = npmStart({ ...env, QUEUE_BOARD_TENANT_IDS: demoId });
  expect(await started.ready(120_000), started.output()).toBe(true);
  expect(started.output()).toMatch(/Seed: none in production/);

  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const { ports } = own;
  const results = await runProbe(
    {
      gateway: url(ports.PORT),
      subgraphs: { inventory: url(ports.INVENTORY_PORT), suppliers: url(ports.SUPPLIERS_PORT), recipes: url(ports.RECIPES_PORT), planning: url(ports.PLANNING_PORT) },
      worker: `http://127.0.0.1:${ports.WORKER_PORT}`,
      secret: env.JWT_SECRET!,
      tenantA: 'demo',
      tenantB: 'rival',
      production: true,
      boardOperator: 'a',
      metricsToken,
      ratePerTenant: RATE_LIMIT_PER_TENANT,
      ratePerAddress: RATE_LIMIT_PER_ADDRESS,
      cwd: ROOT,
      env,
    },
    AREAS,
  );

  const failing = results.filter((result) => result.verdict.status === 'FAIL');
  expect(failing.map(formatResult).join('\n'), formatSummary(results)).toBe('');
  expect(results.length).toBeGreaterThanOrEqual(150);
  for (const area of AREAS) expect(results.some((result) => result.area === area && result.verdict.status === 'PASS'), area).toBe(true);
}, 240_000);
