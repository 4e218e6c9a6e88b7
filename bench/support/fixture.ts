import { createDb, type Db } from '../../db/client.ts';
import { seedDemoTenants } from '../../db/seeds/index.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { generateSyntheticBakery, seedSyntheticTenants, type SyntheticSize } from '../../db/seeds/synthetic.ts';
import { signToken, type Role } from '../../platform/auth.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';

/** The secret every benchmark process is started with (JWT_SECRET). */
export const BENCH_JWT_SECRET = 'levain-bench-secret-0123456789abcdef-0123456789';

/** Slug of the catalogue tenant: an L bakery plus two more L bakeries' ingredients (6,000). */
export const CATALOGUE_SLUG = 'bench-catalogue';

export interface BenchTenant {
  slug: string;
  tenantId: string;
}

export interface BenchDatabase {
  url: string;
  db: Db;
  demo: BenchTenant;
  /** The synthetic tenants seeded by `seedBenchTenants`, by size. */
  synthetic: Record<SyntheticSize, BenchTenant[]>;
  catalogue?: BenchTenant;
  drop(): Promise<void>;
}

export interface BenchSeedOptions {
  /** Synthetic tenants per size (default none). */
  tenants?: Partial<Record<SyntheticSize, number>>;
  /** Also seed the 6,000-ingredient catalogue tenant (for 5,000-id lookups). */
  catalogue?: boolean;
  /** Slug prefix of the synthetic tenants (default `bench`). */
  prefix?: string;
}

/**
 * A fresh, migrated database (test/support's createTestDatabase, prefix `levain_bench`) seeded
 * with the demo tenants, synthetic tenants of each size asked for and optionally the catalogue.
 */
export async function createBenchDatabase(options: BenchSeedOptions = {}): Promise<BenchDatabase> {
  const database: TestDatabase = await createTestDatabase('levain_bench');
  const db = createDb(database.url, 4);
  try {
    const { demoTenantId } = await seedDemoTenants(db);
    const synthetic: Record<SyntheticSize, BenchTenant[]> = { S: [], M: [], L: [] };
    for (const size of ['S', 'M', 'L'] as const) {
      const count = options.tenants?.[size] ?? 0;
      if (count < 1) continue;
      const seeded = await seedSyntheticTenants(db, { tenants: count, size, prefix: options.prefix ?? 'bench' });
      synthetic[size] = seeded.map(({ slug, tenantId }) => ({ slug, tenantId }));
    }
    const catalogue = options.catalogue ? await seedCatalogue(db) : undefined;
    return {
      url: database.url,
      db,
      demo: { slug: 'demo', tenantId: demoTenantId },
      synthetic,
      catalogue,
      async drop() {
        await db.destroy();
        await database.drop();
      },
    };
  } catch (error) {
    await db.destroy();
    await database.drop();
    throw error;
  }
}

async function seedCatalogue(db: Db): Promise<BenchTenant> {
  const base = generateSyntheticBakery('L', 1);
  const more = [2, 3].flatMap((seed) =>
    generateSyntheticBakery('L', seed).ingredients.map((ingredient) => ({ ...ingredient, sku: `${ingredient.sku}-${seed}`, name: `${ingredient.name} (${seed})` })),
  );
  const { tenantId } = await insertBakery(db, {
    ...base,
    tenant: { ...base.tenant, slug: CATALOGUE_SLUG, name: 'Benchmark catalogue bakery' },
    ingredients: [...base.ingredients, ...more],
  });
  return { slug: CATALOGUE_SLUG, tenantId };
}

/** The ids of a tenant's ingredients, by sku. */
export async function ingredientIdsOf(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db('inventory.ingredients').where({ tenant_id: tenantId }).orderBy('sku').select<{ id: string }[]>('id');
  return rows.map((row) => row.id);
}

/** `Bearer <token>` for a user of `tenantId`, signed with {@link BENCH_JWT_SECRET}. */
export async function authorizationFor(tenantId: string, roles: Role[] = ['VIEWER'], userId = 'bench-user'): Promise<string> {
  return `Bearer ${await signToken({ userId, tenantId, roles }, BENCH_JWT_SECRET, '6h')}`;
}
