import { loadConfig } from '../platform/config.ts';
import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { createTenant, listTenants } from '../subgraphs/planning/repository/tenants.ts';
import { tenantFromOptions } from './tenant-options.ts';
import { withCliDatabase } from './cli-database.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import { scheduleNewTenant } from './tenant-schedule.ts';

const USAGE = `Usage:
  npm run tenant -- create --slug <slug> --name <name> --timezone <IANA zone>
  npm run tenant -- list

create makes a bakery (prints its id) and schedules its nightly run; --timezone is an IANA
zone such as Europe/Madrid. list prints every bakery: id, slug, time zone, name.`;

const { positionals, values } = parseCliArgs(USAGE, { slug: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' } }, { allowPositionals: true });

switch (positionals[0]) {
  case 'create': {
    const input = tenantFromOptions(values, USAGE);
    const config = loadConfig();
    const tenant = await withCliDatabase(config, (db) => createTenant(db, input));
    if (!tenant) usageError(`a tenant with slug "${input.slug}" already exists`);
    await withCliDatabase(config, async (db) => scheduleNewTenant(config, db, await resolveDatabaseUrl(config), tenant.id));
    console.log(tenant.id);
    break;
  }
  case 'list': {
    const tenants = await withCliDatabase(loadConfig(), listTenants);
    for (const tenant of tenants) console.log(`${tenant.id}  ${tenant.slug.padEnd(24)} ${tenant.timezone.padEnd(20)} ${tenant.name}`);
    break;
  }
  default:
    usageError(positionals[0] ? `unknown command ${positionals[0]}` : 'a command is required: create or list', USAGE);
}
