import type { Knex } from 'knex';

/** recipes owns products and their recipes; a recipe line names an inventory ingredient by id only. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists recipes');
  await knex.schema.withSchema('recipes').createTable('products', (t) => {
    t.uuid('id').primary({ constraintName: 'products_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.text('sku').notNullable();
    t.text('name').notNullable();
    t.timestamps(true, true);
    t.unique(['tenant_id', 'id'], { indexName: 'products_tenant_id_key' });
    t.unique(['tenant_id', 'sku'], { indexName: 'products_tenant_sku_key' });
  });
  await knex.schema.withSchema('recipes').createTable('recipes', (t) => {
    t.uuid('id').primary({ constraintName: 'recipes_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('product_id').notNullable();
    t.text('name').notNullable();
    t.decimal('yield_quantity', 14, 3).notNullable();
    t.timestamps(true, true);
    t.unique(['tenant_id', 'id'], { indexName: 'recipes_tenant_id_key' });
    t.unique(['tenant_id', 'product_id'], { indexName: 'recipes_tenant_product_key' });
    t.foreign(['tenant_id', 'product_id'], 'recipes_product_fkey')
      .references(['tenant_id', 'id']).inTable('recipes.products').onDelete('CASCADE');
    t.check('yield_quantity > 0', [], 'recipes_yield_positive');
  });
  await knex.schema.withSchema('recipes').createTable('recipe_ingredients', (t) => {
    t.uuid('id').primary({ constraintName: 'recipe_ingredients_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('recipe_id').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.decimal('quantity', 14, 4).notNullable();
    t.text('unit').notNullable();
    t.integer('position').notNullable();
    t.unique(['tenant_id', 'id'], { indexName: 'recipe_ingredients_tenant_id_key' });
    t.unique(['recipe_id', 'ingredient_id'], { indexName: 'recipe_ingredients_recipe_ingredient_key' });
    t.foreign(['tenant_id', 'recipe_id'], 'recipe_ingredients_recipe_fkey')
      .references(['tenant_id', 'id']).inTable('recipes.recipes').onDelete('CASCADE');
    t.index(['tenant_id', 'ingredient_id'], 'recipe_ingredients_tenant_ingredient_idx');
    t.check('quantity > 0', [], 'recipe_ingredients_quantity_positive');
    t.check(`unit in ('G', 'KG', 'ML', 'L', 'UNIT')`, [], 'recipe_ingredients_unit_valid');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists recipes cascade');
}
