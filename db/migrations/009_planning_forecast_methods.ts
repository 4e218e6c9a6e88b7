import type { Knex } from 'knex';

/** Two more forecast methods (issue 13): Holt-Winters (additive, weekly) and Croston (intermittent demand). */
const ALL = ['MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES', 'HOLT_WINTERS', 'CROSTON'];
const BEFORE = ['MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES'];

/** Replaces the check constraint on forecasts.method (constant names only: DDL takes no bindings). */
async function allow(knex: Knex, methods: string[]): Promise<void> {
  await knex.schema.withSchema('planning').alterTable('forecasts', (t) => {
    t.dropChecks(['forecasts_method_valid']);
    t.check(`method in (${methods.map((method) => `'${method}'`).join(', ')})`, [], 'forecasts_method_valid');
  });
}

export async function up(knex: Knex): Promise<void> {
  await allow(knex, ALL);
}

export async function down(knex: Knex): Promise<void> {
  await allow(knex, BEFORE);
}
