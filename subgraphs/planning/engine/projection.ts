import { planCalendar } from './dates.ts';
import type { PlanCalendar } from './dates.ts';
import { compareStrings } from './ordering.ts';
import { roundQuantity } from './rounding.ts';
import type { BlockedProduction, IngredientInput, IsoDate, ProjectedDay } from './types.ts';

/*
 * FEFO inventory projection — how stock of one ingredient moves through the horizon.
 *
 * Days are indices 0 .. n−1 counted from the plan date D. Stock is a set of lots, each a
 * quantity with an expiry day (or none). Every day runs the same four steps, in this order:
 *
 *   1. opening  = Σ lot quantities (yesterday's closing).
 *   2. receipts arrive at the start of the day, each as a new lot. A receipt on day d of a
 *      perishable ingredient expires on d + shelfLifeDays; a non-perishable one (or one
 *      with no shelf life) never expires.
 *   3. expiry: a lot whose expiry day is today or earlier is expired now, before anyone
 *      bakes. `expiresOn` is the first day a lot may NOT be used, so a lot with shelf life
 *      s received on d is usable on exactly s days, d .. d+s−1. Lots already past their
 *      expiry on D are written off on day 0. A lot received and expiring the same day
 *      (shelf life 0) is written off at once.
 *   4. demand consumes lots earliest-expiring first; ties go to the lot received first, then
 *      the smaller id, so the result never depends on input order. What cannot be served is
 *      that day's `shortfall`: lost, as a bakery's demand is — Thursday's bread cannot be baked
 *      on Monday — so closing = max(0, opening + receipts − demand − expired) and the next day
 *      opens at it.
 *
 * Sizing an order needs the other reading (DESIGN §3 "Orders"): from the delivery day on, the
 * unmet demand is carried as a backlog, so adding q to a receipt on day t raises every closing
 * from t on by exactly q (as long as the receipt's own lot has not expired) and "quantity needed
 * = max over the coverage window of SS − c(d)" is exact. `backlogFromDay` switches that reading
 * on from one day; before it, sales stay lost.
 *
 * Expired quantities are reported per lot as well, so replenishment can tell when a lot it
 * ordered would go off unused (WASTE_RISK).
 */

export interface ProjectionLot {
  id: string;
  quantity: number;
  /** Day index the lot arrived (negative = before D); only used to break expiry ties. */
  receivedDay: number;
  /** Day index of the first day it may not be used; null = never. */
  expiresDay: number | null;
}

export interface DayProjection {
  opening: number[];
  receipts: number[];
  demand: number[];
  expired: number[];
  /** Demand the stock could not serve that day (lost; the backlog's growth from `backlogFromDay` on). */
  shortfall: number[];
  /** ≥ 0 before `backlogFromDay`; from it on, stock minus the backlog. */
  closing: number[];
  /** Quantity of each lot that expired inside the projection. */
  expiredByLot: Map<string, number>;
  /** Quantity of each lot still on hand at the end of the last day. */
  remainingByLot: Map<string, number>;
  /** The lots still on hand at the end of the last day, FEFO order. */
  remainingLots: ProjectionLot[];
}

interface LiveLot {
  id: string;
  quantity: number;
  receivedDay: number;
  expiresDay: number;
}

function fefoOrder(a: LiveLot, b: LiveLot): number {
  return a.expiresDay - b.expiresDay || a.receivedDay - b.receivedDay || compareStrings(a.id, b.id);
}

/**
 * Projects one ingredient over `demand.length` days. `lots` are on hand at the start of day 0;
 * `receipts` arrive at the start of their `receivedDay` (days outside 0 .. n−1 are ignored),
 * each becoming a lot that expires on its `expiresDay`. Unmet demand is lost before
 * `backlogFromDay` (default: never carried) and carried as a backlog from it on.
 */
export function projectDays(
  lots: readonly ProjectionLot[],
  receipts: readonly ProjectionLot[],
  demand: readonly number[],
  backlogFromDay = Infinity,
): DayProjection {
  const horizonDays = demand.length;
  const live: LiveLot[] = [];
  for (const lot of lots) {
    if (lot.quantity > 0) live.push({ ...lot, expiresDay: lot.expiresDay ?? Infinity });
  }
  live.sort(fefoOrder);
  const arrivals: ProjectionLot[][] = Array.from({ length: horizonDays }, () => []);
  for (const receipt of receipts) {
    if (receipt.quantity > 0 && receipt.receivedDay >= 0 && receipt.receivedDay < horizonDays) {
      arrivals[receipt.receivedDay].push(receipt);
    }
  }

  const result: DayProjection = {
    opening: [],
    receipts: [],
    demand: [],
    expired: [],
    shortfall: [],
    closing: [],
    expiredByLot: new Map(),
    remainingByLot: new Map(),
    remainingLots: [],
  };
  let onHand = live.reduce((sum, lot) => sum + lot.quantity, 0);
  let backlog = 0;
  for (let day = 0; day < horizonDays; day++) {
    result.opening.push(roundQuantity(onHand - backlog));

    let received = 0;
    if (arrivals[day].length > 0) {
      for (const receipt of arrivals[day]) {
        live.push({ ...receipt, expiresDay: receipt.expiresDay ?? Infinity });
        received += receipt.quantity;
      }
      live.sort(fefoOrder);
    }
    onHand += received;

    let expired = 0;
    while (live.length > 0 && live[0].expiresDay <= day) {
      const lot = live.shift()!;
      expired += lot.quantity;
      result.expiredByLot.set(lot.id, (result.expiredByLot.get(lot.id) ?? 0) + lot.quantity);
    }
    onHand -= expired;

    let toServe = demand[day] + backlog;
    while (toServe > 0 && live.length > 0) {
      const lot = live[0];
      const taken = Math.min(lot.quantity, toServe);
      lot.quantity -= taken;
      toServe -= taken;
      onHand -= taken;
      if (roundQuantity(lot.quantity) <= 0) {
        onHand -= lot.quantity; // drop float dust with the lot
        live.shift();
      }
    }
    const unserved = roundQuantity(toServe) > 0 ? toServe : 0;
    result.shortfall.push(roundQuantity(Math.max(0, unserved - backlog)));
    backlog = day >= backlogFromDay ? unserved : 0;

    result.receipts.push(roundQuantity(received));
    result.demand.push(roundQuantity(demand[day]));
    result.expired.push(roundQuantity(expired));
    result.closing.push(roundQuantity(onHand - backlog));
  }
  for (const lot of live) {
    result.remainingByLot.set(lot.id, lot.quantity);
    result.remainingLots.push({ ...lot, expiresDay: lot.expiresDay === Infinity ? null : lot.expiresDay });
  }
  return result;
}

/** The ingredient's lots as day-indexed projection lots relative to the calendar's plan date. */
export function lotsOnHand(ingredient: IngredientInput, calendar: PlanCalendar): ProjectionLot[] {
  return ingredient.lots.map((lot) => ({
    id: lot.id,
    quantity: lot.quantity,
    receivedDay: calendar.dayIndex(lot.receivedOn),
    expiresDay: lot.expiresOn === null ? null : calendar.dayIndex(lot.expiresOn),
  }));
}

/** Days a newly received lot stays usable; null when it never expires (not perishable, or no shelf life given). */
export function shelfLifeOf(ingredient: IngredientInput): number | null {
  return ingredient.perishable && ingredient.shelfLifeDays !== null ? ingredient.shelfLifeDays : null;
}

/** Day index a lot received on `receivedDay` expires on, per the ingredient's shelf life. */
export function receiptExpiryDay(ingredient: IngredientInput, receivedDay: number): number | null {
  const shelfLife = shelfLifeOf(ingredient);
  return shelfLife === null ? null : receivedDay + shelfLife;
}

export function toProjectedDays(
  projection: DayProjection,
  calendar: PlanCalendar,
  blockedOn: (day: number, shortfall: number) => BlockedProduction[] = () => [],
): ProjectedDay[] {
  return projection.closing.map((closing, day) => ({
    date: calendar.dateOf(day),
    opening: projection.opening[day],
    receipts: projection.receipts[day],
    demand: projection.demand[day],
    expired: projection.expired[day],
    shortfall: projection.shortfall[day],
    closing,
    blockedProduction: projection.shortfall[day] > 0 ? blockedOn(day, projection.shortfall[day]) : [],
  }));
}

/**
 * Convenience for callers working in dates: projects `ingredient` from `planDate` for
 * `demandByDay.length` days. Receipts before `planDate` are counted on `planDate`.
 */
export function projectInventory(
  ingredient: IngredientInput,
  planDate: IsoDate,
  demandByDay: readonly number[],
  receipts: readonly { date: IsoDate; quantity: number }[] = [],
): ProjectedDay[] {
  const calendar = planCalendar(planDate);
  const receiptLots = receipts.map((receipt, k) => {
    const receivedDay = Math.max(0, calendar.dayIndex(receipt.date));
    return {
      id: `receipt-${k}`,
      quantity: receipt.quantity,
      receivedDay,
      expiresDay: receiptExpiryDay(ingredient, receivedDay),
    };
  });
  return toProjectedDays(projectDays(lotsOnHand(ingredient, calendar), receiptLots, demandByDay), calendar);
}
