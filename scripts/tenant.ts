import { loadConfig } from '../platform/config.ts';
import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { createTenant, listTenants } from '../subgraphs/planning/repository/tenants.ts';
import { TenantInput } from '../subgraphs/planning/validation.ts';
import { withCliDatabase } from './cli-database.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import { scheduleNewTenant } from './tenant-schedule.ts';

const USAGE = `Usage:
  npm run tenant -- create --slug <slug> --name <name> --timezone <IANA zone>
  npm run tenant -- list

create makes a bakery (prints its id) and schedules its nightly run; --timezone is an IANA
zone such as Europe/Madrid. list prints every bakery: id, slug, time zone, name.`;

const { positionals, values } = parseCliArgs(USAGE, { slug: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' } }, { allowPositionals: true });

/** One sentence per invalid option ("--timezone is required …"), not zod's own wording. */
function describeProblems(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map(({ path, message }) => {
      const option = String(path[0]);
      const given = values[option as keyof typeof values];
      return given === undefined ? `--${option} is required${option === 'timezone' ? ' (an IANA zone such as Europe/Madrid)' : ''}` : `--${option} ${JSON.stringify(given)} ${message}`;
    })
    .join('; ');
}

switch (positionals[0]) {
  case 'create': {
    const parsed = TenantInput.safeParse(values);
    if (!parsed.success) usageError(describeProblems(parsed.error.issues), USAGE);
    const config = loadConfig();
    const tenant = await withCliDatabase(config, (db) => createTenant(db, parsed.data));
    if (!tenant) usageError(`a tenant with slug "${parsed.data.slug}" already exists`);
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
