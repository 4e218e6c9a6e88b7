import { runningEmbeddedUrl } from './embedded.ts';
import type { Config } from '../platform/config.ts';

/** No database to talk to: neither `DATABASE_URL` nor a running embedded Postgres. */
export class NoDatabaseError extends Error {
  constructor() {
    super('No database: set DATABASE_URL, or start Levain with `npm start` so its embedded Postgres is running.');
    this.name = 'NoDatabaseError';
  }
}

/**
 * The database a CLI command works on: `DATABASE_URL` when set, else the embedded Postgres
 * of a running `npm start`. Throws {@link NoDatabaseError} when there is neither.
 */
export async function resolveDatabaseUrl(config: Pick<Config, 'DATABASE_URL' | 'LEVAIN_HOME'>): Promise<string> {
  const url = config.DATABASE_URL ?? (await runningEmbeddedUrl(config.LEVAIN_HOME));
  if (!url) throw new NoDatabaseError();
  return url;
}
