import knex, { type Knex } from 'knex';
import pg from 'pg';

export type Db = Knex;

// NUMERIC arrives as a string by default; Levain's quantities and prices fit a double.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
// DATE stays the calendar day it is ('YYYY-MM-DD'), never shifted through a local-time Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/**
 * The one pool factory: every process opens its Postgres pool here.
 * @param connectionString postgres://… URL
 * @param poolMax largest number of connections (default 10)
 */
export function createDb(connectionString: string, poolMax = 10): Db {
  return knex({
    client: 'pg',
    connection: { connectionString, application_name: 'levain' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
  });
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function isDbReady(db: Db, timeoutMs = 2000): Promise<boolean> {
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
