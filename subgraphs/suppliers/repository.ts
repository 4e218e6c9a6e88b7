import type { Knex } from 'knex';
import type { Db } from '../../db/client.ts';
import { chunksOf } from '../../db/chunks.ts';
import { violates } from '../../db/constraints.ts';
import { pageWithTotal, type PageWithTotal } from '../../db/pages.ts';
import { badUserInput, notFound } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { WEEKDAYS, type OfferFields, type Supplier, type SupplierFields, type SupplierOffer, type Weekday } from './models.ts';

/** The only file of this subgraph that talks SQL. Every statement is scoped to one tenant. */

interface SupplierRow {
  id: string;
  tenant_id: string;
  name: string;
  lead_time_days: number;
  reliability: number;
  minimum_order_value: number;
  currency: string;
  delivery_days: Weekday[];
  created_at: Date;
  updated_at: Date;
}

interface OfferRow {
  id: string;
  tenant_id: string;
  supplier_id: string;
  ingredient_id: string;
  unit_price: number;
  minimum_order_quantity: number;
  pack_size: number;
  lead_time_days: number | null;
  created_at: Date;
  updated_at: Date;
}

const SUPPLIERS = 'suppliers.suppliers';
const OFFERS = 'suppliers.offers';

function toSupplier(row: SupplierRow): Supplier {
  return {
    id: row.id,
    name: row.name,
    leadTimeDays: row.lead_time_days,
    reliability: row.reliability,
    minimumOrderValue: row.minimum_order_value,
    currency: row.currency,
    // Rows written by other tools (seeds, SQL) may list days in any order; the API promises Monday first.
    deliveryDays: [...row.delivery_days].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toOffer(row: OfferRow, supplierLeadTimeDays: number): SupplierOffer {
  return {
    id: row.id,
    supplierId: row.supplier_id,
    ingredientId: row.ingredient_id,
    unitPrice: row.unit_price,
    minimumOrderQuantity: row.minimum_order_quantity,
    packSize: row.pack_size,
    leadTimeDays: row.lead_time_days,
    effectiveLeadTimeDays: row.lead_time_days ?? supplierLeadTimeDays,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function supplierColumns(fields: Partial<SupplierFields>): Partial<SupplierRow> {
  const columns: Partial<SupplierRow> = {};
  if (fields.name !== undefined) columns.name = fields.name;
  if (fields.leadTimeDays !== undefined) columns.lead_time_days = fields.leadTimeDays;
  if (fields.reliability !== undefined) columns.reliability = fields.reliability;
  if (fields.minimumOrderValue !== undefined) columns.minimum_order_value = fields.minimumOrderValue;
  if (fields.currency !== undefined) columns.currency = fields.currency;
  if (fields.deliveryDays !== undefined) columns.delivery_days = fields.deliveryDays;
  return columns;
}

/** What replacing an offer's terms overwrites (`updated_at` from the insert's default, now). */
const OFFER_TERMS: (keyof OfferRow)[] = ['unit_price', 'minimum_order_quantity', 'pack_size', 'lead_time_days', 'updated_at'];

function offerColumns(tenantId: string, fields: OfferFields) {
  return {
    tenant_id: tenantId,
    supplier_id: fields.supplierId,
    ingredient_id: fields.ingredientId,
    unit_price: fields.unitPrice,
    minimum_order_quantity: fields.minimumOrderQuantity,
    pack_size: fields.packSize,
    lead_time_days: fields.leadTimeDays,
  };
}

function duplicateName(name: string | undefined) {
  return badUserInput(`A supplier named ${JSON.stringify(name)} already exists`, { field: 'input.name' });
}

/**
 * Suppliers and offers of one tenant. Ids passed in must already be valid lower-case UUIDs
 * (resolvers and loaders parse them), so a malformed id never reaches Postgres.
 */
export class SuppliersRepository {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly tenantId: string,
  ) {}

  private suppliers() {
    return this.db<SupplierRow>(SUPPLIERS).where('tenant_id', this.tenantId);
  }

  /** Offers joined to their supplier's lead time, which `effectiveLeadTimeDays` needs. */
  private offers() {
    return this.db(`${OFFERS} as o`)
      .join(`${SUPPLIERS} as s`, (join) => join.on('s.tenant_id', 'o.tenant_id').andOn('s.id', 'o.supplier_id'))
      .where('o.tenant_id', this.tenantId)
      .select<(OfferRow & { supplier_lead_time_days: number })[]>('o.*', 's.lead_time_days as supplier_lead_time_days');
  }

  /** The suppliers among `ids` (one statement, any number of ids); unknown ids are simply absent. */
  async suppliersByIds(ids: readonly string[]): Promise<Supplier[]> {
    if (ids.length === 0) return [];
    const rows = await this.suppliers().whereRaw('id = any(?::uuid[])', [[...ids]]);
    return rows.map(toSupplier);
  }

  /** One page of suppliers ordered by (name, id), fetching `first + 1` rows to detect a next page, and how many there are. */
  async listSuppliers(page: Page): Promise<PageWithTotal<Supplier>> {
    const query = this.suppliers().select('*').orderBy([{ column: 'name' }, { column: 'id' }]).limit(page.first + 1);
    if (page.after) query.whereRaw('(name, id) > (?, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<SupplierRow>(this.db, query, () => this.suppliers(), Boolean(page.after));
    return { rows: rows.map(toSupplier), totalCount };
  }

  /** Offers for `ingredientIds` (one statement), cheapest first. */
  async offersByIngredientIds(ingredientIds: readonly string[]): Promise<SupplierOffer[]> {
    if (ingredientIds.length === 0) return [];
    const rows = await this.offers()
      .whereRaw('o.ingredient_id = any(?::uuid[])', [[...ingredientIds]])
      .orderBy([{ column: 'o.unit_price' }, { column: 'o.id' }]);
    return rows.map((row) => toOffer(row, row.supplier_lead_time_days));
  }

  /** Offers of `supplierIds` (one statement), oldest first. */
  async offersBySupplierIds(supplierIds: readonly string[]): Promise<SupplierOffer[]> {
    if (supplierIds.length === 0) return [];
    const rows = await this.offers()
      .whereRaw('o.supplier_id = any(?::uuid[])', [[...supplierIds]])
      .orderBy([{ column: 'o.created_at' }, { column: 'o.id' }]);
    return rows.map((row) => toOffer(row, row.supplier_lead_time_days));
  }

  /** Every offer of the tenant, by ingredient, cheapest first. */
  async allOffers(): Promise<SupplierOffer[]> {
    const rows = await this.offers().orderBy([
      { column: 'o.ingredient_id' },
      { column: 'o.unit_price' },
      { column: 'o.id' },
    ]);
    return rows.map((row) => toOffer(row, row.supplier_lead_time_days));
  }

  /** Inserts a supplier; a name already used in the tenant is BAD_USER_INPUT. */
  async createSupplier(fields: SupplierFields): Promise<Supplier> {
    try {
      const [row] = await this.db<SupplierRow>(SUPPLIERS)
        .insert({ tenant_id: this.tenantId, ...supplierColumns(fields) })
        .returning('*');
      return toSupplier(row);
    } catch (error) {
      if (violates(error, 'suppliers_tenant_name_key')) throw duplicateName(fields.name);
      throw error;
    }
  }

  /** Changes the given fields in one statement; null when the tenant has no such supplier. */
  async updateSupplier(id: string, fields: Partial<SupplierFields>): Promise<Supplier | null> {
    try {
      const [row] = await this.suppliers()
        .where({ id })
        .update({ ...supplierColumns(fields), updated_at: this.db.fn.now() as unknown as Date })
        .returning('*');
      return row ? toSupplier(row) : null;
    } catch (error) {
      if (violates(error, 'suppliers_tenant_name_key')) throw duplicateName(fields.name);
      throw error;
    }
  }

  /**
   * Creates or replaces the offer of (supplier, ingredient), in one transaction: the supplier is
   * read with a share lock first, so a supplier of another tenant (or none) is NOT_FOUND and the
   * returned offer's effective lead time is the supplier's as committed.
   */
  async upsertOffer(fields: OfferFields): Promise<{ offer: SupplierOffer; supplier: Supplier }> {
    return this.transaction(async (repository) => repository.upsertOfferInTransaction(fields));
  }

  private async upsertOfferInTransaction(fields: OfferFields): Promise<{ offer: SupplierOffer; supplier: Supplier }> {
    const supplierRow = await this.suppliers().where({ id: fields.supplierId }).forShare().first();
    if (!supplierRow) throw notFound(`No supplier with id ${fields.supplierId}`);
    const [row] = await this.db<OfferRow>(OFFERS)
      .insert(offerColumns(this.tenantId, fields))
      .onConflict(['tenant_id', 'supplier_id', 'ingredient_id'])
      .merge(OFFER_TERMS)
      .returning('*');
    const supplier = toSupplier(supplierRow);
    return { offer: toOffer(row, supplier.leadTimeDays), supplier };
  }

  /** The suppliers named among `names` (exact match), in one statement. */
  async suppliersByNames(names: readonly string[]): Promise<Supplier[]> {
    if (names.length === 0) return [];
    const rows = await this.suppliers().whereRaw('name = any(?::text[])', [[...names]]);
    return rows.map(toSupplier);
  }

  /** Inserts `suppliers`, or overwrites the tenant's supplier of the same name: one statement per 1,000. */
  async upsertSuppliers(suppliers: readonly SupplierFields[]): Promise<void> {
    for (const chunk of chunksOf(suppliers)) {
      await this.db<SupplierRow>(SUPPLIERS)
        .insert(chunk.map((fields) => ({ tenant_id: this.tenantId, ...supplierColumns(fields) })))
        .onConflict(['tenant_id', 'name'])
        .merge(['lead_time_days', 'reliability', 'minimum_order_value', 'currency', 'delivery_days', 'updated_at']);
    }
  }

  /**
   * Offers among (supplier, ingredient) pairs `keys`, one statement: which of an import's
   * offers exist already.
   */
  async offersByKeys(keys: readonly { supplierId: string; ingredientId: string }[]): Promise<{ supplierId: string; ingredientId: string }[]> {
    if (keys.length === 0) return [];
    const rows: { supplier_id: string; ingredient_id: string }[] = await this.db(OFFERS)
      .where('tenant_id', this.tenantId)
      .whereRaw('(supplier_id, ingredient_id) in (select * from unnest(?::uuid[], ?::uuid[]))', [
        keys.map((key) => key.supplierId),
        keys.map((key) => key.ingredientId),
      ])
      .select('supplier_id', 'ingredient_id');
    return rows.map((row) => ({ supplierId: row.supplier_id, ingredientId: row.ingredient_id }));
  }

  /** Inserts `offers`, or replaces the terms of an existing (supplier, ingredient) offer: one statement per 1,000. */
  async upsertOffers(offers: readonly OfferFields[]): Promise<void> {
    for (const chunk of chunksOf(offers)) {
      await this.db<OfferRow>(OFFERS)
        .insert(chunk.map((fields) => offerColumns(this.tenantId, fields)))
        .onConflict(['tenant_id', 'supplier_id', 'ingredient_id'])
        .merge(OFFER_TERMS);
    }
  }

  /** Deletes one offer; false when the tenant has no offer with this id. */
  async removeOffer(id: string): Promise<boolean> {
    const removed = await this.db(OFFERS).where({ tenant_id: this.tenantId, id }).delete();
    return removed > 0;
  }

  /** Runs `work` in one transaction (or inside the current one) with a repository bound to it. */
  async transaction<T>(work: (repository: SuppliersRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction((trx) => work(new SuppliersRepository(trx, this.tenantId)));
  }
}
