/**
 * Batch lookups: `ingredientsByIds` with 1, 100, 1,000 and 5,000 ids through Levain's gateway vs
 * the same rows by one raw SQL query from `pg`, in the same process and the same rounds.
 *
 *   npm run bench:batch -- [--samples 41]
 *
 * The four subgraphs and the gateway run in this process (test/support's startTestStack, as
 * the integration tests do), so the inventory subgraph's pool can be watched with a knex query
 * listener: every lookup must cost exactly one SQL statement. Requests go one at a time; a
 * gateway lookup and its raw-SQL twin alternate, and the ratio is the median of the per-pair
 * ratios. Ids are a different random set of the 6,000-ingredient catalogue bakery per sample.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { graphql, TEST_JWT_SECRET } from '../test/support/graphql.ts';
import { startTestStack } from '../test/support/stack.ts';
import { signToken } from '../platform/auth.ts';
import { createBenchDatabase, ingredientIdsOf } from './support/fixture.ts';
import { saveResults, type BatchBenchResults, type BatchRow } from './support/results.ts';
import { median } from './support/stats.ts';

const SIZES = [1, 100, 1000, 5000];
const WARM_UP = 3;

const LOOKUP = `query Lookup($ids: [ID!]!) {
  ingredientsByIds(ids: $ids) {
    ingredients { id sku name category unit perishable shelfLifeDays reorderPoint }
    missingIds
  }
}`;

/** The rows the GraphQL selection needs, as the inventory repository reads them. */
const RAW_SQL = `select id, sku, name, category, unit, perishable, shelf_life_days, reorder_point
  from inventory.ingredients where tenant_id = $1 and id = any($2::uuid[])`;

export interface BatchBenchOptions {
  samples: number;
  log: (line: string) => void;
}

function randomIds(all: string[], count: number): string[] {
  const ids = [...all];
  for (let k = 0; k < count; k++) {
    const pick = k + Math.floor(Math.random() * (ids.length - k));
    [ids[k], ids[pick]] = [ids[pick], ids[k]];
  }
  return ids.slice(0, count);
}

export async function benchBatch(options: BatchBenchOptions): Promise<BatchBenchResults> {
  const started = performance.now();
  options.log('batch: seeding a fresh database (demo + the 6,000-ingredient catalogue bakery)…');
  const database = await createBenchDatabase({ catalogue: true });
  const stack = await startTestStack(database.url, { RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tenantId = database.catalogue!.tenantId;
    const all = await ingredientIdsOf(database.db, tenantId);
    const token = await signToken({ userId: 'bench-batch', tenantId, roles: ['VIEWER'] }, TEST_JWT_SECRET, '1h');
    const inventoryQueries = stack.subgraphs.inventory.queries;
    const rows: BatchRow[] = [];
    for (const size of SIZES) {
      const gatewayMs: number[] = [];
      const sqlMs: number[] = [];
      const ratios: number[] = [];
      const sqlQueries: number[] = [];
      let found = 0;
      for (let sample = -WARM_UP; sample < options.samples; sample++) {
        const ids = randomIds(all, size);
        stack.resetCounts();
        const gatewayStart = performance.now();
        const response = await graphql(stack.gatewayUrl, LOOKUP, { ids }, token);
        const gatewayElapsed = performance.now() - gatewayStart;
        if (response.errors?.length) throw new Error(`ingredientsByIds(${size}) failed: ${JSON.stringify(response.errors)}`);
        const queries = inventoryQueries.count;
        const sqlStart = performance.now();
        const result = await client.query(RAW_SQL, [tenantId, ids]);
        const sqlElapsed = performance.now() - sqlStart;
        if (result.rowCount !== response.data.ingredientsByIds.ingredients.length) {
          throw new Error(`raw SQL found ${result.rowCount} rows, the gateway ${response.data.ingredientsByIds.ingredients.length}`);
        }
        if (sample < 0) continue;
        found = response.data.ingredientsByIds.ingredients.length;
        gatewayMs.push(gatewayElapsed);
        sqlMs.push(sqlElapsed);
        ratios.push(gatewayElapsed / sqlElapsed);
        sqlQueries.push(queries);
      }
      const row = { ids: size, found, gatewayMedianMs: median(gatewayMs), sqlMedianMs: median(sqlMs), ratio: median(ratios), sqlQueries };
      rows.push(row);
      options.log(
        `batch: ${String(size).padStart(5)} ids  gateway ${row.gatewayMedianMs.toFixed(2)} ms  raw SQL ${row.sqlMedianMs.toFixed(2)} ms  ratio ${row.ratio.toFixed(2)}  SQL per lookup ${[...new Set(sqlQueries)].join(',')}`,
      );
    }
    const results: BatchBenchResults = { measuredAt: new Date().toISOString(), samples: options.samples, rows, wallSeconds: (performance.now() - started) / 1000 };
    saveResults('batch', results);
    return results;
  } finally {
    await client.end();
    await stack.stop();
    await database.drop();
  }
}

export function parseBatchOptions(argv: string[]): Omit<BatchBenchOptions, 'log'> {
  const { values } = parseArgs({ args: argv, options: { samples: { type: 'string', default: '41' } }, strict: false });
  return { samples: Number(values.samples) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderBenchmarks } = await import('./report.ts');
  await benchBatch({ ...parseBatchOptions(process.argv.slice(2)), log: (line) => console.log(line) });
  renderBenchmarks();
  process.exit(0);
}
