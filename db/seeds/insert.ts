import type { Knex } from 'knex';
import type { Db } from '../client.ts';
import type { BakeryDescription, SeedTenant } from './bakery.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { assertCalendarDate } from './dates.ts';
import { bakeryRows, type BakeryRows, type SeedTable } from './rows.ts';
import { seedIds } from './seed-ids.ts';

/** Rows per INSERT statement: well under Postgres's 65,535 bind parameters for every table. */
const ROWS_PER_INSERT = 1000;

/** The key whose conflict means "this row is already there": a stable id, or (product, day) for sales. */
const CONFLICT_KEYS: Record<SeedTable, string[]> = {
  'inventory.ingredients': ['id'],
  'inventory.stock_lots': ['id'],
  'inventory.stock_movements': ['id'],
  'suppliers.suppliers': ['id'],
  'suppliers.offers': ['id'],
  'recipes.products': ['id'],
  'recipes.recipes': ['id'],
  'recipes.recipe_ingredients': ['id'],
  'planning.sales': ['tenant_id', 'product_id', 'date'],
};

export interface InsertBakeryOptions {
  /** The seeding day, YYYY-MM-DD (default: today in the bakery's time zone). Sales end the day before. */
  today?: string;
}

export interface InsertedBakery {
  tenantId: string;
  slug: string;
  /** Rows actually written; 0 when the bakery was already seeded for this day. */
  insertedRows: number;
}

/**
 * Writes `bakery` into the planning, inventory, suppliers and recipes schemas in one
 * transaction, in multi-row inserts of up to 1,000 rows. Rows that already exist (same stable
 * id, or a sales day already recorded) are left as they are, so running it again changes
 * nothing and never overwrites edits made since.
 */
export async function insertBakery(db: Db, bakery: BakeryDescription, options: InsertBakeryOptions = {}): Promise<InsertedBakery> {
  const today = assertCalendarDate(options.today ?? dateIn(bakery.tenant.timezone), 'today');
  return db.transaction(async (trx) => {
    const tenantId = await ensureTenant(trx, bakery.tenant);
    const rows = bakeryRows(bakery, tenantId, today);
    let insertedRows = 0;
    for (const table of Object.keys(rows) as SeedTable[]) {
      insertedRows += await insertMissing(trx, table, rows[table]);
    }
    return { tenantId, slug: bakery.tenant.slug, insertedRows };
  });
}

/** Creates the tenant with default planning settings unless its slug exists; returns the tenant's id. */
async function ensureTenant(trx: Knex.Transaction, tenant: SeedTenant): Promise<string> {
  await trx('planning.tenants')
    .insert({ id: seedIds.tenant(tenant.slug), slug: tenant.slug, name: tenant.name, timezone: tenant.timezone })
    .onConflict('slug')
    .ignore();
  const { id } = (await trx('planning.tenants').where({ slug: tenant.slug }).first('id')) as { id: string };
  await trx('planning.planning_settings')
    .insert({ tenant_id: id, currency: tenant.currency ?? 'EUR' })
    .onConflict('tenant_id')
    .ignore();
  return id;
}

async function insertMissing(trx: Knex.Transaction, table: SeedTable, rows: BakeryRows[SeedTable]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const written = await trx(table)
      .insert(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict(CONFLICT_KEYS[table])
      .ignore()
      .returning('tenant_id');
    inserted += written.length;
  }
  return inserted;
}
