import type { Db } from '../../../db/client.ts';
import { addDays } from '../../../platform/time-zones.ts';
import { DEFAULT_PERFORMANCE_RULE, measureSupplierPerformance, type SupplierPerformance } from '../engine/index.ts';
import { findDeliveryRecords } from '../repository/deliveries.ts';

/** Orders sent this many days before today, or later, make the figures: about the last half year. */
export const PERFORMANCE_WINDOW_DAYS = 182;

/** A supplier's measured figures, and whether plans use them instead of the typed ones. */
export interface MeasuredSupplier extends SupplierPerformance {
  reliabilityMeasured: boolean;
  leadTimeMeasured: boolean;
}

/**
 * Per supplier with a delivery in the window, how it delivered as of `today` (the bakery's day):
 * one SQL query, however many suppliers and orders.
 */
export async function measuredSuppliers(
  db: Db,
  tenantId: string,
  options: { timeZone: string; today: string; supplierIds?: readonly string[] },
): Promise<MeasuredSupplier[]> {
  const records = await findDeliveryRecords(db, tenantId, {
    timeZone: options.timeZone,
    sentSince: addDays(options.today, -PERFORMANCE_WINDOW_DAYS),
    supplierIds: options.supplierIds,
  });
  const { minDeliveries } = DEFAULT_PERFORMANCE_RULE;
  return measureSupplierPerformance(records, options.today).map((performance) => ({
    ...performance,
    reliabilityMeasured: performance.deliveries >= minDeliveries,
    leadTimeMeasured: performance.receivedDeliveries >= minDeliveries,
  }));
}
