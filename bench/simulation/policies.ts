/**
 * Purchasing policies: each morning, given the same stock view and the same forecast-driven
 * production schedule, which purchase orders does the bakery send today? Production is the
 * simulation's, identical for every policy; only purchasing differs.
 */
import { addDays, diffDays, weekdayOf } from '../../subgraphs/planning/engine/dates.ts';
import {
  inverseNormalCdf,
  planProcurement,
  type IngredientDemand,
  type IngredientInput,
  type IsoDate,
  type OfferInput,
  type PlanningSettings,
  type ProductionResult,
  type ScheduledReceipt,
  type SupplierInput,
} from '../../subgraphs/planning/engine/index.ts';
import type { SimulatedBakery } from './bakery.ts';
import type { OrderLine, PlacedOrder } from './world.ts';

export type PolicyName = 'levain' | 'baseline';

/** What a policy sees at the morning plan. */
export interface MorningContext {
  date: IsoDate;
  horizonDays: number;
  settings: PlanningSettings;
  bakery: SimulatedBakery;
  /** Master data with the lots on hand this morning. */
  ingredients: IngredientInput[];
  /** Ordered lines not yet delivered, at their promised date. */
  scheduledReceipts: ScheduledReceipt[];
  /** The engine's schedule for the horizon from today (forecast → planProduction). */
  production: ProductionResult;
}

export interface PurchasingPolicy {
  name: PolicyName;
  /** The purchase orders placed today. */
  orders(context: MorningContext): PlacedOrder[];
}

/**
 * Levain: the planning subgraph's procurement stage on the morning's stock, submitted orders and
 * schedule — `planProcurement` from the engine's entry point, as services/pipeline.ts calls it.
 * The bakery submits the plan's purchase orders dated today; later-dated ones are planned again
 * tomorrow, with tomorrow's stock.
 */
export const levainPolicy: PurchasingPolicy = {
  name: 'levain',
  orders(context) {
    const plan = planProcurement({
      planDate: context.date,
      horizonDays: context.horizonDays,
      settings: context.settings,
      ingredients: context.ingredients,
      suppliers: context.bakery.suppliers,
      offers: context.bakery.offers,
      requirements: context.production.requirements,
      scheduledReceipts: context.scheduledReceipts,
    });
    return plan.purchaseOrders
      .filter((order) => order.orderDate === context.date)
      .map((order) => ({
        supplierId: order.supplierId,
        orderDate: order.orderDate,
        lines: order.lines.map((line) => ({
          ingredientId: line.ingredientId,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          deliveryDate: line.deliveryDate,
        })),
      }));
  },
};

/** Days of demand between two orders of the baseline (a weekly order cycle); perishables: at most their shelf life. */
export const REVIEW_PERIOD_DAYS = 7;

/** One ingredient's min/max rule on one morning, with the order it triggers (quantity 0: none). */
export interface Orderpoint {
  ingredientId: string;
  offer: OfferInput;
  /** Days from today to the offer's first delivery weekday ≥ today + its lead time. */
  leadDays: number;
  deliveryDate: IsoDate;
  /** Mean of the schedule's daily requirement over the horizon, ingredient unit. */
  dailyDemand: number;
  safetyStock: number;
  /** leadDays × dailyDemand + safetyStock. */
  min: number;
  /** min + review period × dailyDemand. */
  max: number;
  /** Usable stock on hand + on order − today's requirement (Odoo's forecasted quantity). */
  position: number;
  /** max − position, at least the offer's MOQ, rounded up to whole packs; 0 when position ≥ min. */
  quantity: number;
}

/** First day on or after `from` the supplier delivers (every day when it lists none). */
export function firstDeliveryDay(supplier: SupplierInput, from: IsoDate): IsoDate {
  let date = from;
  for (let tries = 0; tries < 7 && supplier.deliveryDays.length > 0 && !supplier.deliveryDays.includes(weekdayOf(date)); tries++) {
    date = addDays(date, 1);
  }
  return date;
}

/** The lowest unit price; ties to the shorter lead time, then the offer id. */
function cheapestOffer(offers: readonly OfferInput[], supplierById: ReadonlyMap<string, SupplierInput>): OfferInput | undefined {
  const lead = (offer: OfferInput) => offer.leadTimeDays ?? supplierById.get(offer.supplierId)!.leadTimeDays;
  return [...offers].sort((a, b) => a.unitPrice - b.unitPrice || lead(a) - lead(b) || (a.id < b.id ? -1 : 1))[0];
}

/**
 * The min/max reorder rule as Odoo's orderpoints apply it, recomputed each morning from the
 * engine's schedule (so it plans from the same forecast Levain does):
 *
 *   min = lead-time demand + safety stock = d × leadDays + Z(serviceLevel) × σ × √leadDays
 *   max = min + d × review period (REVIEW_PERIOD_DAYS, or the shelf life when shorter)
 *   position = usable stock on hand + every undelivered order line − today's requirement
 *   position < min → order max − position, at least the MOQ, in whole packs, from the cheapest offer
 *
 * d is the schedule's mean daily requirement over the horizon and σ its `demandSigma`;
 * leadDays counts the wait for the supplier's delivery weekday. The rule does not look at when
 * lots expire, nor at minimum order values (Odoo's orderpoints do not either).
 */
export function orderpoint(args: {
  date: IsoDate;
  horizonDays: number;
  serviceLevel: number;
  ingredient: IngredientInput;
  requirement: IngredientDemand | undefined;
  offers: readonly OfferInput[];
  supplierById: ReadonlyMap<string, SupplierInput>;
  onOrder: number;
}): Orderpoint | undefined {
  const { date, ingredient, requirement } = args;
  const offer = cheapestOffer(args.offers, args.supplierById);
  if (!offer) return undefined;
  const supplier = args.supplierById.get(offer.supplierId)!;
  const deliveryDate = firstDeliveryDay(supplier, addDays(date, offer.leadTimeDays ?? supplier.leadTimeDays));
  const leadDays = diffDays(date, deliveryDate);

  const horizonEnd = addDays(date, args.horizonDays);
  const days = requirement?.days ?? [];
  const horizonDemand = days.filter((day) => day.date >= date && day.date < horizonEnd).reduce((sum, day) => sum + day.quantity, 0);
  const todayDemand = days.find((day) => day.date === date)?.quantity ?? 0;
  const dailyDemand = horizonDemand / args.horizonDays;
  const safetyStock = Math.max(0, inverseNormalCdf(args.serviceLevel) * (requirement?.demandSigma ?? 0) * Math.sqrt(leadDays));
  const shelfLife = ingredient.perishable ? ingredient.shelfLifeDays : null;
  const reviewDays = shelfLife === null ? REVIEW_PERIOD_DAYS : Math.min(REVIEW_PERIOD_DAYS, shelfLife);
  const min = dailyDemand * leadDays + safetyStock;
  const max = min + dailyDemand * reviewDays;

  const usable = ingredient.lots.filter((lot) => lot.expiresOn === null || lot.expiresOn > date).reduce((sum, lot) => sum + lot.quantity, 0);
  const position = usable + args.onOrder - todayDemand;
  let quantity = 0;
  if (position < min - 1e-9) {
    quantity = Math.max(max - position, offer.minimumOrderQuantity);
    if (offer.packSize > 0) quantity = Math.ceil(quantity / offer.packSize - 1e-9) * offer.packSize;
  }
  return { ingredientId: ingredient.id, offer, leadDays, deliveryDate, dailyDemand, safetyStock, min, max, position, quantity };
}

/** Baseline: every ingredient's orderpoint, the triggered lines grouped into one order per supplier. */
export const baselinePolicy: PurchasingPolicy = {
  name: 'baseline',
  orders(context) {
    const supplierById = new Map<string, SupplierInput>(context.bakery.suppliers.map((supplier) => [supplier.id, supplier]));
    const requirementById = new Map(context.production.requirements.map((requirement) => [requirement.ingredientId, requirement]));
    const onOrder = new Map<string, number>();
    for (const receipt of context.scheduledReceipts) onOrder.set(receipt.ingredientId, (onOrder.get(receipt.ingredientId) ?? 0) + receipt.quantity);
    const offersById = new Map<string, OfferInput[]>();
    for (const offer of context.bakery.offers) offersById.set(offer.ingredientId, [...(offersById.get(offer.ingredientId) ?? []), offer]);

    const linesBySupplier = new Map<string, OrderLine[]>();
    for (const ingredient of context.ingredients) {
      const point = orderpoint({
        date: context.date,
        horizonDays: context.horizonDays,
        serviceLevel: context.settings.serviceLevel,
        ingredient,
        requirement: requirementById.get(ingredient.id),
        offers: offersById.get(ingredient.id) ?? [],
        supplierById,
        onOrder: onOrder.get(ingredient.id) ?? 0,
      });
      if (!point || point.quantity <= 0) continue;
      const lines = linesBySupplier.get(point.offer.supplierId) ?? [];
      lines.push({ ingredientId: ingredient.id, quantity: point.quantity, unitPrice: point.offer.unitPrice, deliveryDate: point.deliveryDate });
      linesBySupplier.set(point.offer.supplierId, lines);
    }
    return [...linesBySupplier].sort(([a], [b]) => (a < b ? -1 : 1)).map(([supplierId, lines]) => ({ supplierId, orderDate: context.date, lines }));
  },
};

export const POLICIES: Record<PolicyName, PurchasingPolicy> = { levain: levainPolicy, baseline: baselinePolicy };
