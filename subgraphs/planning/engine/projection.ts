import { planCalendar } from './dates.ts';
import type { PlanCalendar } from './dates.ts';
import { compareStrings } from './ordering.ts';
import { roundQuantity } from './rounding.ts';
import type { IngredientInput, IsoDate, ProjectedDay } from './types.ts';

/*
 * FEFO inventory projection — how stock of one ingredient moves through the horizon.
 *
 * Days are indices 0 .. H−1 counted from the plan date D. Stock is a set of lots, each a
 * quantity with an expiry day (or none), plus a carried shortage: demand that could not be
 * met. Every day runs the same four steps, in this order:
 *
 *   1. opening  = Σ lot quantities − carried shortage (yesterday's closing).
 *   2. receipts arrive at the start of the day, each as a new lot. A receipt on day d of a
 *      perishable ingredient expires on d + shelfLifeDays; a non-perishable one (or one
 *      with no shelf life) never expires.
 *   3. expiry: a lot whose expiry day is today or earlier is expired now, before anyone
 *      bakes. `expiresOn` is the first day a lot may NOT be used, so a lot with shelf life
 *      s received on d is usable on exactly s days, d .. d+s−1. Lots already past their
 *      expiry on D are written off on day 0. A lot received and expiring the same day
 *      (shelf life 0) is written off at once.
 *   4. demand (plus any carried shortage) consumes lots earliest-expiring first; ties go to
 *      the lot received first, then the smaller id, so the result never depends on input
 *      order. What cannot be served becomes the carried shortage.
 *
 *   closing = opening + receipts − demand − expired, negative meaning shortage. The next
 *   day opens at this closing, so a shortage carries forward and a later receipt repays it
 *   first: stock only goes back above 0 once the backlog is covered. That is what makes
 *   "quantity needed = max over the coverage window of SS − closing(d)" exact — adding q
 *   to a receipt on day t raises every closing from t on by q, as long as the receipt's
 *   own lot has not expired.
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
  closing: number[];
  /** Quantity of each lot that expired inside the horizon. */
  expiredByLot: Map<string, number>;
  /** Quantity of each lot still on hand at the end of the last day. */
  remainingByLot: Map<string, number>;
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
 * `receipts` arrive at the start of their `receivedDay` (days outside 0 .. H−1 are ignored),
 * each becoming a lot that expires on its `expiresDay`.
 */
export function projectDays(
  lots: readonly ProjectionLot[],
  receipts: readonly ProjectionLot[],
  demand: readonly number[],
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
    closing: [],
    expiredByLot: new Map(),
    remainingByLot: new Map(),
  };
  let onHand = live.reduce((sum, lot) => sum + lot.quantity, 0);
  let shortage = 0;
  for (let day = 0; day < horizonDays; day++) {
    result.opening.push(roundQuantity(onHand - shortage));

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

    let toServe = demand[day] + shortage;
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
    shortage = roundQuantity(toServe) > 0 ? toServe : 0;

    result.receipts.push(roundQuantity(received));
    result.demand.push(roundQuantity(demand[day]));
    result.expired.push(roundQuantity(expired));
    result.closing.push(roundQuantity(onHand - shortage));
  }
  for (const lot of live) result.remainingByLot.set(lot.id, lot.quantity);
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

export function toProjectedDays(projection: DayProjection, calendar: PlanCalendar): ProjectedDay[] {
  return projection.closing.map((closing, day) => ({
    date: calendar.dateOf(day),
    opening: projection.opening[day],
    receipts: projection.receipts[day],
    demand: projection.demand[day],
    expired: projection.expired[day],
    closing,
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
