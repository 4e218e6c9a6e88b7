import { diffDays } from './dates.ts';
import { compareStrings } from './ordering.ts';
import type { IsoDate, SupplierInput } from './types.ts';
import { formatCount, formatDays } from './wording.ts';

/**
 * Supplier performance measured from receipts, and how a plan uses it (docs/PLANNING.md,
 * "Supplier performance"). Pure.
 *
 * - A **delivery** is what one sent purchase order is due to bring on one date: its lines of that
 *   delivery date (an order merged for a minimum order value, or with offers of their own lead
 *   time, has several). It counts once something of it arrived, or once its date has passed with
 *   nothing (late and not in full until it arrives); a delivery of a cancelled order with nothing
 *   received never was one.
 * - What arrived is matched to an order's lines per ingredient, earliest delivery date first
 *   (as receiving spreads it).
 * - **On time**: the delivery's first arrival on or before its date. **In full**: every line of it
 *   complete on that first arrival. **Reliability** (the engine's "share of orders delivered
 *   complete and on time"): on time and in full.
 * - **Observed lead time**: days from the day the order was sent to the delivery's first arrival.
 */

/** One sent purchase order and what has arrived of it, as the figures need them. */
export interface OrderHistory {
  supplierId: string;
  /** The day the order was sent, in the bakery's zone. */
  sentOn: IsoDate;
  /** Cancelled: its deliveries with nothing received are not deliveries. */
  cancelled: boolean;
  /** Its lines, in the order's order. Quantities in the ingredient's unit. */
  lines: readonly { ingredientId: string; quantity: number; dueOn: IsoDate }[];
  /** What arrived, by receipt. */
  receipts: readonly { ingredientId: string; quantity: number; receivedOn: IsoDate }[];
}

/** One delivery's history. */
export interface DeliveryRecord {
  supplierId: string;
  /** The day the order was sent. */
  sentOn: IsoDate;
  /** The date the delivery was due. */
  dueOn: IsoDate;
  /** The day the first of it arrived; null when nothing has. */
  firstReceivedOn: IsoDate | null;
  /** Whether every line of it was complete on that day. */
  completeAtFirstReceipt: boolean;
}

/** Quantities are kept to thousandths: a line is complete within half of one. */
const COMPLETE_TOLERANCE = 0.0005;

/**
 * The deliveries of `order` as of `asOf`: receipts after `asOf` are not seen, so a figure can be
 * read as it stood on any past day.
 */
export function deliveriesOf(order: OrderHistory, asOf: IsoDate): DeliveryRecord[] {
  const arrivals = order.receipts.filter((receipt) => receipt.receivedOn <= asOf).sort((a, b) => compareStrings(a.receivedOn, b.receivedOn));
  const lineOrder = order.lines.map((line, index) => ({ ...line, index })).sort((a, b) => compareStrings(a.dueOn, b.dueOn) || a.index - b.index);
  const before = new Map<string, number>(); // per ingredient: quantity of its earlier lines
  const byDue = new Map<IsoDate, { first: IsoDate | null; complete: IsoDate | null; allComplete: boolean }[]>();
  for (const line of lineOrder) {
    const earlier = before.get(line.ingredientId) ?? 0;
    before.set(line.ingredientId, earlier + line.quantity);
    let received = 0;
    let first: IsoDate | null = null;
    let complete: IsoDate | null = null;
    for (const arrival of arrivals) {
      if (arrival.ingredientId !== line.ingredientId) continue;
      received += arrival.quantity;
      if (first === null && received > earlier + COMPLETE_TOLERANCE) first = arrival.receivedOn;
      if (received >= earlier + line.quantity - COMPLETE_TOLERANCE) {
        complete = arrival.receivedOn;
        break;
      }
    }
    const lines = byDue.get(line.dueOn) ?? [];
    lines.push({ first, complete, allComplete: complete !== null });
    byDue.set(line.dueOn, lines);
  }
  const deliveries: DeliveryRecord[] = [];
  for (const [dueOn, lines] of byDue) {
    const firsts = lines.map((line) => line.first).filter((day): day is IsoDate => day !== null);
    const firstReceivedOn = firsts.length === 0 ? null : firsts.sort(compareStrings)[0];
    if (firstReceivedOn === null && (order.cancelled || dueOn >= asOf)) continue;
    deliveries.push({
      supplierId: order.supplierId,
      sentOn: order.sentOn,
      dueOn,
      firstReceivedOn,
      completeAtFirstReceipt: firstReceivedOn !== null && lines.every((line) => line.complete !== null && line.complete <= firstReceivedOn),
    });
  }
  return deliveries.sort((a, b) => compareStrings(a.dueOn, b.dueOn));
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
  /** Mean days from a delivery's due date to its first arrival (< 0: early); null with nothing received. */
  delayMeanDays: number | null;
}

/** From how many deliveries the measured figures replace the typed ones, and how much the typed reliability weighs. */
export interface PerformanceRule {
  /** Deliveries (for reliability) or received deliveries (for lead time) needed before the measurement is used. Default 5. */
  minDeliveries: number;
  /** The typed reliability counts as this many deliveries of prior (a Beta prior's weight). Default 5. */
  priorWeight: number;
}

export const DEFAULT_PERFORMANCE_RULE: PerformanceRule = { minDeliveries: 5, priorWeight: 5 };

/** Which measured figures stand on enough deliveries for plans to use: reliability, and the delay added to lead times. */
export function measuredEnough(
  performance: SupplierPerformance | undefined,
  rule: PerformanceRule = DEFAULT_PERFORMANCE_RULE,
): { reliability: boolean; delay: boolean } {
  return {
    reliability: performance?.onTimeInFullRate != null && performance.deliveries >= rule.minDeliveries,
    delay: performance?.delayMeanDays != null && performance.receivedDeliveries >= rule.minDeliveries,
  };
}

/** Per supplier with a delivery as of `asOf` (see {@link deliveriesOf}), the figures of its deliveries, by supplier id. */
export function measureSupplierPerformance(orders: readonly OrderHistory[], asOf: IsoDate): SupplierPerformance[] {
  const bySupplier = new Map<string, DeliveryRecord[]>();
  for (const order of orders) {
    if (order.sentOn > asOf) continue;
    for (const delivery of deliveriesOf(order, asOf)) {
      const list = bySupplier.get(delivery.supplierId) ?? [];
      list.push(delivery);
      bySupplier.set(delivery.supplierId, list);
    }
  }
  return [...bySupplier.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([supplierId, deliveries]) => performanceOf(supplierId, deliveries));
}

function performanceOf(supplierId: string, deliveries: readonly DeliveryRecord[]): SupplierPerformance {
  const onTime = (record: DeliveryRecord) => record.firstReceivedOn !== null && record.firstReceivedOn <= record.dueOn;
  const inFull = (record: DeliveryRecord) => record.firstReceivedOn !== null && record.completeAtFirstReceipt;
  const share = (count: number) => (deliveries.length === 0 ? null : count / deliveries.length);
  const arrived = deliveries.filter((record) => record.firstReceivedOn !== null);
  const leadTimes = arrived.map((record) => diffDays(record.sentOn, record.firstReceivedOn!)).sort((a, b) => a - b);
  const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    supplierId,
    deliveries: deliveries.length,
    onTimeRate: share(deliveries.filter(onTime).length),
    inFullRate: share(deliveries.filter(inFull).length),
    onTimeInFullRate: share(deliveries.filter((record) => onTime(record) && inFull(record)).length),
    receivedDeliveries: leadTimes.length,
    leadTimeMeanDays: mean(leadTimes),
    leadTimeP90Days: leadTimes.length === 0 ? null : leadTimes[Math.ceil(0.9 * leadTimes.length) - 1],
    delayMeanDays: mean(arrived.map((record) => diffDays(record.dueOn, record.firstReceivedOn!))),
  };
}

/** Which figure a plan used for a supplier, for the reasons it gives. */
export interface SupplierFigures {
  reliability: { value: number; source: 'TYPED' | 'MEASURED'; typed: number; deliveries: number };
  /** Whole days added to the supplier's lead times: its mean delay past the due date, rounded (0 while typed). */
  delayDays: { value: number; source: 'TYPED' | 'MEASURED'; deliveries: number };
}

/**
 * The supplier as a plan sees it. Once it has `minDeliveries` deliveries, reliability is the Beta
 * posterior mean with the typed value as prior, (w·typed + on-time-in-full count) ÷ (w + n). Once
 * `minDeliveries` of them arrived, its lead times are the observed ones in the plan's own terms:
 * every offer's typed lead time plus the mean delay past the due date, rounded to whole days — the
 * due date already holds the delivery calendar's wait, so the raw sent-to-arrival mean would count
 * that wait twice.
 */
export function supplierAsMeasured(
  supplier: SupplierInput,
  performance: SupplierPerformance | undefined,
  rule: PerformanceRule = DEFAULT_PERFORMANCE_RULE,
): { supplier: SupplierInput; figures: SupplierFigures } {
  const deliveries = performance?.deliveries ?? 0;
  const received = performance?.receivedDeliveries ?? 0;
  const { reliability: measureReliability, delay: measureDelay } = measuredEnough(performance, rule);
  const reliability = measureReliability
    ? (rule.priorWeight * supplier.reliability + performance!.onTimeInFullRate! * deliveries) / (rule.priorWeight + deliveries)
    : supplier.reliability;
  const delayDays = measureDelay ? Math.round(performance!.delayMeanDays!) || 0 : 0;
  const figures: SupplierFigures = {
    reliability: { value: reliability, source: measureReliability ? 'MEASURED' : 'TYPED', typed: supplier.reliability, deliveries },
    delayDays: { value: delayDays, source: measureDelay ? 'MEASURED' : 'TYPED', deliveries: received },
  };
  return { supplier: { ...supplier, reliability, delayDays, figuresSource: describeSupplierFigures(figures) }, figures };
}

/**
 * Where a plan's lead time and reliability of a supplier came from, for its lines' reasons:
 * "lead time as typed + 1 day measured delay over 11 receipts, reliability 0.87 measured over 12
 * deliveries (typed 0.95)", or "lead time and reliability as typed (3 deliveries measured so far)".
 */
export function describeSupplierFigures(figures: SupplierFigures): string {
  const { reliability, delayDays } = figures;
  if (reliability.source === 'TYPED' && delayDays.source === 'TYPED') {
    return `lead time and reliability as typed (${formatCount(reliability.deliveries, 'delivery', 'deliveries')} measured so far)`;
  }
  const receipts = formatCount(delayDays.deliveries, 'receipt', 'receipts');
  const leadTime = delayDays.source === 'TYPED'
    ? 'lead time as typed'
    : delayDays.value === 0
      ? `lead time as typed: on time on average over ${receipts}`
      : `lead time as typed ${delayDays.value > 0 ? '+' : '−'} ${formatDays(Math.abs(delayDays.value))} measured ${delayDays.value > 0 ? 'delay' : 'earliness'} over ${receipts}`;
  const share = reliability.source === 'MEASURED'
    ? `reliability ${reliability.value.toFixed(2)} measured over ${formatCount(reliability.deliveries, 'delivery', 'deliveries')} (typed ${reliability.typed.toFixed(2)})`
    : `reliability ${reliability.typed.toFixed(2)} as typed`;
  return `${leadTime}, ${share}`;
}
