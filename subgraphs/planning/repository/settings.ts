import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { SettingsPatch } from '../validation.ts';
import { selectTenantSchedules, type TenantSchedule } from './schedules.ts';

export interface PlanningSettings {
  tenantId: string;
  timezone: string;
  orchestrationCron: string;
  horizonDays: number;
  serviceLevel: number;
  safetyStockMethod: 'STATISTICAL' | 'PERCENTAGE';
  safetyStockPercent: number;
  supplierWeights: { price: number; leadTime: number; reliability: number };
  webhookUrl: string | null;
  /** ISO 4217; every plan's money is in it, and offers in another currency are not planned. Default EUR. */
  currency: string;
  /** Weekdays the bakery does not open, in week order. Default none. */
  closedWeekdays: Weekday[];
  /** Days the bakery does not open (YYYY-MM-DD), sorted, at most 366. Default none. */
  closedDates: string[];
  /** Sales data older than this many days is stale (1..365). Default 3. */
  staleSalesAfterDays: number;
  updatedAt: Date;
}

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

interface SettingsRow {
  tenant_id: string;
  timezone: string;
  orchestration_cron: string;
  horizon_days: number;
  service_level: number;
  safety_stock_method: 'STATISTICAL' | 'PERCENTAGE';
  safety_stock_percent: number;
  weight_price: number;
  weight_lead_time: number;
  weight_reliability: number;
  webhook_url: string | null;
  currency: string;
  closed_weekdays: Weekday[];
  closed_dates: string[];
  stale_sales_after_days: number;
  updated_at: Date;
}

function toSettings(row: SettingsRow): PlanningSettings {
  return {
    tenantId: row.tenant_id,
    timezone: row.timezone,
    orchestrationCron: row.orchestration_cron,
    horizonDays: row.horizon_days,
    serviceLevel: row.service_level,
    safetyStockMethod: row.safety_stock_method,
    safetyStockPercent: row.safety_stock_percent,
    supplierWeights: { price: row.weight_price, leadTime: row.weight_lead_time, reliability: row.weight_reliability },
    webhookUrl: row.webhook_url,
    currency: row.currency,
    closedWeekdays: row.closed_weekdays,
    closedDates: row.closed_dates,
    staleSalesAfterDays: row.stale_sales_after_days,
    updatedAt: row.updated_at,
  };
}

const SETTINGS_COLUMNS = [
  's.tenant_id',
  's.orchestration_cron',
  's.horizon_days',
  's.service_level',
  's.safety_stock_method',
  's.safety_stock_percent',
  's.weight_price',
  's.weight_lead_time',
  's.weight_reliability',
  's.webhook_url',
  's.currency',
  's.closed_weekdays',
  's.stale_sales_after_days',
  's.updated_at',
  't.timezone',
];

function selectSettings(db: Db | Knex.Transaction) {
  return (
    db('planning.planning_settings as s')
      .join('planning.tenants as t', 't.id', 's.tenant_id')
      // date[] read as text[]: node-postgres would turn each day into a local-time Date.
      .select(...SETTINGS_COLUMNS, db.raw('s.closed_dates::text[] as closed_dates'))
  );
}

/** The tenant's planning settings (`planning.planning_settings`, with the tenant's time zone) and nightly schedule. */
export class SettingsRepository extends TenantRepository {
  /** The tenant's settings; `undefined` when the tenant does not exist. */
  async find(): Promise<PlanningSettings | undefined> {
    const [row]: SettingsRow[] = await selectSettings(this.db).where('s.tenant_id', this.tenantId);
    return row && toSettings(row);
  }

  /**
   * The tenant's settings when `tenantIds` names it (a loader's batch), in one query: another
   * bakery's id among them reads nothing.
   */
  async findByTenantIds(tenantIds: readonly string[]): Promise<PlanningSettings[]> {
    const rows: SettingsRow[] = await selectSettings(this.db).where('s.tenant_id', this.tenantId).whereIn('s.tenant_id', tenantIds);
    return rows.map(toSettings);
  }

  /** The tenant's nightly run (cron and time zone); `undefined` when the tenant does not exist. */
  async findSchedule(): Promise<TenantSchedule | undefined> {
    return selectTenantSchedules(this.db).where('s.tenant_id', this.tenantId).first();
  }

  /** Applies a validated patch in one transaction; `undefined` when the tenant does not exist. */
  async update(patch: SettingsPatch): Promise<PlanningSettings | undefined> {
    const tenantId = this.tenantId;
    return this.db.transaction(async (trx) => {
      if (patch.timezone !== undefined) {
        await trx('planning.tenants').where({ id: tenantId }).update({ timezone: patch.timezone });
      }
      const columns = {
        orchestration_cron: patch.orchestrationCron,
        horizon_days: patch.horizonDays,
        service_level: patch.serviceLevel,
        safety_stock_method: patch.safetyStockMethod,
        safety_stock_percent: patch.safetyStockPercent,
        weight_price: patch.supplierWeights?.price,
        weight_lead_time: patch.supplierWeights?.leadTime,
        weight_reliability: patch.supplierWeights?.reliability,
        webhook_url: patch.webhookUrl,
        currency: patch.currency,
        closed_weekdays: patch.closedWeekdays,
        closed_dates: patch.closedDates,
        stale_sales_after_days: patch.staleSalesAfterDays,
      };
      const changed = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
      const updated = await trx('planning.planning_settings')
        .where({ tenant_id: tenantId })
        .update({ ...changed, updated_at: trx.fn.now() });
      if (updated === 0) return undefined;
      const [row] = await selectSettings(trx).where('s.tenant_id', tenantId);
      return toSettings(row);
    });
  }
}
