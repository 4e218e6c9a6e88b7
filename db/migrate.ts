import type { Db } from './client.ts';
import { migrationSource } from './migrations/index.ts';

/** Brings the database to the latest schema; safe to run on every start. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource, tableName: 'knex_migrations', schemaName: 'public' })) as [
    number,
    string[],
  ];
  return applied;
}
