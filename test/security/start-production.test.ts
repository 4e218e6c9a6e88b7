import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { createDb } from '../../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Issue 12, finding 12: `NODE_ENV=production npm start` seeded the demo bakeries and printed a
 * 12-hour ADMIN token. The real start script runs here, in production, against a fresh database,
 * on free ports of 127.0.0.1.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

test('production start: no demo tenant, no token printed', async () => {
  database = await createTestDatabase('levain_start');
  const ports = { PORT: 0, INVENTORY_PORT: 0, SUPPLIERS_PORT: 0, RECIPES_PORT: 0, PLANNING_PORT: 0, WORKER_PORT: 0 };
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  child = spawn('node_modules/.bin/tsx', ['scripts/start.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: `test_start_${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 60 s:\n${output}`)), 60_000);
    child!.stdout!.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });

  expect(output).toMatch(/Levain is running/);
  expect(output).toMatch(/Seed: none in production/);
  expect(output).not.toMatch(/ADMIN token|dashboard#token=|eyJ[A-Za-z0-9_-]+\./);
  const db = createDb(database.url, 1);
  try {
    expect(Number((await db('planning.tenants').count({ n: '*' }))[0].n)).toBe(0);
  } finally {
    await db.destroy();
  }
}, 90_000);
