import type { Knex } from 'knex';

/**
 * Method choice by accumulated accuracy (issue 13). Each run keeps every candidate method's
 * forecast of its first open day (candidate_forecasts), so each candidate's accuracy accumulates
 * against the sales that followed; the pipeline deletes those older than 56 days before a run's
 * first day. forecast_choices says, per run and product, which rule chose the method and why.
 * Both belong to their run's forecast set and go with it.
 */

const METHODS = `('MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES', 'HOLT_WINTERS', 'CROSTON')`;
const RULES = `('ACCUMULATED_ACCURACY', 'HELD_OUT', 'SHORT_HISTORY', 'NO_HISTORY')`;

export async function up(knex: Knex): Promise<void> {
  const planning = () => knex.schema.withSchema('planning');
  const ofForecastSet = (t: Knex.CreateTableBuilder, table: string) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('run_id').notNullable();
    t.foreign(['tenant_id', 'run_id'], `${table}_set_fkey`).references(['tenant_id', 'run_id']).inTable('planning.forecast_sets').onDelete('CASCADE');
    t.uuid('product_id').notNullable();
  };

  await planning().createTable('candidate_forecasts', (t) => {
    ofForecastSet(t, 'candidate_forecasts');
    t.text('method').notNullable();
    t.date('date').notNullable();
    t.decimal('quantity', 18, 6).notNullable();
    t.primary(['tenant_id', 'run_id', 'product_id', 'method'], { constraintName: 'candidate_forecasts_pkey' });
    // The scoring query and the retention delete both range over a tenant's dates.
    t.index(['tenant_id', 'date'], 'candidate_forecasts_tenant_date_idx');
    t.check(`method in ${METHODS}`, [], 'candidate_forecasts_method_valid');
    t.check('quantity >= 0', [], 'candidate_forecasts_quantity_valid');
  });

  await planning().createTable('forecast_choices', (t) => {
    ofForecastSet(t, 'forecast_choices');
    t.text('rule').notNullable();
    t.text('reason').notNullable();
    t.primary(['tenant_id', 'run_id', 'product_id'], { constraintName: 'forecast_choices_pkey' });
    t.check(`rule in ${RULES}`, [], 'forecast_choices_rule_valid');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('planning').dropTable('forecast_choices');
  await knex.schema.withSchema('planning').dropTable('candidate_forecasts');
}
