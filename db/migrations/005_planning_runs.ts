import type { Knex } from 'knex';
import { belongsTo, QUANTITY, tenantRowId } from './planning-tables.ts';

/**
 * planning's pipeline storage: orchestration runs and their saga steps, the snapshot each run
 * plans from, and what each stage produced (forecasts, production schedule, procurement plan
 * with its purchase orders). Every row carries its tenant; children reference their parent
 * through (tenant_id, parent_id), so a row can never point into another bakery.
 *
 * Each stage's result is unique per run (`*_run_key`): with the row lock the API takes on the
 * run, that makes every generate step idempotent, even under concurrent calls.
 */

const RUN_TRIGGERS = `('SCHEDULED', 'MANUAL', 'EVENT')`;
const RUN_STATUSES = `('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'COMPENSATED')`;
const STEP_NAMES = `('snapshot', 'forecast', 'production', 'procurement', 'notify')`;
const STEP_STATUSES = `('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'COMPENSATED', 'SKIPPED')`;
const UNITS = `('G', 'KG', 'ML', 'L', 'UNIT')`;

export async function up(knex: Knex): Promise<void> {
  const planning = () => knex.schema.withSchema('planning');
  const id = (t: Knex.CreateTableBuilder, table: string) => tenantRowId(knex, t, table);

  await planning().createTable('orchestration_runs', (t) => {
    id(t, 'orchestration_runs');
    t.foreign('tenant_id', 'orchestration_runs_tenant_fkey').references('id').inTable('planning.tenants').onDelete('CASCADE');
    t.date('plan_date').notNullable();
    t.text('trigger').notNullable();
    t.text('status').notNullable().defaultTo('QUEUED');
    t.text('idempotency_key').notNullable();
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.text('error');
    t.text('failed_step');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'idempotency_key'], { indexName: 'orchestration_runs_idempotency_key' });
    t.index(['tenant_id', 'created_at', 'id'], 'orchestration_runs_tenant_created_idx');
    t.index(['tenant_id', 'status', 'created_at', 'id'], 'orchestration_runs_tenant_status_idx');
    t.check(`trigger in ${RUN_TRIGGERS}`, [], 'orchestration_runs_trigger_valid');
    t.check(`status in ${RUN_STATUSES}`, [], 'orchestration_runs_status_valid');
    t.check(`failed_step is null or failed_step in ${STEP_NAMES}`, [], 'orchestration_runs_failed_step_valid');
    t.check('length(idempotency_key) between 1 and 200', [], 'orchestration_runs_idempotency_key_length');
    t.check('finished_at is null or status in (\'COMPLETED\', \'FAILED\', \'COMPENSATED\')', [], 'orchestration_runs_finished_when_final');
  });

  await planning().createTable('run_steps', (t) => {
    id(t, 'run_steps');
    belongsTo(t, 'run_steps', 'run_id', 'orchestration_runs', 'run');
    t.text('name').notNullable();
    t.integer('position').notNullable();
    t.text('status').notNullable().defaultTo('PENDING');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.text('error');
    t.unique(['run_id', 'name'], { indexName: 'run_steps_run_name_key' });
    t.check(`name in ${STEP_NAMES}`, [], 'run_steps_name_valid');
    t.check(`status in ${STEP_STATUSES}`, [], 'run_steps_status_valid');
    t.check('attempts >= 0', [], 'run_steps_attempts_nonnegative');
  });

  await planning().createTable('snapshots', (t) => {
    id(t, 'snapshots');
    belongsTo(t, 'snapshots', 'run_id', 'orchestration_runs', 'run');
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.integer('ingredient_count').notNullable();
    t.integer('lot_count').notNullable();
    t.integer('supplier_count').notNullable();
    t.integer('offer_count').notNullable();
    t.integer('recipe_count').notNullable();
    t.integer('product_count').notNullable();
    /** The validated snapshot in the engine's shapes (see subgraphs/planning/snapshot.ts). */
    t.jsonb('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['run_id'], { indexName: 'snapshots_run_key' });
  });

  await planning().createTable('forecast_sets', (t) => {
    id(t, 'forecast_sets');
    belongsTo(t, 'forecast_sets', 'run_id', 'orchestration_runs', 'run');
    t.date('plan_date').notNullable();
    t.integer('horizon_days').notNullable();
    t.jsonb('warnings').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // (tenant_id, run_id) rather than run_id alone: the forecasts' foreign key targets it.
    t.unique(['tenant_id', 'run_id'], { indexName: 'forecast_sets_run_key' });
    t.check('horizon_days between 1 and 60', [], 'forecast_sets_horizon_range');
  });

  await planning().createTable('forecasts', (t) => {
    id(t, 'forecasts');
    t.uuid('run_id').notNullable();
    t.foreign(['tenant_id', 'run_id'], 'forecasts_set_fkey').references(['tenant_id', 'run_id']).inTable('planning.forecast_sets').onDelete('CASCADE');
    t.uuid('product_id').notNullable();
    t.date('date').notNullable();
    t.decimal('quantity', ...QUANTITY).notNullable();
    t.decimal('lower', ...QUANTITY).notNullable();
    t.decimal('upper', ...QUANTITY).notNullable();
    t.decimal('sigma', ...QUANTITY).notNullable();
    t.text('method').notNullable();
    t.decimal('error', ...QUANTITY);
    t.unique(['run_id', 'product_id', 'date'], { indexName: 'forecasts_run_product_date_key' });
    t.index(['tenant_id', 'product_id', 'date'], 'forecasts_tenant_product_date_idx');
    t.index(['tenant_id', 'date'], 'forecasts_tenant_date_idx');
    t.check(`method in ('MOVING_AVERAGE', 'SEASONAL_NAIVE', 'SEASONAL_ES')`, [], 'forecasts_method_valid');
    t.check('quantity >= 0 and lower >= 0 and upper >= lower and sigma >= 0', [], 'forecasts_quantities_valid');
  });

  await planning().createTable('production_schedules', (t) => {
    id(t, 'production_schedules');
    belongsTo(t, 'production_schedules', 'run_id', 'orchestration_runs', 'run');
    t.date('plan_date').notNullable();
    t.integer('horizon_days').notNullable();
    t.text('status').notNullable().defaultTo('DRAFT');
    t.jsonb('warnings').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('cancelled_at', { useTz: true });
    t.unique(['run_id'], { indexName: 'production_schedules_run_key' });
    t.index(['tenant_id', 'plan_date'], 'production_schedules_tenant_plan_date_idx');
    t.check(`status in ('DRAFT', 'CANCELLED')`, [], 'production_schedules_status_valid');
  });

  await planning().createTable('production_batches', (t) => {
    id(t, 'production_batches');
    belongsTo(t, 'production_batches', 'schedule_id', 'production_schedules', 'schedule');
    t.date('date').notNullable();
    t.uuid('recipe_id').notNullable();
    t.uuid('product_id').notNullable();
    t.integer('batches').notNullable();
    t.decimal('quantity', ...QUANTITY).notNullable();
    t.decimal('forecast_quantity', ...QUANTITY).notNullable();
    t.unique(['schedule_id', 'date', 'product_id'], { indexName: 'production_batches_schedule_date_product_key' });
    t.check('batches > 0 and quantity > 0 and forecast_quantity >= 0', [], 'production_batches_quantities_valid');
  });

  await planning().createTable('ingredient_requirements', (t) => {
    id(t, 'ingredient_requirements');
    belongsTo(t, 'ingredient_requirements', 'schedule_id', 'production_schedules', 'schedule');
    t.uuid('ingredient_id').notNullable();
    t.date('date').notNullable();
    t.decimal('quantity', ...QUANTITY).notNullable();
    t.text('unit').notNullable();
    /** The ingredient's daily demand std (the same on each of its days), for STATISTICAL safety stock. */
    t.decimal('demand_sigma', ...QUANTITY).notNullable();
    t.unique(['schedule_id', 'ingredient_id', 'date'], { indexName: 'ingredient_requirements_schedule_ingredient_date_key' });
    t.check(`unit in ${UNITS}`, [], 'ingredient_requirements_unit_valid');
    t.check('quantity >= 0 and demand_sigma >= 0', [], 'ingredient_requirements_quantities_valid');
  });

  await planning().createTable('procurement_plans', (t) => {
    id(t, 'procurement_plans');
    belongsTo(t, 'procurement_plans', 'run_id', 'orchestration_runs', 'run');
    t.date('plan_date').notNullable();
    t.integer('horizon_days').notNullable();
    t.text('status').notNullable().defaultTo('DRAFT');
    t.decimal('total_cost', 14, 2).notNullable();
    t.jsonb('warnings').notNullable().defaultTo('[]');
    t.jsonb('projections').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('approved_at', { useTz: true });
    t.text('approved_by');
    t.timestamp('cancelled_at', { useTz: true });
    t.unique(['run_id'], { indexName: 'procurement_plans_run_key' });
    t.index(['tenant_id', 'plan_date', 'created_at'], 'procurement_plans_tenant_latest_idx');
    t.check(`status in ('DRAFT', 'APPROVED', 'CANCELLED')`, [], 'procurement_plans_status_valid');
    t.check('total_cost >= 0', [], 'procurement_plans_total_cost_nonnegative');
  });

  await planning().createTable('purchase_orders', (t) => {
    id(t, 'purchase_orders');
    belongsTo(t, 'purchase_orders', 'plan_id', 'procurement_plans', 'plan');
    t.integer('position').notNullable();
    t.uuid('supplier_id').notNullable();
    t.date('order_date').notNullable();
    t.date('delivery_date').notNullable();
    t.decimal('total', 14, 2).notNullable();
    t.boolean('below_minimum_order_value').notNullable();
    t.text('status').notNullable().defaultTo('DRAFT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('received_at', { useTz: true });
    t.timestamp('cancelled_at', { useTz: true });
    t.unique(['plan_id', 'position'], { indexName: 'purchase_orders_plan_position_key' });
    t.index(['tenant_id', 'status', 'delivery_date'], 'purchase_orders_tenant_status_idx');
    t.check(`status in ('DRAFT', 'SUBMITTED', 'RECEIVED', 'CANCELLED')`, [], 'purchase_orders_status_valid');
    t.check('total >= 0', [], 'purchase_orders_total_nonnegative');
    t.check('delivery_date >= order_date', [], 'purchase_orders_delivery_after_order');
  });

  await planning().createTable('procurement_lines', (t) => {
    id(t, 'procurement_lines');
    belongsTo(t, 'procurement_lines', 'plan_id', 'procurement_plans', 'plan');
    belongsTo(t, 'procurement_lines', 'purchase_order_id', 'purchase_orders', 'purchase_order');
    t.integer('position').notNullable();
    t.uuid('ingredient_id').notNullable();
    t.uuid('supplier_id').notNullable();
    t.uuid('offer_id').notNullable();
    t.decimal('quantity', ...QUANTITY).notNullable();
    t.text('unit').notNullable();
    t.date('order_date').notNullable();
    t.date('delivery_date').notNullable();
    t.date('needed_by').notNullable();
    t.decimal('safety_stock', ...QUANTITY).notNullable();
    t.decimal('unit_price', ...QUANTITY).notNullable();
    t.decimal('cost', 14, 2).notNullable();
    t.boolean('urgent').notNullable();
    t.text('reason').notNullable();
    t.unique(['plan_id', 'position'], { indexName: 'procurement_lines_plan_position_key' });
    t.index(['tenant_id', 'purchase_order_id'], 'procurement_lines_purchase_order_idx');
    t.check(`unit in ${UNITS}`, [], 'procurement_lines_unit_valid');
    t.check('quantity > 0 and unit_price >= 0 and cost >= 0 and safety_stock >= 0', [], 'procurement_lines_quantities_valid');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'procurement_lines',
    'purchase_orders',
    'procurement_plans',
    'ingredient_requirements',
    'production_batches',
    'production_schedules',
    'forecasts',
    'forecast_sets',
    'snapshots',
    'run_steps',
    'orchestration_runs',
  ]) {
    await knex.schema.withSchema('planning').dropTableIfExists(table);
  }
}
