import type { Knex } from 'knex';

/**
 * Column helpers of the planning schema's migrations (005, 010). Migrations already applied
 * depend on what these write: change them only by adding new helpers.
 */

/** Quantities: the engine keeps 1e-6 of a unit. */
export const QUANTITY = [18, 6] as const;

/** A tenant's row id: a random uuid primary key, unique with tenant_id so children can reference both. */
export function tenantRowId(knex: Knex, t: Knex.CreateTableBuilder, table: string): void {
  t.uuid('id').primary({ constraintName: `${table}_pkey` }).defaultTo(knex.raw('gen_random_uuid()'));
  t.uuid('tenant_id').notNullable();
  t.unique(['tenant_id', 'id'], { indexName: `${table}_tenant_id_key` });
}

/** (tenant_id, column) → parent (tenant_id, id), deleted with the parent. */
export function belongsTo(t: Knex.CreateTableBuilder, table: string, column: string, parent: string, name: string): void {
  t.uuid(column).notNullable();
  t.foreign(['tenant_id', column], `${table}_${name}_fkey`).references(['tenant_id', 'id']).inTable(`planning.${parent}`).onDelete('CASCADE');
}
