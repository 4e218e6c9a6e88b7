import type { Knex } from 'knex';

/** suppliers owns suppliers and their offers; an offer names an inventory ingredient by id only. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists suppliers');
  await knex.schema.withSchema('suppliers').createTable('suppliers', (t) => {
    t.uuid('id').primary({ constraintName: 'suppliers_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.integer('lead_time_days').notNullable();
    t.decimal('reliability', 5, 4).notNullable();
    t.decimal('minimum_order_value', 14, 2).notNullable().defaultTo(0);
    t.string('currency', 3).notNullable().defaultTo('EUR');
    t.specificType('delivery_days', 'text[]').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'id'], { indexName: 'suppliers_tenant_id_key' });
    t.unique(['tenant_id', 'name'], { indexName: 'suppliers_tenant_name_key' });
    t.check('lead_time_days between 0 and 365', [], 'suppliers_lead_time_range');
    t.check('reliability between 0 and 1', [], 'suppliers_reliability_range');
    t.check('minimum_order_value >= 0', [], 'suppliers_minimum_order_value_nonnegative');
    t.check(`delivery_days <@ array['MON','TUE','WED','THU','FRI','SAT','SUN']`, [], 'suppliers_delivery_days_valid');
  });
  await knex.schema.withSchema('suppliers').createTable('offers', (t) => {
    t.uuid('id').primary({ constraintName: 'offers_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('supplier_id').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.decimal('unit_price', 14, 4).notNullable();
    t.decimal('minimum_order_quantity', 14, 3).notNullable().defaultTo(0);
    t.decimal('pack_size', 14, 3).notNullable().defaultTo(1);
    t.integer('lead_time_days');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'id'], { indexName: 'offers_tenant_id_key' });
    t.unique(['tenant_id', 'supplier_id', 'ingredient_id'], { indexName: 'offers_supplier_ingredient_key' });
    t.foreign(['tenant_id', 'supplier_id'], 'offers_supplier_fkey')
      .references(['tenant_id', 'id']).inTable('suppliers.suppliers').onDelete('CASCADE');
    t.index(['tenant_id', 'ingredient_id'], 'offers_tenant_ingredient_idx');
    t.check('unit_price > 0', [], 'offers_unit_price_positive');
    t.check('minimum_order_quantity >= 0', [], 'offers_moq_nonnegative');
    t.check('pack_size > 0', [], 'offers_pack_size_positive');
    t.check('lead_time_days is null or lead_time_days between 0 and 365', [], 'offers_lead_time_range');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists suppliers cascade');
}
