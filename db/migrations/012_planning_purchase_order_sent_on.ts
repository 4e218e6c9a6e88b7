import type { Knex } from 'knex';

/**
 * Issue 13, supplier performance: the bakery's day a purchase order went to the supplier
 * (`submitPurchaseOrder(sentOn:)`, default the day it was submitted in the bakery's zone), from
 * which observed lead times count. Orders submitted before this migration get the day of their
 * `submitted_at` in their bakery's zone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table planning.purchase_orders add column sent_on date');
  await knex.raw(`
    update planning.purchase_orders o
       set sent_on = (o.submitted_at at time zone t.timezone)::date
      from planning.tenants t
     where t.id = o.tenant_id and o.submitted_at is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table planning.purchase_orders drop column sent_on');
}
