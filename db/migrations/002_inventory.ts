import type { Knex } from 'knex';

const UNITS = `('G', 'KG', 'ML', 'L', 'UNIT')`;

/** inventory owns ingredients, their stock lots (FEFO) and the movement ledger. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists inventory');
  await knex.schema.withSchema('inventory').createTable('ingredients', (t) => {
    t.uuid('id').primary({ constraintName: 'ingredients_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.text('sku').notNullable();
    t.text('name').notNullable();
    t.text('category').notNullable();
    t.text('unit').notNullable();
    t.boolean('perishable').notNullable().defaultTo(false);
    t.integer('shelf_life_days');
    t.decimal('reorder_point', 14, 3).notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.unique(['tenant_id', 'id'], { indexName: 'ingredients_tenant_id_key' });
    t.unique(['tenant_id', 'sku'], { indexName: 'ingredients_tenant_sku_key' });
    t.index(['tenant_id', 'name', 'id'], 'ingredients_tenant_name_idx');
    t.check(`unit in ${UNITS}`, [], 'ingredients_unit_valid');
    t.check('shelf_life_days is null or shelf_life_days > 0', [], 'ingredients_shelf_life_positive');
    t.check('reorder_point >= 0', [], 'ingredients_reorder_point_nonnegative');
  });
  await knex.schema.withSchema('inventory').createTable('stock_lots', (t) => {
    t.uuid('id').primary({ constraintName: 'stock_lots_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.decimal('quantity', 14, 3).notNullable();
    t.date('received_on').notNullable();
    t.date('expires_on');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'id'], { indexName: 'stock_lots_tenant_id_key' });
    t.foreign(['tenant_id', 'ingredient_id'], 'stock_lots_ingredient_fkey')
      .references(['tenant_id', 'id']).inTable('inventory.ingredients').onDelete('CASCADE');
    t.index(['tenant_id', 'ingredient_id', 'expires_on'], 'stock_lots_ingredient_fefo_idx');
    t.check('quantity >= 0', [], 'stock_lots_quantity_nonnegative');
  });
  await knex.schema.withSchema('inventory').createTable('stock_movements', (t) => {
    t.uuid('id').primary({ constraintName: 'stock_movements_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.text('kind').notNullable();
    t.decimal('quantity', 14, 3).notNullable();
    t.date('expires_on');
    t.text('note');
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'id'], { indexName: 'stock_movements_tenant_id_key' });
    t.foreign(['tenant_id', 'ingredient_id'], 'stock_movements_ingredient_fkey')
      .references(['tenant_id', 'id']).inTable('inventory.ingredients').onDelete('CASCADE');
    t.index(['tenant_id', 'ingredient_id', 'created_at'], 'stock_movements_ingredient_idx');
    t.check(`kind in ('RECEIPT', 'CONSUMPTION', 'WASTE', 'ADJUSTMENT')`, [], 'stock_movements_kind_valid');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists inventory cascade');
}
