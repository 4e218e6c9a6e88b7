import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config.ts';
import { createTenant, listTenants } from '../subgraphs/planning/repository/tenants.ts';
import { TenantInput } from '../subgraphs/planning/validation.ts';
import { usageError, withCliDatabase } from './cli-database.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import { scheduleNewTenant } from './tenant-schedule.ts';

const USAGE = `Usage:
  npm run tenant -- create --slug <slug> --name <name> --timezone <IANA zone>
  npm run tenant -- list`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { slug: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' } },
});
const config = loadConfig();

switch (positionals[0]) {
  case 'create': {
    const parsed = TenantInput.safeParse(values);
    if (!parsed.success) {
      usageError(`${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n')}\n${USAGE}`);
    }
    const tenant = await withCliDatabase(config, (db) => createTenant(db, parsed.data));
    if (!tenant) usageError(`A tenant with slug "${parsed.data.slug}" already exists.`);
    await withCliDatabase(config, async (db) => scheduleNewTenant(config, db, await resolveDatabaseUrl(config), tenant.id));
    console.log(tenant.id);
    break;
  }
  case 'list': {
    const tenants = await withCliDatabase(config, listTenants);
    for (const tenant of tenants) console.log(`${tenant.id}  ${tenant.slug.padEnd(24)} ${tenant.timezone.padEnd(20)} ${tenant.name}`);
    break;
  }
  default:
    usageError(USAGE);
}
