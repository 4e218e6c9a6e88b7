import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoTenants } from '../db/seeds/index.ts';
import { loadConfig } from '../platform/config.ts';
import { withCliDatabase } from './cli-database.ts';

/** `npm run migrate [-- --seed]`: brings the database to the latest schema (and seeds the demo tenants). */
const { values } = parseArgs({ options: { seed: { type: 'boolean', default: false } } });
await withCliDatabase(loadConfig(), async (db) => {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already at the latest schema');
  if (values.seed) {
    const { demoTenantId, rivalTenantId } = await seedDemoTenants(db);
    console.log(`Seeded demo (${demoTenantId}) and rival (${rivalTenantId})`);
  }
});
