import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { ROLES, signToken, type Role } from '../platform/auth.ts';
import { loadConfig } from '../platform/config.ts';
import { findTenantBySlug } from '../subgraphs/planning/repository/tenants.ts';
import { usageError, withCliDatabase } from './cli-database.ts';

/** `npm run token -- --tenant demo --role ADMIN [--role PLANNER] [--expires 12h] [--sub me]` */
const USAGE = `Usage: npm run token -- --tenant <slug> --role <${ROLES.join('|')}> [--expires 12h] [--sub <user>]`;

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    role: { type: 'string', multiple: true },
    expires: { type: 'string', default: '12h' },
    sub: { type: 'string', default: 'cli-user' },
  },
});

const slug = values.tenant;
const roles = values.role ?? [];
if (!slug || roles.length === 0) usageError(USAGE);
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) usageError(`Unknown role(s) ${unknown.join(', ')}.\n${USAGE}`);

const config = loadConfig();
const tenant = await withCliDatabase(config, (db) => findTenantBySlug(db, slug));
if (!tenant) usageError(`No tenant with slug "${slug}".`);
const token = await signToken({ userId: values.sub, tenantId: tenant.id, roles: roles as Role[] }, config.JWT_SECRET, values.expires);
// Every service refuses a token living longer than JWT_MAX_LIFETIME_SECONDS: never print one.
const { iat, exp } = decodeJwt(token);
if (exp! - iat! > config.JWT_MAX_LIFETIME_SECONDS) usageError(`--expires ${values.expires} is longer than JWT_MAX_LIFETIME_SECONDS (${config.JWT_MAX_LIFETIME_SECONDS} s).\n${USAGE}`);
console.log(token);
