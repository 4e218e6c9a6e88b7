import { migrateToLatest } from '../db/migrate.ts';
import { signToken } from '../platform/auth.ts';
import { parseCliArgs } from '../platform/cli-args.ts';
import { loadConfig } from '../platform/config.ts';
import { createTenant, listTenants } from '../subgraphs/planning/repository/tenants.ts';
import { withCliDatabase } from './cli-database.ts';
import { tenantFromOptions } from './tenant-options.ts';

/**
 * `npm run init -- --slug <slug> --name <name> --timezone <zone>`: what a new installation needs
 * once (docker-compose's `init` service runs it before the services start): migrates, and when the
 * database has no bakery yet creates this one and prints its first ADMIN token. Run again, it
 * migrates and says so, printing no token: `npm run token` makes more.
 */
const USAGE = `Usage: npm run init -- --slug <slug> --name <name> --timezone <IANA zone> [--expires 24h]

Migrates DATABASE_URL; on a database with no bakery yet, creates this one and prints its first
ADMIN token (valid for --expires, default 24h). On later runs it only migrates.`;

const { values } = parseCliArgs(USAGE, {
  slug: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  expires: { type: 'string', default: '24h' },
});
const input = tenantFromOptions(values, USAGE);
const config = loadConfig();

await withCliDatabase(config, async (db) => {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Database already at the latest schema');
  if ((await listTenants(db)).length > 0) {
    console.log('Bakeries exist already: no new tenant, no token (npm run token -- --tenant <slug> --role ADMIN makes one).');
    return;
  }
  // createTenant ignores a slug that exists, so two init runs at once still make one bakery.
  const tenant = await createTenant(db, input);
  if (!tenant) return;
  const token = await signToken({ userId: 'init-admin', tenantId: tenant.id, roles: ['ADMIN'] }, config.JWT_SECRET, values.expires);
  console.log(`Bakery "${tenant.name}" (slug ${tenant.slug}, ${tenant.timezone}) created: ${tenant.id}`);
  console.log(`First ADMIN token (${values.expires}; shown once):\n${token}`);
});
