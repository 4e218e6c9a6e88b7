import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import type { BakeryDescription, Unit } from './bakery.ts';
import { addDays } from '../../platform/time-zones.ts';
import { DEMO_BAKERY } from './demo-bakery.ts';
import { seedDemoTenants } from './index.ts';
import { RIVAL_BAKERY } from './rival-bakery.ts';
import { bakeryRows, SALES_HISTORY_DAYS } from './rows.ts';
import { seedIds } from './seed-ids.ts';
import { generateSyntheticBakery, seedSyntheticTenants, SYNTHETIC_SIZES } from './synthetic.ts';

/** A Monday: sales run from Monday 2025-01-13 to Sunday 2025-03-09. */
const TODAY = '2025-03-10';
const FLOURS = ['FLR-T45', 'FLR-T55', 'FLR-T65', 'FLR-T80', 'FLR-RYE', 'FLR-SPELT', 'FLR-WHOLE'];
const KEY_INGREDIENTS = [...FLOURS, 'DAI-BUTTER', 'YST-FRESH', 'DAI-MILK', 'DAI-EGG', 'SUG-CASTER'];
const TENANT_TABLES = [
  'inventory.ingredients',
  'inventory.stock_lots',
  'inventory.stock_movements',
  'suppliers.suppliers',
  'suppliers.offers',
  'recipes.products',
  'recipes.recipes',
  'recipes.recipe_ingredients',
] as const;

const UNIT_FAMILY: Record<Unit, string> = { G: 'mass', KG: 'mass', ML: 'volume', L: 'volume', UNIT: 'count' };

/** Problems a planner would trip on: unknown skus, repeated lines, units that do not convert. */
function recipeProblems(bakery: BakeryDescription): string[] {
  const units = new Map(bakery.ingredients.map((ingredient) => [ingredient.sku, ingredient.unit]));
  return bakery.products.flatMap((product) => {
    const skus = product.recipe.lines.map((line) => line.ingredientSku);
    const repeated = skus.length === new Set(skus).size ? [] : [`${product.sku}: an ingredient appears twice`];
    const unconvertible = product.recipe.lines
      .filter((line) => !units.has(line.ingredientSku) || UNIT_FAMILY[line.unit] !== UNIT_FAMILY[units.get(line.ingredientSku)!])
      .map((line) => `${product.sku}: ${line.quantity} ${line.unit} of ${line.ingredientSku}`);
    return [...repeated, ...unconvertible];
  });
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...TENANT_TABLES, 'planning.sales', 'planning.tenants', 'planning.planning_settings']) {
    const [{ count }] = await db(table).count({ count: '*' });
    counts[table] = Number(count);
  }
  return counts;
}

describe('the run database (seeded by the global setup)', () => {
  let db: Db;
  beforeAll(() => {
    db = createDb(inject('databaseUrl'), 2);
  });
  afterAll(() => db.destroy());

  test('demo ingredients have the ids seedIds gives for their skus', async () => {
    const demoTenantId = seedIds.tenant('demo');
    const rows = await db('inventory.ingredients').where({ tenant_id: demoTenantId }).whereIn('sku', KEY_INGREDIENTS).select('id', 'sku');
    expect(rows).toHaveLength(KEY_INGREDIENTS.length);
    for (const row of rows) expect(row.id).toBe(seedIds.ingredient('demo', row.sku));
  });

  test("no row id of rival is one of demo's, in any table", async () => {
    for (const table of TENANT_TABLES) {
      const ids = await db(table).whereIn('tenant_id', [seedIds.tenant('demo'), seedIds.tenant('rival')]).select('id', 'tenant_id');
      const demoIds = new Set(ids.filter((row) => row.tenant_id === seedIds.tenant('demo')).map((row) => row.id));
      const rivalIds = ids.filter((row) => row.tenant_id === seedIds.tenant('rival')).map((row) => row.id);
      expect(rivalIds.length, table).toBeGreaterThan(0);
      expect(rivalIds.filter((id) => demoIds.has(id)), table).toEqual([]);
    }
  });
});

describe('demo and rival seeded into a fresh database', () => {
  let database: TestDatabase;
  let db: Db;
  let demoTenantId: string;
  let rivalTenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase('levain_seeds');
    db = createDb(database.url, 2);
    ({ demoTenantId, rivalTenantId } = await seedDemoTenants(db, { today: TODAY }));
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  test('demo has at least 30 ingredients, 6 suppliers with lead times 0 to 5 days and 12 products each with a recipe', async () => {
    const [{ ingredients }] = await db('inventory.ingredients').where({ tenant_id: demoTenantId }).count({ ingredients: '*' });
    expect(Number(ingredients)).toBeGreaterThanOrEqual(30);
    const suppliers = await db('suppliers.suppliers').where({ tenant_id: demoTenantId }).select('lead_time_days', 'reliability');
    expect(suppliers.map((supplier) => supplier.lead_time_days).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const supplier of suppliers) expect(supplier.reliability).toBeGreaterThanOrEqual(0.8);
    const products = await db('recipes.products as p')
      .leftJoin('recipes.recipes as r', 'r.product_id', 'p.id')
      .where('p.tenant_id', demoTenantId)
      .select('p.sku', 'r.id as recipe_id', 'r.yield_quantity');
    expect(products).toHaveLength(12);
    for (const product of products) expect(product.recipe_id, product.sku).not.toBeNull();
  });

  test('recipe lines are numbered from 0 and some are in grams of an ingredient kept in kilograms', async () => {
    const lines = await db('recipes.recipe_ingredients as l')
      .join('inventory.ingredients as i', 'i.id', 'l.ingredient_id')
      .where('l.tenant_id', demoTenantId)
      .select('l.recipe_id', 'l.position', 'l.unit', 'i.unit as ingredient_unit');
    const positionsByRecipe = new Map<string, number[]>();
    for (const line of lines) positionsByRecipe.set(line.recipe_id, [...(positionsByRecipe.get(line.recipe_id) ?? []), line.position]);
    for (const positions of positionsByRecipe.values()) {
      expect(positions.sort((a, b) => a - b)).toEqual([...positions.keys()]);
    }
    expect(lines.some((line) => line.unit === 'G' && line.ingredient_unit === 'KG')).toBe(true);
    expect(recipeProblems(DEMO_BAKERY)).toEqual([]);
    expect(recipeProblems(RIVAL_BAKERY)).toEqual([]);
  });

  test('flours, butter, yeast, milk, eggs and sugar each have at least two offers', async () => {
    const offers = await db('suppliers.offers as o')
      .join('inventory.ingredients as i', 'i.id', 'o.ingredient_id')
      .where('o.tenant_id', demoTenantId)
      .whereIn('i.sku', KEY_INGREDIENTS)
      .groupBy('i.sku')
      .select<{ sku: string; offers: number }[]>('i.sku', db.raw('count(*)::int as offers'));
    expect(offers).toHaveLength(KEY_INGREDIENTS.length);
    for (const row of offers) expect(row.offers, row.sku).toBeGreaterThanOrEqual(2);
  });

  test('sales cover the 56 days before the seeding day for every product, busier on Saturday than on Monday', async () => {
    const sales = await db('planning.sales').where({ tenant_id: demoTenantId }).select('product_id', 'date', 'quantity');
    expect(sales).toHaveLength(12 * SALES_HISTORY_DAYS);
    const dates = [...new Set(sales.map((sale) => sale.date as string))].sort();
    expect(dates).toHaveLength(SALES_HISTORY_DAYS);
    expect([dates[0], dates.at(-1)]).toEqual([addDays(TODAY, -56), addDays(TODAY, -1)]);
    const mean = (weekday: number) => {
      const rows = sales.filter((sale) => new Date(`${sale.date}T00:00:00Z`).getUTCDay() === weekday);
      return rows.reduce((sum, sale) => sum + sale.quantity, 0) / rows.length;
    };
    expect(mean(6)).toBeGreaterThan(1.4 * mean(1));
    const baguettes = sales.filter((sale) => sale.product_id === seedIds.product('demo', 'P-BAGUETTE'));
    for (const day of baguettes) {
      expect(day.quantity).toBeGreaterThanOrEqual(120);
      expect(day.quantity).toBeLessThanOrEqual(300);
    }
  });

  test('perishables have a shelf life, and some of their lots expire within 3 days, none before today', async () => {
    const lots = await db('inventory.stock_lots as l')
      .join('inventory.ingredients as i', 'i.id', 'l.ingredient_id')
      .where('l.tenant_id', demoTenantId)
      .select('i.sku', 'i.perishable', 'i.shelf_life_days', 'l.expires_on', 'l.received_on');
    for (const lot of lots) {
      expect(lot.expires_on === null, lot.sku).toBe(!lot.perishable);
      if (lot.perishable) expect(lot.expires_on).toBe(addDays(lot.received_on, lot.shelf_life_days));
    }
    const expiring = lots.filter((lot) => lot.expires_on !== null && lot.expires_on <= addDays(TODAY, 3));
    expect(expiring.map((lot) => lot.sku)).toEqual(expect.arrayContaining(['YST-FRESH', 'DAI-MILK', 'DAI-EGG']));
    expect(expiring.filter((lot) => lot.expires_on < TODAY)).toEqual([]);
  });

  test('every stock lot came in with a RECEIPT movement of the same quantity', async () => {
    const [lots, receipts] = await Promise.all([
      db('inventory.stock_lots').where({ tenant_id: demoTenantId }).sum({ total: 'quantity' }).count({ count: '*' }),
      db('inventory.stock_movements').where({ tenant_id: demoTenantId, kind: 'RECEIPT' }).sum({ total: 'quantity' }).count({ count: '*' }),
    ]);
    expect(receipts).toEqual(lots);
  });

  test('rival has its own bakery: 13 ingredients, 2 suppliers with offers, 3 products with recipes, 8 weeks of sales', async () => {
    const count = async (table: string) =>
      Number((await db(table).where({ tenant_id: rivalTenantId }).count({ count: '*' }))[0].count);
    expect(await count('inventory.ingredients')).toBe(13);
    expect(await count('suppliers.suppliers')).toBe(2);
    expect(await count('suppliers.offers')).toBeGreaterThanOrEqual(13);
    expect(await count('recipes.recipes')).toBe(3);
    expect(await count('planning.sales')).toBe(3 * SALES_HISTORY_DAYS);
    const tenant = await db('planning.tenants').where({ id: rivalTenantId }).first('slug', 'timezone');
    expect(tenant).toEqual({ slug: 'rival', timezone: 'America/New_York' });
  });

  test('seeding again on the same day changes no row', async () => {
    const before = await rowCounts(db);
    const salesBefore = await db('planning.sales').sum({ total: 'quantity' });
    await expect(seedDemoTenants(db, { today: TODAY })).resolves.toEqual({ demoTenantId, rivalTenantId });
    expect(await rowCounts(db)).toEqual(before);
    expect(await db('planning.sales').sum({ total: 'quantity' })).toEqual(salesBefore);
  });

  test('seeding on a later day adds the missing sales days and keeps edits made since', async () => {
    const baguetteId = seedIds.product('demo', 'P-BAGUETTE');
    const lastDay = { tenant_id: demoTenantId, product_id: baguetteId, date: addDays(TODAY, -1) };
    await db('planning.sales').where(lastDay).update({ quantity: 999 });
    await db('inventory.ingredients').where({ id: seedIds.ingredient('demo', 'FLR-T65') }).update({ reorder_point: 200 });
    const before = await rowCounts(db);

    await seedDemoTenants(db, { today: addDays(TODAY, 1) });

    expect((await rowCounts(db))['planning.sales']).toBe(before['planning.sales'] + 12 + 3);
    expect(await db('planning.sales').where(lastDay).first('quantity')).toEqual({ quantity: 999 });
    expect(await db('inventory.ingredients').where({ id: seedIds.ingredient('demo', 'FLR-T65') }).first('reorder_point')).toEqual({
      reorder_point: 200,
    });
  });

  test('one synthetic S tenant seeds every table it describes', async () => {
    const [seeded] = await seedSyntheticTenants(db, { tenants: 1, size: 'S', prefix: 'bench', today: TODAY });
    expect(seeded.slug).toBe('bench-s-1');
    const bakery = generateSyntheticBakery('S', 1);
    const expected = bakeryRows(bakery, seeded.tenantId, TODAY);
    for (const [table, rows] of Object.entries(expected)) {
      const [{ count }] = await db(table).where({ tenant_id: seeded.tenantId }).count({ count: '*' });
      expect(Number(count), table).toBe(rows.length);
    }
    expect(seeded.insertedRows).toBe(Object.values(expected).reduce((sum, rows) => sum + rows.length, 0));
  });

  test('a slug the tenants table would refuse fails before anything is written', async () => {
    const before = await rowCounts(db);
    await expect(seedSyntheticTenants(db, { tenants: 2, size: 'S', prefix: 'Bad_Prefix' })).rejects.toThrow(/must match/);
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe('generateSyntheticBakery', () => {
  test.each(['S', 'M', 'L'] as const)('size %s has the stated counts and about two offers per ingredient', (size) => {
    const bakery = generateSyntheticBakery(size, 42);
    expect(bakery.ingredients).toHaveLength(SYNTHETIC_SIZES[size].ingredients);
    expect(bakery.products).toHaveLength(SYNTHETIC_SIZES[size].products);
    expect(bakery.suppliers).toHaveLength(SYNTHETIC_SIZES[size].suppliers);
    const offers = bakery.suppliers.reduce((sum, supplier) => sum + supplier.offers.length, 0);
    expect(offers / bakery.ingredients.length).toBeGreaterThan(1.7);
    expect(offers / bakery.ingredients.length).toBeLessThan(2.3);
    expect(recipeProblems(bakery)).toEqual([]);
    expect(bakery.tenant.slug).toMatch(/^[a-z0-9][a-z0-9-]{1,62}$/);
  });

  test('the same seed gives the same bakery; another seed another one', () => {
    expect(generateSyntheticBakery('M', 7)).toEqual(generateSyntheticBakery('M', 7));
    expect(generateSyntheticBakery('M', 8).products).not.toEqual(generateSyntheticBakery('M', 7).products);
  });
});

describe('bakeryRows', () => {
  test('an offer naming an unknown sku is an error that names it', () => {
    const broken: BakeryDescription = {
      ...RIVAL_BAKERY,
      suppliers: [{ ...RIVAL_BAKERY.suppliers[0], offers: [{ ...RIVAL_BAKERY.suppliers[0].offers[0], ingredientSku: 'NOPE' }] }],
    };
    expect(() => bakeryRows(broken, seedIds.tenant('rival'), TODAY)).toThrow(/unknown ingredient sku NOPE/);
  });
});
