import { createDb } from '../client.ts';
import { migrateToLatest } from '../migrate.ts';
import { parseCliArgs } from '../../platform/cli-args.ts';
import { loadConfig } from '../../platform/config.ts';
import { NoDatabaseError, resolveDatabaseUrl } from '../database-url.ts';
import { seedDemoTenants } from './index.ts';

/** `npm run seed`: migrates the configured database, seeds tenants `demo` and `rival`, prints their ids. */
async function main(): Promise<void> {
  parseCliArgs(
    `Usage: npm run seed

Migrates DATABASE_URL (or the embedded Postgres of a running \`npm start\`), then seeds the demo
bakeries "demo" and "rival" (idempotent) and prints their ids.`,
    {},
  );
  const db = createDb(await resolveDatabaseUrl(loadConfig()), 2);
  try {
    await migrateToLatest(db);
    const { demoTenantId, rivalTenantId } = await seedDemoTenants(db);
    console.log(`demo  ${demoTenantId}  Levain Demo Bakery`);
    console.log(`rival ${rivalTenantId}  Rival Bakehouse`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof NoDatabaseError ? error.message : error);
  process.exit(1);
});
