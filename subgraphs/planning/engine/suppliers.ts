import { weekdayOfEpochDay } from './dates.ts';
import { PlanningInputError } from './errors.ts';
import { compareStrings } from './ordering.ts';
import type { OfferInput, SupplierInput, SupplierWeights } from './types.ts';

/** One way to buy an ingredient, with everything supplier choice needs precomputed. Days are indices from D. */
export interface OfferOption {
  offer: OfferInput;
  supplier: SupplierInput;
  /** The offer's own lead time, else the supplier's. */
  leadTimeDays: number;
  score: number;
  /** First delivery day reachable when ordering on D: the first delivery weekday ≥ L. */
  earliestDay: number;
  /** Whether the supplier delivers on day index k, looked up as deliversOn[(planDay + k) mod 7]. */
  deliversOn: readonly boolean[];
  /** (planDay mod 7), to index `deliversOn`. */
  weekOffset: number;
}

/** A chosen offer and when it delivers for a given need day. */
export interface OfferChoice {
  option: OfferOption;
  deliveryDay: number;
  /** No offer could deliver a usable lot by the need day. */
  urgent: boolean;
  /** The best-scoring offer, when it is not the one chosen (it could not deliver in time). */
  passedOver: OfferOption | null;
}

/** Per supplier, a 7-slot table indexed by epochDay mod 7. */
export function deliveryCalendar(supplier: SupplierInput): boolean[] {
  return Array.from(
    { length: 7 },
    (_, slot) => supplier.deliveryDays.length === 0 || supplier.deliveryDays.includes(weekdayOfEpochDay(slot)),
  );
}

export function deliversOnDay(option: OfferOption, day: number): boolean {
  return option.deliversOn[(option.weekOffset + day) % 7];
}

/** First day ≥ `fromDay` the offer's supplier delivers on. */
export function nextDeliveryDay(option: OfferOption, fromDay: number): number {
  let day = Math.max(0, fromDay);
  while (!deliversOnDay(option, day)) day++;
  return day;
}

/** The offer's own lead time, else the supplier's, plus the supplier's measured delay (whole days, never below 0 in all). */
export function leadTimeOf(offer: OfferInput, supplier: SupplierInput): number {
  const typed = offer.leadTimeDays ?? supplier.leadTimeDays;
  const lead = supplier.delayDays ? Math.max(0, typed + supplier.delayDays) : typed;
  if (!Number.isInteger(lead) || lead < 0) {
    throw new PlanningInputError(`offer ${offer.id} needs a lead time of whole days ≥ 0, got ${lead}`);
  }
  return lead;
}

/**
 * The first order day ≥ 0 whose order arrives on `deliveryDay`: an order placed on o arrives on
 * the first delivery weekday ≥ o + L. An urgent line is ordered then — at once, in practice —
 * never later.
 */
export function earliestOrderDay(option: OfferOption, deliveryDay: number): number {
  for (let orderDay = 0; orderDay <= deliveryDay - option.leadTimeDays; orderDay++) {
    if (nextDeliveryDay(option, orderDay + option.leadTimeDays) === deliveryDay) return orderDay;
  }
  return deliveryDay - option.leadTimeDays;
}

/**
 * The ingredient's offers, best score first. Score = w_price·(min price / price) +
 * w_lead·(min L / L, 1 when L = 0) + w_reliability·reliability, minima over this
 * ingredient's offers. Ties: lower price, then shorter lead time, then offer id.
 */
export function rankOffers(
  offers: readonly OfferInput[],
  supplierById: ReadonlyMap<string, SupplierInput>,
  calendarBySupplier: ReadonlyMap<string, boolean[]>,
  weights: SupplierWeights,
  planDay: number,
): OfferOption[] {
  if (offers.length === 0) return [];
  const priced = offers.map((offer) => {
    const supplier = supplierById.get(offer.supplierId);
    if (!supplier) {
      throw new PlanningInputError(`offer ${offer.id} names supplier ${offer.supplierId}, which is not among the suppliers given`);
    }
    return { offer, supplier, leadTimeDays: leadTimeOf(offer, supplier) };
  });
  const minPrice = Math.min(...priced.map((entry) => entry.offer.unitPrice));
  const minLead = Math.min(...priced.map((entry) => entry.leadTimeDays));
  const weekOffset = ((planDay % 7) + 7) % 7;
  const options = priced.map(({ offer, supplier, leadTimeDays }): OfferOption => {
    const priceTerm = offer.unitPrice <= 0 ? 1 : minPrice / offer.unitPrice;
    const leadTerm = leadTimeDays === 0 ? 1 : minLead / leadTimeDays;
    const option: OfferOption = {
      offer,
      supplier,
      leadTimeDays,
      score: weights.price * priceTerm + weights.leadTime * leadTerm + weights.reliability * supplier.reliability,
      earliestDay: 0,
      deliversOn: calendarBySupplier.get(supplier.id)!,
      weekOffset,
    };
    option.earliestDay = nextDeliveryDay(option, leadTimeDays);
    return option;
  });
  return options.sort(
    (a, b) =>
      b.score - a.score ||
      a.offer.unitPrice - b.offer.unitPrice ||
      a.leadTimeDays - b.leadTimeDays ||
      compareStrings(a.offer.id, b.offer.id),
  );
}

/**
 * Supplier choice for need day `needDay`. An offer is on time when it has a delivery day in
 * [its earliest delivery, needDay] whose lot is still usable on needDay (for perishables:
 * delivery > needDay − shelfLifeDays); it then delivers on the latest such day, so stock
 * arrives as fresh and as late as the need allows. The best-scoring on-time offer wins. If
 * none is on time, the earliest-delivering offer is chosen (ties by score) and the choice is
 * urgent: it delivers on its earliest delivery day, or the first delivery day after needDay
 * when earlier deliveries would expire first.
 *
 * @param options best score first (from rankOffers)
 * @param shelfLifeDays of a perishable ingredient's new lots; null when they never expire
 */
export function chooseOffer(options: readonly OfferOption[], needDay: number, shelfLifeDays: number | null): OfferChoice | null {
  for (const option of options) {
    if (option.earliestDay > needDay) continue;
    const firstUsable = shelfLifeDays === null ? option.earliestDay : Math.max(option.earliestDay, needDay - shelfLifeDays + 1);
    for (let day = needDay; day >= firstUsable; day--) {
      if (deliversOnDay(option, day)) return { option, deliveryDay: day, urgent: false, passedOver: passedOver(options, option) };
    }
  }
  let late: OfferChoice | null = null;
  for (const option of options) {
    const deliveryDay = nextDeliveryDay(option, Math.max(option.earliestDay, needDay + 1));
    if (!late || deliveryDay < late.deliveryDay) late = { option, deliveryDay, urgent: true, passedOver: passedOver(options, option) };
  }
  return late;
}

function passedOver(options: readonly OfferOption[], chosen: OfferOption): OfferOption | null {
  return options[0] === chosen ? null : options[0];
}
