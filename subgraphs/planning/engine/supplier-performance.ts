import { diffDays } from './dates.ts';
import { compareStrings } from './ordering.ts';
import type { IsoDate, SupplierInput } from './types.ts';
import { formatCount, formatDays } from './wording.ts';

/**
 * Supplier performance measured from receipts, and how a plan uses it (docs/PLANNING.md,
 * "Supplier performance"). Pure: the figures come from one purchase order at a time.
 *
 * - A **delivery** is a submitted purchase order that has received something, or that is past its
 *   delivery date with nothing received yet (it counts as late and not in full until it arrives).
 * - **On time**: its first receipt on or before the order's delivery date.
 * - **In full**: that first receipt brought everything ordered (no line left outstanding).
 * - **Reliability** (the engine's "share of orders delivered complete and on time"): on time and
 *   in full.
 * - **Observed lead time**: days from the day the order was sent to its first receipt.
 */

/** One purchase order's history, as the figures need it. */
export interface DeliveryRecord {
  supplierId: string;
  /** The day the order was sent (submitted), in the bakery's zone. */
  sentOn: IsoDate;
  /** The delivery date the order was placed for (its earliest line's). */
  dueOn: IsoDate;
  /** The day of its first receipt; null when nothing has arrived. */
  firstReceivedOn: IsoDate | null;
  /** Whether everything ordered had arrived with that first receipt. */
  completeAtFirstReceipt: boolean;
}

export interface SupplierPerformance {
  supplierId: string;
  /** Deliveries behind the figures. */
  deliveries: number;
  /** Share of deliveries whose first receipt came on or before the delivery date, 0..1; null with no delivery. */
  onTimeRate: number | null;
  /** Share of deliveries complete at their first receipt, 0..1; null with no delivery. */
  inFullRate: number | null;
  /** Share of deliveries on time and in full: the measured reliability, 0..1; null with no delivery. */
  onTimeInFullRate: number | null;
  /** Deliveries with a receipt, behind the lead-time figures. */
  receivedDeliveries: number;
  /** Mean days from sending to first receipt; null with nothing received. */
  leadTimeMeanDays: number | null;
  /** 90th percentile (nearest rank) of the same; null with nothing received. */
  leadTimeP90Days: number | null;
}

/** From how many deliveries the measured figures replace the typed ones, and how much the typed reliability weighs. */
export interface PerformanceRule {
  /** Deliveries (for reliability) or received deliveries (for lead time) needed before the measurement is used. Default 5. */
  minDeliveries: number;
  /** The typed reliability counts as this many deliveries of prior (a Beta prior's weight). Default 5. */
  priorWeight: number;
}

export const DEFAULT_PERFORMANCE_RULE: PerformanceRule = { minDeliveries: 5, priorWeight: 5 };

/**
 * Per supplier, the figures of its deliveries as of `today`: orders with nothing received count
 * once they are past their delivery date (`dueOn < today`); orders not yet due and still empty
 * say nothing yet.
 */
export function measureSupplierPerformance(records: readonly DeliveryRecord[], today: IsoDate): SupplierPerformance[] {
  const bySupplier = new Map<string, DeliveryRecord[]>();
  for (const record of records) {
    if (record.firstReceivedOn === null && record.dueOn >= today) continue;
    const list = bySupplier.get(record.supplierId) ?? [];
    list.push(record);
    bySupplier.set(record.supplierId, list);
  }
  return [...bySupplier.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([supplierId, deliveries]) => performanceOf(supplierId, deliveries));
}

function performanceOf(supplierId: string, deliveries: readonly DeliveryRecord[]): SupplierPerformance {
  const onTime = (record: DeliveryRecord) => record.firstReceivedOn !== null && record.firstReceivedOn <= record.dueOn;
  const inFull = (record: DeliveryRecord) => record.firstReceivedOn !== null && record.completeAtFirstReceipt;
  const share = (count: number) => (deliveries.length === 0 ? null : count / deliveries.length);
  const leadTimes = deliveries
    .filter((record) => record.firstReceivedOn !== null)
    .map((record) => diffDays(record.sentOn, record.firstReceivedOn!))
    .sort((a, b) => a - b);
  return {
    supplierId,
    deliveries: deliveries.length,
    onTimeRate: share(deliveries.filter(onTime).length),
    inFullRate: share(deliveries.filter(inFull).length),
    onTimeInFullRate: share(deliveries.filter((record) => onTime(record) && inFull(record)).length),
    receivedDeliveries: leadTimes.length,
    leadTimeMeanDays: leadTimes.length === 0 ? null : leadTimes.reduce((sum, days) => sum + days, 0) / leadTimes.length,
    leadTimeP90Days: leadTimes.length === 0 ? null : leadTimes[Math.ceil(0.9 * leadTimes.length) - 1],
  };
}

/** Which figure a plan used for a supplier, for the reasons it gives. */
export interface SupplierFigures {
  reliability: { value: number; source: 'TYPED' | 'MEASURED'; typed: number; deliveries: number };
  leadTimeDays: { value: number; source: 'TYPED' | 'MEASURED'; typed: number; deliveries: number };
}

/**
 * The supplier as a plan sees it: once it has `minDeliveries` deliveries, reliability is the
 * Beta posterior mean with the typed value as prior, (w·typed + on-time-in-full count) ÷ (w + n),
 * and once it has `minDeliveries` received deliveries, the lead time is the observed mean rounded
 * to whole days (never below 0). Offers with a lead time of their own keep it.
 */
export function supplierAsMeasured(
  supplier: SupplierInput,
  performance: SupplierPerformance | undefined,
  rule: PerformanceRule = DEFAULT_PERFORMANCE_RULE,
): { supplier: SupplierInput; figures: SupplierFigures } {
  const deliveries = performance?.deliveries ?? 0;
  const received = performance?.receivedDeliveries ?? 0;
  const measureReliability = performance?.onTimeInFullRate != null && deliveries >= rule.minDeliveries;
  const measureLeadTime = performance?.leadTimeMeanDays != null && received >= rule.minDeliveries;
  const reliability = measureReliability
    ? (rule.priorWeight * supplier.reliability + performance!.onTimeInFullRate! * deliveries) / (rule.priorWeight + deliveries)
    : supplier.reliability;
  const leadTimeDays = measureLeadTime ? Math.max(0, Math.round(performance!.leadTimeMeanDays!)) : supplier.leadTimeDays;
  const figures: SupplierFigures = {
    reliability: { value: reliability, source: measureReliability ? 'MEASURED' : 'TYPED', typed: supplier.reliability, deliveries },
    leadTimeDays: { value: leadTimeDays, source: measureLeadTime ? 'MEASURED' : 'TYPED', typed: supplier.leadTimeDays, deliveries: received },
  };
  return { supplier: { ...supplier, reliability, leadTimeDays, figuresSource: describeSupplierFigures(figures) }, figures };
}

/**
 * Where a plan's lead time and reliability of a supplier came from, for its lines' reasons:
 * "lead time measured over 11 receipts (typed 2 days), reliability 0.87 measured over 12
 * deliveries (typed 0.95)", or "lead time and reliability as typed (3 deliveries measured so far)".
 */
export function describeSupplierFigures(figures: SupplierFigures): string {
  const { reliability, leadTimeDays } = figures;
  if (reliability.source === 'TYPED' && leadTimeDays.source === 'TYPED') {
    return `lead time and reliability as typed (${formatCount(reliability.deliveries, 'delivery', 'deliveries')} measured so far)`;
  }
  const leadTime = leadTimeDays.source === 'MEASURED'
    ? `lead time measured over ${formatCount(leadTimeDays.deliveries, 'receipt', 'receipts')} (typed ${formatDays(leadTimeDays.typed)})`
    : 'lead time as typed';
  const share = reliability.source === 'MEASURED'
    ? `reliability ${reliability.value.toFixed(2)} measured over ${formatCount(reliability.deliveries, 'delivery', 'deliveries')} (typed ${reliability.typed.toFixed(2)})`
    : `reliability ${reliability.typed.toFixed(2)} as typed`;
  return `${leadTime}, ${share}`;
}
