import type { Knex } from 'knex';

/**
 * A sales day can say the product sold out: its quantity is then a lower bound of demand, and
 * the forecast reads it so (issue 11: a bakery that sells out must not forecast its own shortage).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('planning').alterTable('sales', (t) => {
    t.boolean('sold_out').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('planning').alterTable('sales', (t) => {
    t.dropColumn('sold_out');
  });
}
