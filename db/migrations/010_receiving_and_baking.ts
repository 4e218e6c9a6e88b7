import type { Knex } from 'knex';
import { belongsTo, QUANTITY, tenantRowId } from './planning-tables.ts';

/**
 * Issue 13, the writes: receiving and baking feed back into stock, exactly once.
 *
 * planning:
 * - purchase orders can be PARTIALLY_RECEIVED; each procurement line keeps how much of it has
 *   arrived (`received_quantity`), so the remainder stays a scheduled receipt;
 * - `purchase_order_receipts` / `purchase_order_receipt_lines`: what arrived, per lot, unique per
 *   order and idempotency key (a retried call finds the receipt it wrote);
 * - `production_records` / `production_record_lines`: what was baked on a day, planned vs actual,
 *   one record per bakery and day;
 * - `stock_postings`: the outbox. Written in the same transaction as the receipt or production
 *   record; its id is the key inventory's postStockMovements applies at most once.
 *
 * inventory:
 * - `stock_postings`: the keys already applied, with the answer given (a second post returns it);
 * - movements of kind PRODUCTION (consumption by recorded baking), each tied to its posting key;
 * - lots keep the supplier's lot code.
 */

export async function up(knex: Knex): Promise<void> {
  const planning = () => knex.schema.withSchema('planning');
  const id = (t: Knex.CreateTableBuilder, table: string) => tenantRowId(knex, t, table);

  await knex.raw(`
    alter table planning.purchase_orders
      drop constraint purchase_orders_status_valid,
      add constraint purchase_orders_status_valid check (status in ('DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'))`);
  await knex.raw(`
    alter table planning.procurement_lines
      add column received_quantity numeric(18, 6) not null default 0,
      add constraint procurement_lines_received_valid check (received_quantity >= 0 and received_quantity <= quantity)`);

  await planning().createTable('purchase_order_receipts', (t) => {
    id(t, 'purchase_order_receipts');
    belongsTo(t, 'purchase_order_receipts', 'purchase_order_id', 'purchase_orders', 'purchase_order');
    t.date('received_on').notNullable();
    /** The client's key (`client:…`) or the content hash (`sha256:…`). */
    t.text('idempotency_key').notNullable();
    t.text('content_hash').notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'purchase_order_id', 'idempotency_key'], { indexName: 'purchase_order_receipts_idempotency_key' });
    t.index(['tenant_id', 'purchase_order_id', 'recorded_at'], 'purchase_order_receipts_order_idx');
  });
  await planning().createTable('purchase_order_receipt_lines', (t) => {
    id(t, 'purchase_order_receipt_lines');
    belongsTo(t, 'purchase_order_receipt_lines', 'receipt_id', 'purchase_order_receipts', 'receipt');
    t.integer('position').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.decimal('quantity', 14, 3).notNullable();
    t.text('unit').notNullable();
    t.text('lot');
    t.date('expires_on');
    t.unique(['receipt_id', 'position'], { indexName: 'purchase_order_receipt_lines_position_key' });
    t.check('quantity > 0', [], 'purchase_order_receipt_lines_quantity_positive');
  });

  await planning().createTable('production_records', (t) => {
    id(t, 'production_records');
    t.foreign('tenant_id', 'production_records_tenant_fkey').references('id').inTable('planning.tenants').onDelete('CASCADE');
    t.date('date').notNullable();
    /** The schedule whose day this record closes; null when no live schedule covered the date. */
    t.uuid('schedule_id');
    t.foreign(['tenant_id', 'schedule_id'], 'production_records_schedule_fkey').references(['tenant_id', 'id']).inTable('planning.production_schedules');
    t.boolean('allow_shortage').notNullable();
    /** Per ingredient, what the batches use: { ingredientId, quantity, unit } (ingredient's unit, 3 decimals). */
    t.jsonb('consumption').notNullable().defaultTo('[]');
    /** Per ingredient short at record time: { ingredientId, needed, onHand, unit }. */
    t.jsonb('shortages').notNullable().defaultTo('[]');
    t.text('content_hash').notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'date'], { indexName: 'production_records_tenant_date_key' });
  });
  await planning().createTable('production_record_lines', (t) => {
    id(t, 'production_record_lines');
    belongsTo(t, 'production_record_lines', 'record_id', 'production_records', 'record');
    t.uuid('product_id').notNullable();
    t.uuid('recipe_id');
    t.integer('planned_batches').notNullable();
    t.integer('actual_batches').notNullable();
    t.unique(['record_id', 'product_id'], { indexName: 'production_record_lines_product_key' });
    t.check('planned_batches >= 0 and actual_batches >= 0', [], 'production_record_lines_batches_valid');
  });

  await planning().createTable('stock_postings', (t) => {
    t.uuid('id').primary({ constraintName: 'stock_postings_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.foreign('tenant_id', 'stock_postings_tenant_fkey').references('id').inTable('planning.tenants').onDelete('CASCADE');
    t.text('source_kind').notNullable();
    t.uuid('source_id').notNullable();
    /** postStockMovements' input without the key: { kind, occurredOn, note, lines }. */
    t.jsonb('payload').notNullable();
    /** inventory's answer once posted. */
    t.jsonb('result');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('posted_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'source_kind', 'source_id'], { indexName: 'stock_postings_source_key' });
    t.check(`source_kind in ('PURCHASE_ORDER_RECEIPT', 'PRODUCTION_RECORD')`, [], 'stock_postings_source_kind_valid');
  });
  await knex.raw('create index stock_postings_pending_idx on planning.stock_postings (next_attempt_at) where posted_at is null');

  await knex.raw(`
    alter table inventory.stock_movements
      drop constraint stock_movements_kind_valid,
      add constraint stock_movements_kind_valid check (kind in ('RECEIPT', 'CONSUMPTION', 'WASTE', 'ADJUSTMENT', 'PRODUCTION')),
      add column posting_key uuid`);
  await knex.raw('alter table inventory.stock_lots add column lot_code text');
  await knex.schema.withSchema('inventory').createTable('stock_postings', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('key').notNullable();
    t.primary(['tenant_id', 'key'], { constraintName: 'stock_postings_pkey' });
    t.text('kind').notNullable();
    t.date('occurred_on').notNullable();
    t.text('content_hash').notNullable();
    t.jsonb('result').notNullable().defaultTo('{}');
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`kind in ('RECEIPT', 'PRODUCTION')`, [], 'stock_postings_kind_valid');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('inventory').dropTableIfExists('stock_postings');
  await knex.raw('alter table inventory.stock_lots drop column lot_code');
  await knex.raw(`delete from inventory.stock_movements where kind = 'PRODUCTION'`);
  await knex.raw(`
    alter table inventory.stock_movements
      drop column posting_key,
      drop constraint stock_movements_kind_valid,
      add constraint stock_movements_kind_valid check (kind in ('RECEIPT', 'CONSUMPTION', 'WASTE', 'ADJUSTMENT'))`);
  for (const table of ['stock_postings', 'production_record_lines', 'production_records', 'purchase_order_receipt_lines', 'purchase_order_receipts']) {
    await knex.schema.withSchema('planning').dropTableIfExists(table);
  }
  await knex.raw(`update planning.purchase_orders set status = 'SUBMITTED' where status = 'PARTIALLY_RECEIVED'`);
  await knex.raw(`
    alter table planning.procurement_lines
      drop constraint procurement_lines_received_valid,
      drop column received_quantity`);
  await knex.raw(`
    alter table planning.purchase_orders
      drop constraint purchase_orders_status_valid,
      add constraint purchase_orders_status_valid check (status in ('DRAFT', 'SUBMITTED', 'RECEIVED', 'CANCELLED'))`);
}
