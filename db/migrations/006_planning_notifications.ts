import type { Knex } from 'knex';

/**
 * planning.notifications: what a run tells the bakery (a plan is ready, a run failed), listed on
 * dashboards newest first. One row per run and kind, so sending a run's notifications again
 * (a redelivered job) writes nothing new.
 */

const KINDS = `('PLAN_READY', 'RUN_FAILED')`;
const SEVERITIES = `('INFO', 'WARNING', 'ERROR')`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('planning').createTable('notifications', (t) => {
    t.uuid('id').primary({ constraintName: 'notifications_pkey' }).defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable();
    t.uuid('run_id').notNullable();
    t.foreign(['tenant_id', 'run_id'], 'notifications_run_fkey').references(['tenant_id', 'id']).inTable('planning.orchestration_runs').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('severity').notNullable();
    t.text('title').notNullable();
    t.text('message').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'run_id', 'kind'], { indexName: 'notifications_run_kind_key' });
    t.index(['tenant_id', 'created_at', 'id'], 'notifications_tenant_created_idx');
    t.check(`kind in ${KINDS}`, [], 'notifications_kind_valid');
    t.check(`severity in ${SEVERITIES}`, [], 'notifications_severity_valid');
    t.check('length(title) between 1 and 200', [], 'notifications_title_length');
    t.check('length(message) between 1 and 4000', [], 'notifications_message_length');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('planning').dropTableIfExists('notifications');
}
