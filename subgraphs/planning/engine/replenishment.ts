import { projectDays, receiptExpiryDay, shelfLifeOf } from './projection.ts';
import type { DayProjection, ProjectionLot } from './projection.ts';
import { ceilQuantity, lessThan, roundQuantity } from './rounding.ts';
import { chooseOffer, earliestOrderDay } from './suppliers.ts';
import type { OfferChoice, OfferOption } from './suppliers.ts';
import type { IngredientInput } from './types.ts';

/** Everything replenishment needs of one ingredient. Days are indices from the plan date D. */
export interface ReplenishmentInput {
  ingredient: IngredientInput;
  /** Demand per projected day, in the ingredient's unit (the horizon, extended to the earliest possible delivery). */
  demand: readonly number[];
  /** On hand at the start of D. */
  lots: readonly ProjectionLot[];
  /** Submitted purchase orders, as lots arriving on their delivery day. */
  scheduledReceipts: readonly ProjectionLot[];
  /** Best score first. */
  options: readonly OfferOption[];
  safetyStock: number;
}

/** One order the engine decided on, before purchase orders group and possibly move it. */
export interface PlannedOrder {
  ingredient: IngredientInput;
  choice: OfferChoice;
  /** Id of the lot this order becomes in the projection. */
  lotId: string;
  quantity: number;
  /** max over the coverage window of SS − closing, before MOQ and pack rounding. */
  neededQuantity: number;
  /** t*: the first day closing < SS this order answers. */
  needDay: number;
  /** Closing on needDay before this order (≥ 0). */
  closingAtNeed: number;
  /** Demand lost on needDay before this order. */
  shortfallAtNeed: number;
  safetyStock: number;
  deliveryDay: number;
  orderDay: number;
  /** Set when a purchase order below minimum value pulled this line earlier: the order day it had. */
  movedFromOrderDay: number | null;
}

export interface ReplenishmentResult {
  orders: PlannedOrder[];
  /** After scheduled and planned receipts. */
  projection: DayProjection;
  /** The first day any offer can deliver when ordering today; Infinity without offers. */
  earliestPossibleDay: number;
}

/** Enough for one order per horizon day plus one per day a lot expires; a loop past it is a bug guard. */
function iterationCap(horizonDays: number): number {
  return 2 * horizonDays + 8;
}

/** `ceil(max(needed, MOQ) / pack) × pack`; a pack size ≤ 0 means sold loose. */
export function orderQuantity(neededQuantity: number, minimumOrderQuantity: number, packSize: number): number {
  const base = Math.max(roundQuantity(neededQuantity), minimumOrderQuantity, 0);
  return packSize > 0 ? roundQuantity(ceilQuantity(base / packSize) * packSize) : roundQuantity(base);
}

/**
 * Plans one ingredient's orders over its projection (DESIGN §3 "Orders"). `demand` runs to the
 * horizon's end or the earliest possible delivery day, whichever is later, so a lead time as
 * long as the horizon is still ordered.
 *
 * Project (lost sales); find the need day t* = the first day from the earliest possible delivery
 * on with closing < SS (walking back to the start of the run below SS when it began before any
 * delivery could come — that line is urgent); choose an offer for t*; size the receipt from the
 * delivery day's opening stock, with unmet demand from then on carried as a backlog, to lift every
 * day of its coverage window (delivery .. projection end, cut where the new lot expires) to SS;
 * add it and re-project; repeat. A day no delivery can fix (before the earliest possible delivery,
 * or a perishable need no usable lot can reach) is left below SS for the caller to report.
 */
export function planReplenishment(input: ReplenishmentInput): ReplenishmentResult {
  const { ingredient, demand, lots, options, safetyStock } = input;
  const horizonDays = demand.length;
  const receipts: ProjectionLot[] = [...input.scheduledReceipts];
  const orders: PlannedOrder[] = [];
  const earliestPossibleDay = options.reduce((min, option) => Math.min(min, option.earliestDay), Infinity);
  const shelfLifeDays = shelfLifeOf(ingredient);

  let projection = projectDays(lots, receipts, demand);
  let cursor = earliestPossibleDay;
  for (let iteration = 0; iteration < iterationCap(horizonDays); iteration++) {
    const firstFixable = firstShortDay(projection, safetyStock, cursor);
    if (firstFixable === null) break;

    let needDay = firstFixable;
    if (firstFixable === earliestPossibleDay) {
      while (needDay > 0 && isShortDay(projection, needDay - 1, safetyStock)) needDay--;
    }
    const choice = chooseOffer(options, needDay, shelfLifeDays)!;
    const expiresDay = receiptExpiryDay(ingredient, choice.deliveryDay);
    const windowEnd = Math.min(horizonDays - 1, expiresDay === null ? Infinity : expiresDay - 1);
    const sizing = projectDays(lots, receipts, demand, choice.deliveryDay);
    let neededQuantity = -Infinity;
    for (let day = choice.deliveryDay; day <= windowEnd; day++) {
      neededQuantity = Math.max(neededQuantity, safetyStock - sizing.closing[day]);
    }
    if (!(roundQuantity(neededQuantity) > 0)) {
      cursor = firstFixable + 1; // this shortfall is out of reach of any usable delivery
      continue;
    }

    const { offer } = choice.option;
    const quantity = orderQuantity(neededQuantity, offer.minimumOrderQuantity, offer.packSize);
    const lotId = `planned:${ingredient.id}:${orders.length}`;
    receipts.push({ id: lotId, quantity, receivedDay: choice.deliveryDay, expiresDay });
    orders.push({
      ingredient,
      choice,
      lotId,
      quantity,
      neededQuantity: roundQuantity(neededQuantity),
      needDay,
      closingAtNeed: projection.closing[needDay],
      shortfallAtNeed: projection.shortfall[needDay],
      safetyStock,
      deliveryDay: choice.deliveryDay,
      orderDay: choice.urgent ? earliestOrderDay(choice.option, choice.deliveryDay) : choice.deliveryDay - choice.option.leadTimeDays,
      movedFromOrderDay: null,
    });
    projection = projectDays(lots, receipts, demand);
  }
  return { orders, projection, earliestPossibleDay };
}

/** A day that needs stock: it closes below safety stock, or (with safety stock 0) loses demand. */
export function isShortDay(projection: DayProjection, day: number, safetyStock: number): boolean {
  return lessThan(projection.closing[day], safetyStock) || projection.shortfall[day] > 0;
}

function firstShortDay(projection: DayProjection, safetyStock: number, fromDay: number): number | null {
  for (let day = Math.max(0, fromDay); day < projection.closing.length; day++) {
    if (isShortDay(projection, day, safetyStock)) return day;
  }
  return null;
}
