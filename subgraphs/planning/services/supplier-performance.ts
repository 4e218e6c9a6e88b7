import { addDays } from '../../../platform/time-zones.ts';
import { measuredEnough, measureSupplierPerformance, type SupplierPerformance } from '../engine/index.ts';
import type { PlanningRepository } from '../repository.ts';

/** Orders sent this many days before today, or later, make the figures: about the last half year. */
export const PERFORMANCE_WINDOW_DAYS = 182;

/** A supplier's measured figures, and whether plans use them instead of the typed ones. */
export interface MeasuredSupplier extends SupplierPerformance {
  reliabilityMeasured: boolean;
  leadTimeMeasured: boolean;
}

/**
 * Per supplier with a delivery in the window, how it had delivered as of `asOf` (a bakery's day:
 * orders sent and receipts after it are not seen): one SQL query, however many suppliers and orders.
 */
export async function measuredSuppliers(
  repository: PlanningRepository,
  options: { asOf: string; supplierIds?: readonly string[] },
): Promise<MeasuredSupplier[]> {
  const orders = await repository.deliveries.findOrderHistories({
    sentSince: addDays(options.asOf, -PERFORMANCE_WINDOW_DAYS),
    asOf: options.asOf,
    supplierIds: options.supplierIds,
  });
  return measureSupplierPerformance(orders, options.asOf).map((performance) => {
    const enough = measuredEnough(performance);
    return { ...performance, reliabilityMeasured: enough.reliability, leadTimeMeasured: enough.delay };
  });
}
