import { chunksOf } from '../../../db/chunks.ts';
import { violates } from '../../../db/constraints.ts';
import { pageWithTotal } from '../../../db/pages.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import { badUserInput } from '../../../platform/errors.ts';
import type { Page } from '../../../platform/pagination.ts';
import type { Ingredient } from '../models.ts';
import type { CreateIngredient, IngredientFilter } from '../validation.ts';

/** The tenant's ingredients (`inventory.ingredients`). */
export class IngredientsRepository extends TenantRepository {
  /** The tenant's ingredients among `ids` (valid UUIDs), in no particular order. */
  async findByIds(ids: string[]): Promise<Ingredient[]> {
    const rows: IngredientRow[] = await this.rowsOf('inventory.ingredients')
      .whereRaw('id = any(?::uuid[])', [ids])
      .select(INGREDIENT_COLUMNS);
    return rows.map(toIngredient);
  }

  /**
   * The tenant's ingredients whose sku is among `skus` (exact match), in no particular order; one
   * statement. `lock`: the rows stay locked until the transaction ends.
   */
  async findBySkus(skus: readonly string[], { lock = false } = {}): Promise<Ingredient[]> {
    const query = this.rowsOf('inventory.ingredients').whereRaw('sku = any(?::text[])', [[...skus]]);
    if (lock) query.forUpdate();
    const rows: IngredientRow[] = await query.select(INGREDIENT_COLUMNS);
    return rows.map(toIngredient);
  }

  /** Inserts `ingredients`, or overwrites the tenant's ingredient with the same sku: one statement per 1,000. */
  async upsert(ingredients: readonly Omit<Ingredient, 'id'>[]): Promise<void> {
    for (const chunk of chunksOf(ingredients)) {
      await this.db('inventory.ingredients')
        .insert(chunk.map((values) => ({ tenant_id: this.tenantId, ...ingredientColumns(values) })))
        .onConflict(['tenant_id', 'sku'])
        .merge(['name', 'category', 'unit', 'perishable', 'shelf_life_days', 'reorder_point', 'updated_at']);
    }
  }

  /**
   * One page of the tenant's ingredients matching `filter`, ordered by (name, id), fetched
   * with `first + 1` rows (see `toConnection`), and how many match in all.
   */
  async list(page: Page, filter: IngredientFilter): Promise<{ rows: Ingredient[]; totalCount: number }> {
    const matching = () => {
      const query = this.rowsOf('inventory.ingredients as i');
      if (filter.category !== undefined) query.where('i.category', filter.category);
      if (filter.perishable !== undefined) query.where('i.perishable', filter.perishable);
      if (filter.search !== undefined) {
        const pattern = `%${escapeLike(filter.search)}%`;
        query.where((where) => where.whereILike('i.name', pattern).orWhereILike('i.sku', pattern));
      }
      if (filter.belowReorderPoint !== undefined) {
        const onHand = `coalesce((select sum(l.quantity) from inventory.stock_lots l
          where l.tenant_id = i.tenant_id and l.ingredient_id = i.id), 0)`;
        query.whereRaw(`${onHand} ${filter.belowReorderPoint ? '<' : '>='} i.reorder_point`);
      }
      return query;
    };
    const rowsQuery = matching()
      .orderBy([{ column: 'i.name' }, { column: 'i.id' }])
      .limit(page.first + 1)
      .select(INGREDIENT_COLUMNS.map((column) => `i.${column}`));
    if (page.after) rowsQuery.whereRaw('(i.name, i.id) > (?, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<IngredientRow>(this.db, rowsQuery, matching, Boolean(page.after));
    return { rows: rows.map(toIngredient), totalCount };
  }

  /** Inserts an ingredient; a duplicate sku is a BAD_USER_INPUT error. */
  async insert(values: CreateIngredient): Promise<Ingredient> {
    const [row]: IngredientRow[] = await this.db('inventory.ingredients')
      .insert({ tenant_id: this.tenantId, ...ingredientColumns(values) })
      .returning(INGREDIENT_COLUMNS)
      .catch((error: unknown) => rethrowConstraint(error, values.sku));
    return toIngredient(row);
  }

  /** The tenant's ingredient `id`, locked until the transaction ends (null when unknown). */
  async lock(id: string): Promise<Ingredient | null> {
    const row: IngredientRow | undefined = await this.db('inventory.ingredients')
      .where({ tenant_id: this.tenantId, id })
      .forUpdate()
      .first(INGREDIENT_COLUMNS);
    return row ? toIngredient(row) : null;
  }

  /** Writes `values` onto the tenant's ingredient `id`; a duplicate sku is a BAD_USER_INPUT error. */
  async update(id: string, values: Omit<Ingredient, 'id'>): Promise<Ingredient | null> {
    const [row]: IngredientRow[] = await this.db('inventory.ingredients')
      .where({ tenant_id: this.tenantId, id })
      .update({ ...ingredientColumns(values), updated_at: this.db.fn.now() })
      .returning(INGREDIENT_COLUMNS)
      .catch((error: unknown) => rethrowConstraint(error, values.sku));
    return row ? toIngredient(row) : null;
  }
}

/** The unique constraint behind "sku already exists" (db/migrations/002_inventory.ts). */
const SKU_CONSTRAINT = 'ingredients_tenant_sku_key';

function rethrowConstraint(error: unknown, sku: string): never {
  if (violates(error, SKU_CONSTRAINT)) {
    throw badUserInput(`sku ${JSON.stringify(sku)} already exists`, { field: 'sku' });
  }
  throw error;
}

/** Escapes LIKE wildcards so a search matches its text literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const INGREDIENT_COLUMNS = [
  'id',
  'sku',
  'name',
  'category',
  'unit',
  'perishable',
  'shelf_life_days',
  'reorder_point',
];

type IngredientRow = RowOf<Ingredient>;

const toIngredient = rowMapper<Ingredient>({
  id: true, sku: true, name: true, category: true, unit: true, perishable: true, shelfLifeDays: true,
  reorderPoint: true,
});

function ingredientColumns(values: Omit<Ingredient, 'id'>) {
  return {
    sku: values.sku,
    name: values.name,
    category: values.category,
    unit: values.unit,
    perishable: values.perishable,
    shelf_life_days: values.shelfLifeDays,
    reorder_point: values.reorderPoint,
  };
}
