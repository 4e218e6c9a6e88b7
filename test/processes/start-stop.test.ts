import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { npmStart, ownStartEnvironment } from '../support/npm-start.ts';

/**
 * `npm start` for real — npm, tsx, node, the embedded Postgres — on its own ports and its own
 * LEVAIN_HOME (never the developer's .levain), stopped the way a process manager stops it.
 */
const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

async function ownEnvironment() {
  const own = await ownStartEnvironment();
  homes.push(own.home);
  return { ...own, ports: Object.values(own.ports) };
}

function processesInGroup(groupId: number): number[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  return listing
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, pgid]) => pgid === groupId)
    .map(([pid]) => pid);
}

async function portIsFree(port: number): Promise<boolean> {
  const probe: Server = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(await condition())) await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('npm start', () => {
  test('SIGTERM to npm stops npm, tsx, node and the embedded Postgres within 10 s, freeing every port, with no error logged', async () => {
    const { ports, env } = await ownEnvironment();
    const started = npmStart(env);
    const group = started.group;
    try {
      expect(await started.ready(150_000), started.output()).toBe(true);
      // npm, tsx, node and postgres (and postgres's own helpers) all run.
      expect(processesInGroup(group).length).toBeGreaterThanOrEqual(4);
      for (const port of ports) expect(await portIsFree(port), `port ${port} in use while running`).toBe(false);

      process.kill(group, 'SIGTERM'); // npm's pid, as `kill <pid of npm start>` does
      await until(async () => processesInGroup(group).length === 0 && (await Promise.all(ports.map(portIsFree))).every(Boolean), 10_000);
      expect(processesInGroup(group)).toEqual([]);
      for (const port of ports) expect(await portIsFree(port), `port ${port} still bound`).toBe(true);
    } finally {
      if (processesInGroup(group).length) process.kill(-group, 'SIGKILL');
    }
    const output = started.output();
    expect(output).not.toMatch(/terminating connection|Connection terminated|triggerUncaughtException/);
    const jsonLines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(jsonLines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
    for (const line of jsonLines) {
      expect(JSON.parse(line).level, line).toBeLessThan(50);
      // JSON.parse keeps the last of repeated keys: count them in the raw text.
      expect(line.match(/"service":/g), line).toHaveLength(1);
    }
  }, 200_000);

  test('a busy port is one line naming the port and its setting, exit 1, before anything starts', async () => {
    const { env } = await ownEnvironment();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(Number(env.SUPPLIERS_PORT), '127.0.0.1', resolve));
    try {
      const started = npmStart(env);
      expect(await started.exited).toBe(1);
      const lines = started.output().split('\n').filter((line) => line && !line.startsWith('>'));
      expect(lines).toEqual([`Levain cannot start: port ${env.SUPPLIERS_PORT} is in use — set SUPPLIERS_PORT or stop the other process`]);
    } finally {
      holder.close();
    }
  }, 60_000);

  test('an embedded Postgres left running by an earlier start is named by its pid, not a bare exception', async () => {
    const { home, env } = await ownEnvironment();
    mkdirSync(path.join(home, 'postgres'));
    // A live pid in postmaster.pid: this test's own process stands in for the postgres left behind.
    writeFileSync(path.join(home, 'postgres', 'postmaster.pid'), `${process.pid}\n${home}/postgres\n`);
    const started = npmStart(env);
    expect(await started.exited).toBe(1);
    const lines = started.output().split('\n').filter((line) => line && !line.startsWith('>') && !line.startsWith('Postgres:'));
    expect(lines).toEqual([
      `Levain cannot start: the embedded Postgres of an earlier start is still running (pid ${process.pid}, data ${home}/postgres) — stop it with \`kill ${process.pid}\` and start again`,
    ]);
  }, 60_000);
});
