import type { Knex } from 'knex';
import * as planningTenants from './001_planning_tenants.ts';
import * as inventory from './002_inventory.ts';
import * as suppliers from './003_suppliers.ts';
import * as recipes from './004_recipes.ts';
import * as planningRuns from './005_planning_runs.ts';
import * as planningNotifications from './006_planning_notifications.ts';
import * as planningTodayCurrency from './007_planning_today_currency.ts';
import * as planningSalesSoldOut from './008_planning_sales_sold_out.ts';
import * as planningForecastMethods from './009_planning_forecast_methods.ts';
import * as receivingAndBaking from './010_receiving_and_baking.ts';
import * as planningForecastCandidates from './011_planning_forecast_candidates.ts';
import * as planningPurchaseOrderSentOn from './012_planning_purchase_order_sent_on.ts';

type Migration = Knex.Migration;

/** Every migration, in order. Imported explicitly: knex's directory loader cannot load .ts under vitest. */
const MIGRATIONS: Record<string, Migration> = {
  '001_planning_tenants': planningTenants,
  '002_inventory': inventory,
  '003_suppliers': suppliers,
  '004_recipes': recipes,
  '005_planning_runs': planningRuns,
  '006_planning_notifications': planningNotifications,
  '007_planning_today_currency': planningTodayCurrency,
  '008_planning_sales_sold_out': planningSalesSoldOut,
  '009_planning_forecast_methods': planningForecastMethods,
  '010_receiving_and_baking': receivingAndBaking,
  '011_planning_forecast_candidates': planningForecastCandidates,
  '012_planning_purchase_order_sent_on': planningPurchaseOrderSentOn,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};
