import { migrateToLatest } from '../db/migrate.ts';
import { parseCliArgs } from '../platform/cli-args.ts';
import { loadConfig } from '../platform/config.ts';
import { withCliDatabase } from './cli-database.ts';

/** `npm run migrate`: brings the database to the latest schema (`npm run seed` also seeds the demo tenants). */
parseCliArgs(
  `Usage: npm run migrate

Brings DATABASE_URL (or the embedded Postgres of a running \`npm start\`) to the latest schema.`,
  {},
);
await withCliDatabase(loadConfig(), async (db) => {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already at the latest schema');
});
