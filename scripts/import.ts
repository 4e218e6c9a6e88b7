import { readFileSync } from 'node:fs';
import { signToken } from '../platform/auth.ts';
import { gatewayUrl, loadConfig } from '../platform/config.ts';
import { findTenantBySlug } from '../subgraphs/planning/repository/tenants.ts';
import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { withCliDatabase } from './cli-database.ts';
import { IMPORT_KINDS, IMPORT_MUTATIONS, importOperation, isImportKind } from './import-kinds.ts';

/**
 * `npm run import -- --tenant demo --kind sales sales.csv`: sends one CSV file to its import
 * mutation through the gateway (GATEWAY_URL), with an ADMIN token for the tenant signed here
 * (JWT_SECRET), and prints what was imported, or every problem as `file:LINE column: message`
 * (exit 1). The file is written all or nothing (docs/IMPORT.md).
 */
const USAGE = `Usage: npm run import -- --tenant <slug> --kind <${IMPORT_KINDS.join('|')}> <file.csv>

Imports one CSV file into a bakery through the gateway (GATEWAY_URL, default http://127.0.0.1:PORT/graphql),
all or nothing. Import a new bakery in this order: ${IMPORT_KINDS.join(' → ')}.
The columns of each kind and examples: docs/IMPORT.md, docs/examples/*.csv.`;

const { values, positionals } = parseCliArgs(USAGE, { tenant: { type: 'string' }, kind: { type: 'string' } }, { allowPositionals: true });
const [file, ...extra] = positionals;
if (!values.tenant) usageError('--tenant is required', USAGE);
if (!values.kind) usageError('--kind is required', USAGE);
if (!file) usageError('the CSV file to import is required', USAGE);
if (extra.length > 0) usageError(`one file at a time, got ${positionals.length}`, USAGE);
const kind = values.kind;
if (!isImportKind(kind)) usageError(`unknown kind "${kind}" (kinds: ${IMPORT_KINDS.join(', ')})`, USAGE);

let csv: string;
try {
  csv = readFileSync(file, 'utf8');
} catch (error) {
  usageError(`cannot read ${file}: ${(error as Error).message}`);
}

const config = loadConfig();
const slug = values.tenant;
const tenant = await withCliDatabase(config, (db) => findTenantBySlug(db, slug));
if (!tenant) usageError(`no tenant with slug "${slug}" (npm run tenant -- list)`);
const token = await signToken({ userId: 'import-cli', tenantId: tenant.id, roles: ['ADMIN'] }, config.JWT_SECRET, '1h');
const url = gatewayUrl(config);

let response: Response;
try {
  response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: importOperation(kind), variables: { input: { csv } } }),
  });
} catch (error) {
  console.error(`Cannot reach the gateway at ${url} (${(error as Error).message}). Is \`npm start\` running?`);
  process.exit(1);
}

interface Problem {
  line: number;
  column: string | null;
  message: string;
}
const body = (await response.json().catch(() => ({}))) as {
  data?: Record<string, { rows: number; created: number; updated: number }> | null;
  errors?: { message: string; extensions?: { code?: string; problems?: Problem[]; problemCount?: number } }[];
};
if (body.errors?.length) {
  for (const error of body.errors) {
    const problems = error.extensions?.problems;
    if (!problems) {
      console.error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
      continue;
    }
    for (const problem of problems) console.error(`${file}:${problem.line}${problem.column ? ` ${problem.column}` : ''}: ${problem.message}`);
    const total = error.extensions?.problemCount ?? problems.length;
    if (total > problems.length) console.error(`… and ${total - problems.length} more problems`);
    console.error(`Nothing was imported from ${file}.`);
  }
  process.exit(1);
}
const result = body.data?.[IMPORT_MUTATIONS[kind]];
if (!result) {
  console.error(`The gateway answered HTTP ${response.status} without a result.`);
  process.exit(1);
}
console.log(`imported ${result.rows} rows (created ${result.created}, updated ${result.updated})`);
