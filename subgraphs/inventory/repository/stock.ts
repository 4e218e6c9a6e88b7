import { pageWithTotal } from '../../../db/pages.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../../db/rows.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { Cursor, Page } from '../../../platform/pagination.ts';
import type { StockLevel, StockLot, StockMovement } from '../models.ts';

/** The tenant's stock: levels (lots summed per ingredient), lots and the movements that changed them. */
export class StockRepository extends TenantRepository {
  /**
   * Stock levels of the tenant's ingredients among `ids`, in no particular order. An ingredient
   * without lots has a level of 0 (left join), so only unknown ids are absent.
   */
  async findLevelsByIngredientIds(ids: string[]): Promise<StockLevel[]> {
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
    const rows: StockLotRow[] = await this.rowsOf('inventory.stock_lots')
      .whereRaw('ingredient_id = any(?::uuid[])', [ids])
      .where('quantity', '>', 0)
      .orderBy('ingredient_id')
      .orderByRaw(FEFO_ORDER)
      .select(LOT_COLUMNS);
    return rows.map(toStockLot);
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

const FEFO_ORDER = 'expires_on asc nulls last, received_on asc, id asc';

const LOT_COLUMNS = ['id', 'ingredient_id', 'quantity', 'received_on', 'expires_on', 'lot_code'];
const MOVEMENT_COLUMNS = ['id', 'ingredient_id', 'kind', 'quantity', 'expires_on', 'note', 'recorded_by', 'posting_key', 'created_at'];

type StockLevelRow = RowOf<StockLevel>;

type StockLotRow = RowOf<StockLot>;

type StockMovementRow = RowOf<StockMovement>;

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
