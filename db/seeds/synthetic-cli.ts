import { createDb } from '../client.ts';
import { migrateToLatest } from '../migrate.ts';
import { parseCliArgs, usageError } from '../../platform/cli-args.ts';
import { loadConfig } from '../../platform/config.ts';
import { NoDatabaseError, resolveDatabaseUrl } from '../database-url.ts';
import { isCalendarDate } from './dates.ts';
import { SYNTHETIC_SIZES, seedSyntheticTenants, type SeedSyntheticOptions, type SyntheticSize } from './synthetic.ts';

const USAGE = `Usage: npm run seed:synthetic -- --tenants N --size S|M|L [--prefix synthetic] [--today YYYY-MM-DD]

Seeds N synthetic bakeries named <prefix>-<size>-1 … <prefix>-<size>-N into DATABASE_URL
(or the embedded Postgres of a running \`npm start\`). Sizes:
${Object.entries(SYNTHETIC_SIZES)
  .map(([size, counts]) => `  ${size}  ${counts.ingredients} ingredients, ${counts.products} recipes, ${counts.suppliers} suppliers`)
  .join('\n')}`;

const MAX_TENANTS = 1000;

function parseOptions(): Omit<SeedSyntheticOptions, 'onProgress'> {
  const { values } = parseCliArgs(USAGE, {
    tenants: { type: 'string' },
    size: { type: 'string' },
    prefix: { type: 'string' },
    today: { type: 'string' },
  });
  const tenants = Number(values.tenants);
  if (!Number.isInteger(tenants) || tenants < 1 || tenants > MAX_TENANTS) {
    usageError(`--tenants must be a whole number from 1 to ${MAX_TENANTS}, got ${JSON.stringify(values.tenants ?? '(missing)')}`, USAGE);
  }
  const size = values.size?.toUpperCase();
  if (size !== 'S' && size !== 'M' && size !== 'L') {
    usageError(`--size must be S, M or L, got ${JSON.stringify(values.size ?? '(missing)')}`, USAGE);
  }
  if (values.prefix !== undefined && !/^[a-z0-9][a-z0-9-]{0,40}$/.test(values.prefix)) {
    usageError(`--prefix must be lower-case letters, digits and dashes (at most 41), got ${JSON.stringify(values.prefix)}`, USAGE);
  }
  if (values.today !== undefined && !isCalendarDate(values.today)) {
    usageError(`--today must be a calendar day written YYYY-MM-DD, got ${JSON.stringify(values.today)}`, USAGE);
  }
  return { tenants, size: size as SyntheticSize, prefix: values.prefix, today: values.today };
}

/** `npm run seed:synthetic`: seeds synthetic tenants, printing one line per tenant and a summary. */
async function main(): Promise<void> {
  const options = parseOptions();
  const db = createDb(await resolveDatabaseUrl(loadConfig()), 2);
  const started = performance.now();
  try {
    await migrateToLatest(db);
    const seeded = await seedSyntheticTenants(db, {
      ...options,
      onProgress: (tenant, index, total) =>
        console.log(`[${index + 1}/${total}] ${tenant.slug}  ${tenant.tenantId}  ${tenant.insertedRows} rows  ${tenant.durationMs} ms`),
    });
    const rows = seeded.reduce((sum, tenant) => sum + tenant.insertedRows, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Seeded ${seeded.length} tenant(s) of size ${options.size}: ${rows} rows in ${seconds} s.`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof NoDatabaseError ? error.message : error);
  process.exit(1);
});
