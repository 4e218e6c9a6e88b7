import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: where `npm start` and the CLIs run. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The banner's last line: `npm start` is ready when it has printed it. */
export const READY_LINE = 'Press Ctrl-C to stop.';

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const PORT_VARIABLES = ['PORT', 'INVENTORY_PORT', 'SUPPLIERS_PORT', 'RECIPES_PORT', 'PLANNING_PORT', 'WORKER_PORT', 'EMBEDDED_POSTGRES_PORT'] as const;

/**
 * An environment for a real `npm start` of a test's own: free ports for every service and the
 * embedded Postgres, and a fresh LEVAIN_HOME (never the developer's .levain); no DATABASE_URL,
 * no REDIS_URL, JSON logs (NODE_ENV=test). The caller removes `home`.
 */
export async function ownStartEnvironment(): Promise<{ home: string; ports: Record<(typeof PORT_VARIABLES)[number], number>; env: NodeJS.ProcessEnv }> {
  const home = mkdtempSync(path.join(tmpdir(), 'levain-start-'));
  // Run as root, embedded-postgres runs initdb as the `postgres` user, which must reach the folder.
  chmodSync(home, 0o755);
  const ports = Object.fromEntries(await Promise.all(PORT_VARIABLES.map(async (name) => [name, await freePort()]))) as Record<(typeof PORT_VARIABLES)[number], number>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    LEVAIN_HOME: home,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
    REDIS_URL: '',
    GATEWAY_URL: '',
  };
  return { home, ports, env };
}

export interface NpmStart {
  child: ChildProcess;
  /** npm's pid, which is also the id of the process group of everything it starts. */
  group: number;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the banner is out (or npm exited, or `timeoutMs` passed); true when ready. */
  ready(timeoutMs: number): Promise<boolean>;
}

/** `npm start` in a process group of its own, so every process it makes can be counted and signalled. */
export function npmStart(env: NodeJS.ProcessEnv): NpmStart {
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    group: child.pid!,
    output: () => output,
    exited,
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(READY_LINE) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      return output.includes(READY_LINE);
    },
  };
}
