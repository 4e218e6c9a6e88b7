import { createDb, type Db } from '../db/client.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import type { Config } from '../platform/config.ts';

/** Runs `work` with a small pool on the configured (or running embedded) database, then closes it. */
export async function withCliDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(await resolveDatabaseUrl(config), 2);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

