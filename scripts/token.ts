import { decodeJwt } from 'jose';
import { ROLES, signToken, type Role } from '../platform/auth.ts';
import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { loadConfig } from '../platform/config.ts';
import { findTenantBySlug } from '../subgraphs/planning/repository/tenants.ts';
import { withCliDatabase } from './cli-database.ts';

/** `npm run token -- --tenant demo --role ADMIN [--role PLANNER] [--expires 12h] [--sub me]` */
const USAGE = `Usage: npm run token -- --tenant <slug> --role <${ROLES.join('|')}> [--role …] [--expires 12h] [--sub <user>]

Prints a signed token (JWT_SECRET) for the tenant with that slug; --role may repeat.`;

const { values } = parseCliArgs(USAGE, {
  tenant: { type: 'string' },
  role: { type: 'string', multiple: true },
  expires: { type: 'string', default: '12h' },
  sub: { type: 'string', default: 'cli-user' },
});

const slug = values.tenant;
const roles = values.role ?? [];
if (!slug) usageError('--tenant is required', USAGE);
if (roles.length === 0) usageError('--role is required', USAGE);
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) usageError(`unknown role ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`, USAGE);

const config = loadConfig();
const tenant = await withCliDatabase(config, (db) => findTenantBySlug(db, slug));
if (!tenant) usageError(`no tenant with slug "${slug}" (npm run tenant -- list)`);
const token = await signToken({ userId: values.sub, tenantId: tenant.id, roles: roles as Role[] }, config.JWT_SECRET, values.expires);
// Every service refuses a token living longer than JWT_MAX_LIFETIME_SECONDS: never print one.
const { iat, exp } = decodeJwt(token);
if (exp! - iat! > config.JWT_MAX_LIFETIME_SECONDS) usageError(`--expires ${values.expires} is longer than JWT_MAX_LIFETIME_SECONDS (${config.JWT_MAX_LIFETIME_SECONDS} s)`);
console.log(token);
