import type { Knex } from 'knex';

/** planning owns the tenants and their planning settings (DESIGN.md §2, planning). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pgcrypto');
  await knex.raw('create schema if not exists planning');
  await knex.schema.withSchema('planning').createTable('tenants', (t) => {
    t.uuid('id').primary({ constraintName: 'tenants_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique({ indexName: 'tenants_slug_key' });
    t.text('name').notNullable();
    t.text('timezone').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`, [], 'tenants_slug_format');
  });
  await knex.schema.withSchema('planning').createTable('planning_settings', (t) => {
    t.uuid('tenant_id').primary({ constraintName: 'planning_settings_pkey' });
    t.foreign('tenant_id', 'planning_settings_tenant_fkey').references('id').inTable('planning.tenants').onDelete('CASCADE');
    t.text('orchestration_cron').notNullable().defaultTo('30 5 * * *');
    t.integer('horizon_days').notNullable().defaultTo(7);
    t.decimal('service_level', 6, 5).notNullable().defaultTo(0.95);
    t.text('safety_stock_method').notNullable().defaultTo('STATISTICAL');
    t.decimal('safety_stock_percent', 8, 4).notNullable().defaultTo(0.5);
    t.decimal('weight_price', 6, 4).notNullable().defaultTo(0.5);
    t.decimal('weight_lead_time', 6, 4).notNullable().defaultTo(0.2);
    t.decimal('weight_reliability', 6, 4).notNullable().defaultTo(0.3);
    t.text('webhook_url');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('horizon_days between 1 and 60', [], 'planning_settings_horizon_range');
    t.check('service_level > 0 and service_level < 1', [], 'planning_settings_service_level_range');
    t.check(`safety_stock_method in ('STATISTICAL', 'PERCENTAGE')`, [], 'planning_settings_method_valid');
    t.check('safety_stock_percent >= 0', [], 'planning_settings_percent_range');
  });
  await knex.schema.withSchema('planning').createTable('sales', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('product_id').notNullable();
    t.date('date').notNullable();
    t.decimal('quantity', 14, 3).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'product_id', 'date'], { constraintName: 'sales_pkey' });
    t.foreign('tenant_id', 'sales_tenant_fkey').references('id').inTable('planning.tenants').onDelete('CASCADE');
    t.check('quantity >= 0', [], 'sales_quantity_nonnegative');
    t.index(['tenant_id', 'date'], 'sales_tenant_date_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists planning cascade');
}
