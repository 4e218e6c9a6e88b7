import type { Config } from '../platform/config.ts';
import { runningEmbeddedUrl } from './embedded.ts';

/**
 * The database a CLI command or a separately started service uses: `DATABASE_URL`, else the
 * embedded Postgres of a running `npm start`. Throws a message saying what to do otherwise.
 */
export async function resolveDatabaseUrl(config: Config): Promise<string> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const embedded = await runningEmbeddedUrl();
  if (embedded) return embedded;
  throw new Error('No database: set DATABASE_URL, or run `npm start` (embedded Postgres) in another terminal first.');
}
