import type { Knex } from 'knex';

/**
 * Issue 11, points 8 and 10, and the forecast calendar's settings:
 *
 * - A newer plan for the same plan date supersedes older drafts: procurement plans and
 *   production schedules gain the status SUPERSEDED; a plan remembers which plan superseded it
 *   (so cancelling that newer plan by compensation can give the older draft back).
 * - One currency per bakery (planning settings), and each plan records the currency its money
 *   is in. Existing bakeries whose suppliers all use one currency get that one, so the upgrade
 *   does not leave a USD bakery planning nothing; the others get EUR (the suppliers' default).
 * - Unit prices keep 6 decimals (a price per gram can be 0.00085): offers.unit_price widens from
 *   numeric(14,4) to numeric(18,6), the precision procurement_lines.unit_price already has.
 * - Forecast calendar settings: closed weekdays, closed dates, and after how many days without
 *   a sales record the data counts as stale.
 */

const WEEKDAYS = `array['MON','TUE','WED','THU','FRI','SAT','SUN']::text[]`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table planning.procurement_plans
      drop constraint procurement_plans_status_valid,
      add constraint procurement_plans_status_valid check (status in ('DRAFT', 'APPROVED', 'CANCELLED', 'SUPERSEDED')),
      add column superseded_at timestamptz,
      add column superseded_by uuid,
      add constraint procurement_plans_superseded_by_fkey foreign key (tenant_id, superseded_by)
        references planning.procurement_plans (tenant_id, id),
      add column currency text not null default 'EUR',
      add constraint procurement_plans_currency_format check (currency ~ '^[A-Z]{3}$')`);
  await knex.raw(`
    alter table planning.production_schedules
      drop constraint production_schedules_status_valid,
      add constraint production_schedules_status_valid check (status in ('DRAFT', 'CANCELLED', 'SUPERSEDED')),
      add column superseded_at timestamptz`);
  await knex.raw(`
    alter table planning.planning_settings
      add column currency text not null default 'EUR',
      add column closed_weekdays text[] not null default '{}',
      add column closed_dates date[] not null default '{}',
      add column stale_sales_after_days integer not null default 3,
      add constraint planning_settings_currency_format check (currency ~ '^[A-Z]{3}$'),
      add constraint planning_settings_closed_weekdays_valid check (closed_weekdays <@ ${WEEKDAYS}),
      add constraint planning_settings_closed_dates_count check (cardinality(closed_dates) <= 366),
      add constraint planning_settings_stale_sales_range check (stale_sales_after_days between 1 and 365)`);
  // A one-time backfill, the only place planning's rows are derived from another schema's.
  await knex.raw(`
    update planning.planning_settings s set currency = agreed.currency
    from (
      select tenant_id, min(currency) as currency from suppliers.suppliers
      group by tenant_id having count(distinct currency) = 1
    ) agreed
    where agreed.tenant_id = s.tenant_id`);
  await knex.raw(`
    update planning.procurement_plans p set currency = s.currency
    from planning.planning_settings s where s.tenant_id = p.tenant_id`);
  await knex.raw('alter table suppliers.offers alter column unit_price type numeric(18, 6)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table suppliers.offers alter column unit_price type numeric(14, 4)');
  await knex.raw(`
    alter table planning.planning_settings
      drop column currency, drop column closed_weekdays, drop column closed_dates, drop column stale_sales_after_days`);
  await knex.raw(`update planning.production_schedules set status = 'DRAFT' where status = 'SUPERSEDED'`);
  await knex.raw(`
    alter table planning.production_schedules
      drop constraint production_schedules_status_valid,
      add constraint production_schedules_status_valid check (status in ('DRAFT', 'CANCELLED')),
      drop column superseded_at`);
  await knex.raw(`update planning.procurement_plans set status = 'DRAFT' where status = 'SUPERSEDED'`);
  await knex.raw(`
    alter table planning.procurement_plans
      drop constraint procurement_plans_status_valid,
      add constraint procurement_plans_status_valid check (status in ('DRAFT', 'APPROVED', 'CANCELLED')),
      drop column superseded_at, drop column superseded_by, drop column currency`);
}
