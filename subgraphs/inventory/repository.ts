import type { Knex } from 'knex';
import type { Db } from '../../db/client.ts';
import { violates } from '../../db/constraints.ts';
import { chunksOf } from '../../db/chunks.ts';
import { pageWithTotal } from '../../db/pages.ts';
import { badUserInput } from '../../platform/errors.ts';
import type { Cursor, Page } from '../../platform/pagination.ts';
import type { Ingredient, StockLevel, StockLot, StockMovement, StockMovementKind, StockPosting, StockPostingLine, Unit } from './models.ts';
import type { CreateIngredient, IngredientFilter } from './validation.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../db/rows.ts';

/**
 * The only door to the `inventory` schema. A repository is bound to one tenant and every
 * statement it runs filters by that tenant, so no caller can reach another bakery's rows.
 * Batch reads take any number of ids as one `= any(?::uuid[])` parameter: one statement per
 * call, whatever the number of ids.
 */
export class InventoryRepository {
  constructor(
    private readonly db: Db | Knex.Transaction,
    readonly tenantId: string,
  ) {}

  /** Runs `work` in one transaction, with a repository bound to it (same tenant). */
  transaction<T>(work: (repository: InventoryRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new InventoryRepository(trx, this.tenantId)));
  }

  /** The tenant's ingredients among `ids` (valid UUIDs), in no particular order. */
  async findIngredientsByIds(ids: string[]): Promise<Ingredient[]> {
    const rows: IngredientRow[] = await this.db('inventory.ingredients')
      .where('tenant_id', this.tenantId)
      .whereRaw('id = any(?::uuid[])', [ids])
      .select(INGREDIENT_COLUMNS);
    return rows.map(toIngredient);
  }

  /**
   * The tenant's ingredients whose sku is among `skus` (exact match), in no particular order; one
   * statement. `lock`: the rows stay locked until the transaction ends.
   */
  async findIngredientsBySkus(skus: readonly string[], { lock = false } = {}): Promise<Ingredient[]> {
    const query = this.db('inventory.ingredients').where('tenant_id', this.tenantId).whereRaw('sku = any(?::text[])', [[...skus]]);
    if (lock) query.forUpdate();
    const rows: IngredientRow[] = await query.select(INGREDIENT_COLUMNS);
    return rows.map(toIngredient);
  }

  /** Inserts `ingredients`, or overwrites the tenant's ingredient with the same sku: one statement per 1,000. */
  async upsertIngredients(ingredients: readonly Omit<Ingredient, 'id'>[]): Promise<void> {
    for (const chunk of chunksOf(ingredients)) {
      await this.db('inventory.ingredients')
        .insert(chunk.map((values) => ({ tenant_id: this.tenantId, ...ingredientColumns(values) })))
        .onConflict(['tenant_id', 'sku'])
        .merge(['name', 'category', 'unit', 'perishable', 'shelf_life_days', 'reorder_point', 'updated_at']);
    }
  }

  /**
   * Stock levels of the tenant's ingredients among `ids`, in no particular order. An ingredient
   * without lots has a level of 0 (left join), so only unknown ids are absent.
   */
  async findStockLevelsByIngredientIds(ids: string[]): Promise<StockLevel[]> {
    const rows: StockLevelRow[] = await this.db('inventory.ingredients as i')
      .leftJoin('inventory.stock_lots as l', (join) => {
        join.on('l.tenant_id', '=', 'i.tenant_id').andOn('l.ingredient_id', '=', 'i.id');
      })
      .where('i.tenant_id', this.tenantId)
      .whereRaw('i.id = any(?::uuid[])', [ids])
      .groupBy('i.id')
      .select(
        'i.id as ingredient_id',
        'i.unit',
        'i.reorder_point',
        this.db.raw('coalesce(sum(l.quantity), 0) as on_hand'),
        this.db.raw('greatest(i.updated_at, max(l.updated_at)) as updated_at'),
      );
    return rows.map(toStockLevel);
  }

  /** Lots still holding stock of the tenant's ingredients among `ids`, FEFO within each ingredient. */
  async findLotsByIngredientIds(ids: string[]): Promise<StockLot[]> {
    const rows: StockLotRow[] = await this.db('inventory.stock_lots')
      .where('tenant_id', this.tenantId)
      .whereRaw('ingredient_id = any(?::uuid[])', [ids])
      .where('quantity', '>', 0)
      .orderBy('ingredient_id')
      .orderByRaw(FEFO_ORDER)
      .select(LOT_COLUMNS);
    return rows.map(toStockLot);
  }

  /**
   * One page of the tenant's ingredients matching `filter`, ordered by (name, id), fetched
   * with `first + 1` rows (see `toConnection`), and how many match in all.
   */
  async listIngredients(page: Page, filter: IngredientFilter): Promise<{ rows: Ingredient[]; totalCount: number }> {
    const matching = () => {
      const query = this.db('inventory.ingredients as i').where('i.tenant_id', this.tenantId);
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
  async insertIngredient(values: CreateIngredient): Promise<Ingredient> {
    const [row]: IngredientRow[] = await this.db('inventory.ingredients')
      .insert({ tenant_id: this.tenantId, ...ingredientColumns(values) })
      .returning(INGREDIENT_COLUMNS)
      .catch((error: unknown) => rethrowConstraint(error, values.sku));
    return toIngredient(row);
  }

  /** The tenant's ingredient `id`, locked until the transaction ends (null when unknown). */
  async lockIngredient(id: string): Promise<Ingredient | null> {
    const row: IngredientRow | undefined = await this.db('inventory.ingredients')
      .where({ tenant_id: this.tenantId, id })
      .forUpdate()
      .first(INGREDIENT_COLUMNS);
    return row ? toIngredient(row) : null;
  }

  /** Writes `values` onto the tenant's ingredient `id`; a duplicate sku is a BAD_USER_INPUT error. */
  async updateIngredient(id: string, values: Omit<Ingredient, 'id'>): Promise<Ingredient | null> {
    const [row]: IngredientRow[] = await this.db('inventory.ingredients')
      .where({ tenant_id: this.tenantId, id })
      .update({ ...ingredientColumns(values), updated_at: this.db.fn.now() })
      .returning(INGREDIENT_COLUMNS)
      .catch((error: unknown) => rethrowConstraint(error, values.sku));
    return row ? toIngredient(row) : null;
  }

  /** Lots of one ingredient still holding stock, FEFO, locked until the transaction ends. */
  async lockLots(ingredientId: string): Promise<StockLot[]> {
    const rows: StockLotRow[] = await this.db('inventory.stock_lots')
      .where({ tenant_id: this.tenantId, ingredient_id: ingredientId })
      .where('quantity', '>', 0)
      .orderByRaw(FEFO_ORDER)
      .forUpdate()
      .select(LOT_COLUMNS);
    return rows.map(toStockLot);
  }

  async insertLot(lot: Omit<StockLot, 'id'>): Promise<StockLot> {
    const [row]: StockLotRow[] = await this.db('inventory.stock_lots')
      .insert({
        tenant_id: this.tenantId,
        ingredient_id: lot.ingredientId,
        quantity: lot.quantity,
        received_on: lot.receivedOn,
        expires_on: lot.expiresOn,
        lot_code: lot.lotCode,
      })
      .returning(LOT_COLUMNS);
    return toStockLot(row);
  }

  /** Sets the quantities of several of the tenant's lots in one statement. */
  async setLotQuantities(lots: readonly { lotId: string; remaining: number }[]): Promise<void> {
    if (lots.length === 0) return;
    await this.db.raw(
      `update inventory.stock_lots as l
          set quantity = v.quantity, updated_at = now()
         from unnest(?::uuid[], ?::numeric[]) as v(id, quantity)
        where l.tenant_id = ? and l.id = v.id`,
      [lots.map((lot) => lot.lotId), lots.map((lot) => lot.remaining), this.tenantId],
    );
  }

  async insertMovement(movement: Omit<StockMovement, 'id' | 'createdAt'>): Promise<StockMovement> {
    const [row]: StockMovementRow[] = await this.db('inventory.stock_movements')
      .insert({
        tenant_id: this.tenantId,
        ingredient_id: movement.ingredientId,
        kind: movement.kind,
        quantity: movement.quantity,
        expires_on: movement.expiresOn,
        note: movement.note,
        recorded_by: movement.recordedBy,
        posting_key: movement.postingKey,
      })
      .returning(MOVEMENT_COLUMNS);
    return toStockMovement(row);
  }

  /**
   * Claims a posting key for this transaction: inserts it, or returns false when the tenant has
   * it already (a concurrent claim of the same key waits here until the other transaction ends).
   */
  async claimPostingKey(posting: Omit<StockPosting, 'lines' | 'createdAt'> & { recordedBy: string }): Promise<boolean> {
    const rows = await this.db('inventory.stock_postings')
      .insert({
        tenant_id: this.tenantId,
        key: posting.key,
        kind: posting.kind,
        occurred_on: posting.occurredOn,
        content_hash: posting.contentHash,
        recorded_by: posting.recordedBy,
      })
      .onConflict(['tenant_id', 'key'])
      .ignore()
      .returning('key');
    return rows.length === 1;
  }

  /** Stores what a claimed posting did. */
  async savePostingLines(key: string, lines: readonly StockPostingLine[]): Promise<StockPosting> {
    const [row]: StockPostingRow[] = await this.db('inventory.stock_postings')
      .where({ tenant_id: this.tenantId, key })
      .update({ result: JSON.stringify({ lines }) })
      .returning(POSTING_COLUMNS);
    return toStockPosting(row);
  }

  /** The tenant's posting `key`, or null when it was never posted. */
  async findPosting(key: string): Promise<StockPosting | null> {
    const row: StockPostingRow | undefined = await this.db('inventory.stock_postings').where({ tenant_id: this.tenantId, key }).first(POSTING_COLUMNS);
    return row ? toStockPosting(row) : null;
  }

  /**
   * One page of an ingredient's movements, newest first (created_at desc, id desc), fetched with
   * `first + 1` rows, and how many there are in all. The cursor's sort key is `createdAt` with
   * microseconds (a JS Date would drop them and skip rows).
   */
  async listMovements(
    ingredientId: string,
    page: Page,
  ): Promise<{ rows: (StockMovement & { cursor: Cursor })[]; totalCount: number }> {
    type Row = StockMovementRow & { cursor_at: string };
    const matching = () => this.db('inventory.stock_movements').where({ tenant_id: this.tenantId, ingredient_id: ingredientId });
    const rowsQuery = matching()
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(page.first + 1)
      .select([...MOVEMENT_COLUMNS, this.db.raw(`${CREATED_AT_CURSOR} as cursor_at`)]);
    if (page.after) rowsQuery.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<Row>(this.db, rowsQuery, matching, Boolean(page.after));
    return { rows: rows.map((row) => ({ ...toStockMovement(row), cursor: { sortKey: row.cursor_at, id: row.id } })), totalCount };
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

const FEFO_ORDER = 'expires_on asc nulls last, received_on asc, id asc';

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
const LOT_COLUMNS = ['id', 'ingredient_id', 'quantity', 'received_on', 'expires_on', 'lot_code'];
const MOVEMENT_COLUMNS = ['id', 'ingredient_id', 'kind', 'quantity', 'expires_on', 'note', 'recorded_by', 'posting_key', 'created_at'];

const POSTING_COLUMNS = ['key', 'kind', 'occurred_on', 'content_hash', 'result', 'created_at'];

interface StockPostingRow {
  key: string;
  kind: StockPosting['kind'];
  occurred_on: string;
  content_hash: string;
  result: { lines?: StockPostingLine[] };
  created_at: Date;
}

function toStockPosting(row: StockPostingRow): StockPosting {
  return {
    key: row.key,
    kind: row.kind,
    occurredOn: row.occurred_on,
    contentHash: row.content_hash,
    lines: row.result.lines ?? [],
    createdAt: row.created_at,
  };
}

type IngredientRow = RowOf<Ingredient>;

type StockLevelRow = RowOf<StockLevel>;

type StockLotRow = RowOf<StockLot>;

type StockMovementRow = RowOf<StockMovement>;

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

const toIngredient = rowMapper<Ingredient>({
  id: true, sku: true, name: true, category: true, unit: true, perishable: true, shelfLifeDays: true,
  reorderPoint: true,
});

const toStockLevel = rowMapper<StockLevel>({
  ingredientId: true, onHand: true, unit: true, reorderPoint: true, updatedAt: true,
});

const toStockLot = rowMapper<StockLot>({
  id: true, ingredientId: true, quantity: true, receivedOn: true, expiresOn: true, lotCode: true,
});

const toStockMovement = rowMapper<StockMovement>({
  id: true, ingredientId: true, kind: true, quantity: true, expiresOn: true, note: true, recordedBy: true,
  postingKey: true, createdAt: true,
});
