import { migrateToLatest } from '../db/migrate.ts';
import { loadConfig } from '../platform/config.ts';
import { withCliDatabase } from './cli-database.ts';

/** `npm run migrate`: brings the database to the latest schema (`npm run seed` also seeds the demo tenants). */
await withCliDatabase(loadConfig(), async (db) => {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already at the latest schema');
});
