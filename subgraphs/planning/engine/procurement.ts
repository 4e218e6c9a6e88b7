import { formatDay as formatDate, planCalendar } from './dates.ts';
import { PlanningInputError } from './errors.ts';
import { byId } from './ordering.ts';
import { buildPurchaseOrders, orderCost, purchaseOrderTotal } from './purchase-orders.ts';
import type { DraftPurchaseOrder } from './purchase-orders.ts';
import { recipesByProduct } from './production.ts';
import type { PlanCalendar } from './dates.ts';
import { compareStrings } from './ordering.ts';
import { lotsOnHand, projectDays, receiptExpiryDay, toProjectedDays } from './projection.ts';
import type { DayProjection, ProjectionLot } from './projection.ts';
import { isShortDay, planReplenishment } from './replenishment.ts';
import type { PlannedOrder } from './replenishment.ts';
import { lessThan, roundMoney, roundQuantity } from './rounding.ts';
import { safetyStock } from './safety-stock.ts';
import { deliveryCalendar, nextDeliveryDay, rankOffers } from './suppliers.ts';
import type { OfferOption } from './suppliers.ts';
import type {
  BlockedProduction,
  IngredientInput,
  InventoryProjection,
  OfferInput,
  PlanWarning,
  ProcurementInput,
  ProcurementLine,
  ProcurementResult,
  PurchaseOrder,
} from './types.ts';
import { assertHorizon, assertSettings } from './validation.ts';
import { formatDays, formatDeliveryDays, formatMoney, formatNumber, formatQuantity, formatUnit, formatUnitPrice } from './wording.ts';

interface IngredientState {
  ingredient: IngredientInput;
  /** Per projected day: the horizon, extended to the earliest possible delivery. */
  demand: number[];
  lots: ProjectionLot[];
  scheduledReceipts: ProjectionLot[];
  safetyStock: number;
  orders: PlannedOrder[];
  projection: DayProjection;
  earliestPossibleDay: number;
  hasOffers: boolean;
}

/**
 * Lead-time-aware purchasing for the horizon `planDate .. planDate + horizonDays − 1`
 * (DESIGN §3, docs/PLANNING.md): safety stock per ingredient, a FEFO projection with lost sales,
 * orders sized and timed per supplier, purchase orders grouped by (supplier, order date) and
 * merged up to minimum order values, and a projection of every ingredient after the plan's
 * receipts — to the horizon's end or its earliest possible delivery, whichever is later.
 *
 * Every ingredient in `ingredients` gets a projection (safety stock 0 without demand).
 * Requirements and scheduled receipts are in the ingredient's unit, dated from `stockDate` on;
 * a scheduled receipt already overdue is counted on `stockDate`. When `stockDate` is before
 * `planDate`, the stock on hand is first projected through the days in between (their demand,
 * receipts and expiry) and the plan opens with what is left. Offers for ingredients not in
 * `ingredients` are ignored.
 *
 * @throws PlanningInputError for a malformed date, a stockDate after the planDate, a horizon < 1,
 *   settings out of range, a requirement or scheduled receipt naming an unknown ingredient, or an
 *   offer naming an unknown supplier
 */
export function planProcurement(input: ProcurementInput): ProcurementResult {
  assertHorizon(input.horizonDays);
  assertSettings(input.settings);
  const { settings, horizonDays } = input;
  const calendar = planCalendar(input.planDate);
  const stockCalendar = planCalendar(input.stockDate ?? input.planDate);
  const leadInDays = stockCalendar.dayIndex(input.planDate);
  if (leadInDays < 0) {
    throw new PlanningInputError(`stockDate ${input.stockDate} is after planDate ${input.planDate}; stock cannot be known ahead of time`);
  }

  const ingredients = [...input.ingredients].sort(byId);
  const ingredientById = new Map(ingredients.map((ingredient) => [ingredient.id, ingredient]));
  const requireIngredient = (id: string, what: string) => {
    const ingredient = ingredientById.get(id);
    if (!ingredient) throw new PlanningInputError(`${what} names ingredient ${id}, which is not among the ingredients given`);
    return ingredient;
  };
  const supplierById = new Map(input.suppliers.map((supplier) => [supplier.id, supplier]));
  const calendarBySupplier = new Map(input.suppliers.map((supplier) => [supplier.id, deliveryCalendar(supplier)]));
  const offersByIngredient = new Map<string, OfferInput[]>();
  for (const offer of [...input.offers].sort(byId)) {
    if (!ingredientById.has(offer.ingredientId)) continue;
    const list = offersByIngredient.get(offer.ingredientId) ?? [];
    list.push(offer);
    offersByIngredient.set(offer.ingredientId, list);
  }

  // Demand per day from the stock date: the lead-in days first, then the horizon.
  const demandByIngredient = new Map<string, { daily: number[]; sigma: number }>();
  const spanDays = leadInDays + horizonDays;
  for (const requirement of input.requirements) {
    requireIngredient(requirement.ingredientId, 'a requirement');
    let demand = demandByIngredient.get(requirement.ingredientId);
    if (!demand) {
      demand = { daily: new Array<number>(spanDays).fill(0), sigma: 0 };
      demandByIngredient.set(requirement.ingredientId, demand);
    }
    demand.sigma = Math.sqrt(demand.sigma ** 2 + (requirement.demandSigma ?? 0) ** 2);
    for (const { date, quantity } of requirement.days) {
      const day = stockCalendar.dayIndex(date);
      if (day >= 0 && day < spanDays) demand.daily[day] += quantity;
    }
  }

  const scheduledByIngredient = new Map<string, ProjectionLot[]>();
  (input.scheduledReceipts ?? []).forEach((receipt, k) => {
    const ingredient = requireIngredient(receipt.ingredientId, 'a scheduled receipt');
    const day = Math.max(0, stockCalendar.dayIndex(receipt.deliveryDate));
    const list = scheduledByIngredient.get(ingredient.id) ?? [];
    list.push({ id: `scheduled:${k}`, quantity: receipt.quantity, receivedDay: day, expiresDay: receiptExpiryDay(ingredient, day) });
    scheduledByIngredient.set(ingredient.id, list);
  });

  const states: IngredientState[] = ingredients.map((ingredient) => {
    const options = rankOffers(
      offersByIngredient.get(ingredient.id) ?? [],
      supplierById,
      calendarBySupplier,
      settings.supplierWeights,
      calendar.planDay,
    );
    const span = demandByIngredient.get(ingredient.id);
    const spanDemand = span?.daily.map(roundQuantity) ?? new Array<number>(spanDays).fill(0);
    const horizonDemand = spanDemand.slice(leadInDays);
    const safety = roundQuantity(
      safetyStock({
        method: settings.safetyStockMethod,
        serviceLevel: settings.serviceLevel,
        safetyStockPercent: settings.safetyStockPercent,
        demandSigma: span?.sigma ?? 0,
        meanDailyDemand: horizonDemand.reduce((a, b) => a + b, 0) / horizonDays,
        leadTimeDays: options[0]?.leadTimeDays ?? 0,
        reliability: options[0]?.supplier.reliability ?? 1,
      }),
    );
    const stockLots = lotsOnHand(ingredient, stockCalendar);
    const allScheduled = scheduledByIngredient.get(ingredient.id) ?? [];
    const lots =
      leadInDays === 0
        ? stockLots
        : shiftLots(projectDays(stockLots, allScheduled, spanDemand.slice(0, leadInDays)).remainingLots, -leadInDays);
    const scheduledReceipts = shiftLots(
      allScheduled.filter((receipt) => receipt.receivedDay >= leadInDays),
      -leadInDays,
    );
    const demand = extendDemand(horizonDemand, projectionDays(options, horizonDays));
    const plan = planReplenishment({ ingredient, demand, lots, scheduledReceipts, options, safetyStock: safety });
    return {
      ingredient,
      demand,
      lots,
      scheduledReceipts,
      safetyStock: safety,
      orders: plan.orders,
      projection: plan.projection,
      earliestPossibleDay: plan.earliestPossibleDay,
      hasOffers: options.length > 0,
    };
  });

  const drafts = buildPurchaseOrders(
    states.flatMap((state) => state.orders),
    horizonDays,
  );
  for (const state of states) {
    if (state.orders.some((order) => order.movedFromOrderDay !== null)) {
      const planned = state.orders.map((order) => ({
        id: order.lotId,
        quantity: order.quantity,
        receivedDay: order.deliveryDay,
        expiresDay: receiptExpiryDay(state.ingredient, order.deliveryDay),
      }));
      state.projection = projectDays(state.lots, [...state.scheduledReceipts, ...planned], state.demand);
    }
  }

  const date = calendar.dateOf;
  const lineByLot = new Map<string, ProcurementLine>();
  const warnings: PlanWarning[] = [];
  for (const state of states) {
    for (const order of state.orders) {
      lineByLot.set(order.lotId, toLine(order, state.projection, date));
      if (order.choice.urgent) warnings.push(lateDeliveryWarning(order, state.projection, date));
    }
    const stockout = stockoutWarning(state, date);
    if (stockout) warnings.push(stockout);
    warnings.push(...wasteWarnings(state, horizonDays, date));
  }

  const purchaseOrders: PurchaseOrder[] = drafts.map((draft) => {
    const lines = draft.orders.map((order) => lineByLot.get(order.lotId)!);
    const total = purchaseOrderTotal(draft);
    if (draft.belowMinimumOrderValue) warnings.push(belowMinimumWarning(draft, total, date));
    return {
      supplierId: draft.supplier.id,
      orderDate: date(draft.orderDay),
      deliveryDate: date(Math.min(...draft.orders.map((order) => order.deliveryDay))),
      lines,
      total,
      belowMinimumOrderValue: draft.belowMinimumOrderValue,
    };
  });

  const blocked = blockedProduction(input.production, ingredientById, calendar);
  const lines = purchaseOrders.flatMap((purchaseOrder) => purchaseOrder.lines);
  const projections: InventoryProjection[] = states.map((state) => ({
    ingredientId: state.ingredient.id,
    unit: state.ingredient.unit,
    safetyStock: state.safetyStock,
    days: toProjectedDays(state.projection, calendar, (day, shortfall) => blocked(state.ingredient.id, day, shortfall)),
  }));
  return {
    lines,
    purchaseOrders,
    projections,
    warnings,
    totalCost: roundMoney(purchaseOrders.reduce((sum, purchaseOrder) => sum + purchaseOrder.total, 0)),
  };
}

/**
 * How many days an ingredient is projected: the horizon, or further when an order placed today
 * must last longer — through its earliest possible delivery day, and up to the day before an order
 * placed tomorrow could first arrive (what today's order must cover when tomorrow's cannot come
 * in time: a supplier with a 5-day lead time delivering Thu/Sat/Sun, seen from a Tuesday).
 */
export function projectionDays(options: readonly OfferOption[], horizonDays: number): number {
  if (options.length === 0) return horizonDays;
  const earliest = Math.min(...options.map((option) => option.earliestDay));
  const nextChance = Math.min(...options.map((option) => nextDeliveryDay(option, option.leadTimeDays + 1)));
  return Math.max(horizonDays, earliest + 1, nextChance);
}

/** Lots with their day indices moved by `days` (to re-base them on another day 0). */
function shiftLots(lots: readonly ProjectionLot[], days: number): ProjectionLot[] {
  return lots.map((lot) => ({
    ...lot,
    receivedDay: lot.receivedDay + days,
    expiresDay: lot.expiresDay === null ? null : lot.expiresDay + days,
  }));
}

/**
 * The horizon's demand, extended to `days` when an ingredient's earliest delivery lies past the
 * horizon: each later day repeats the same weekday of the horizon's last week (the forecast's
 * weekly shape); a horizon shorter than a week repeats its mean.
 */
export function extendDemand(horizonDemand: readonly number[], days: number): number[] {
  const demand = [...horizonDemand];
  const mean = horizonDemand.reduce((a, b) => a + b, 0) / horizonDemand.length;
  for (let day = horizonDemand.length; day < days; day++) {
    demand.push(horizonDemand.length >= 7 ? demand[day - 7] : roundQuantity(mean));
  }
  return demand;
}

/**
 * Which batches a shortfall keeps from the oven: on a day ingredient i falls short by s of its
 * demand, the stock that is there (demand − s) goes to that day's batches whole, product by
 * product in id order; the batches it cannot cover are blocked.
 */
function blockedProduction(
  production: ProcurementInput['production'],
  ingredientById: ReadonlyMap<string, IngredientInput>,
  calendar: PlanCalendar,
): (ingredientId: string, day: number, shortfall: number) => BlockedProduction[] {
  if (!production) return () => [];
  const recipes = recipesByProduct(production.recipes, ingredientById);
  const uses = new Map<string, { productId: string; batches: number; perBatch: number }[]>();
  for (const batch of [...production.batches].sort((a, b) => compareStrings(a.productId, b.productId))) {
    const perBatchByIngredient = recipes.get(batch.productId)?.perBatch;
    for (const [ingredientId, perBatch] of perBatchByIngredient ?? []) {
      const key = `${ingredientId}\u0000${calendar.dayIndex(batch.date)}`;
      const list = uses.get(key) ?? [];
      list.push({ productId: batch.productId, batches: batch.batches, perBatch });
      uses.set(key, list);
    }
  }
  return (ingredientId, day, shortfall) => {
    const list = uses.get(`${ingredientId}\u0000${day}`) ?? [];
    let available = list.reduce((sum, use) => sum + use.batches * use.perBatch, 0) - shortfall;
    const blocked: BlockedProduction[] = [];
    for (const use of list) {
      const baked = use.perBatch > 0 ? Math.min(use.batches, Math.max(0, Math.floor(roundQuantity(available / use.perBatch)))) : use.batches;
      available -= baked * use.perBatch;
      if (baked < use.batches) blocked.push({ productId: use.productId, batches: use.batches - baked });
    }
    return blocked;
  };
}

type DateOfDay = (day: number) => string;

function toLine(order: PlannedOrder, projection: DayProjection, date: DateOfDay): ProcurementLine {
  const { offer, supplier } = order.choice.option;
  return {
    ingredientId: order.ingredient.id,
    supplierId: supplier.id,
    offerId: offer.id,
    quantity: order.quantity,
    unit: order.ingredient.unit,
    orderDate: date(order.orderDay),
    deliveryDate: date(order.deliveryDay),
    neededBy: date(order.needDay),
    safetyStock: order.safetyStock,
    unitPrice: offer.unitPrice,
    cost: orderCost(order),
    urgent: order.choice.urgent,
    reason: lineReason(order, projection, date),
  };
}

/** "Mon 7 Dec", or "today" for the plan date. */
function orderDayText(day: number, date: DateOfDay): string {
  return day === 0 ? 'today' : `on ${formatDate(date(day))}`;
}

/** Demand lost from the need day to the day before the delivery: what an urgent line cannot save. */
function uncoveredBeforeDelivery(order: PlannedOrder, projection: DayProjection): number {
  let lost = 0;
  for (let day = order.needDay; day < order.deliveryDay; day++) lost += projection.shortfall[day] ?? 0;
  return roundQuantity(lost);
}

/**
 * Why a line exists, for a buyer: "closing stock falls to 0 kg on Fri 11 Dec, below safety
 * stock 20 kg; Harinera Sur delivers Mon/Wed/Fri, lead time 2 days; 60 kg needed, rounded
 * to 75 kg (MOQ 50, packs of 25)", naming a better-scored supplier that was passed over and why.
 */
function lineReason(order: PlannedOrder, projection: DayProjection, date: DateOfDay): string {
  const { unit } = order.ingredient;
  const { supplier, leadTimeDays, offer } = order.choice.option;
  const qty = (value: number) => formatQuantity(value, unit);
  const parts: string[] = [];

  const needDate = formatDate(date(order.needDay));
  parts.push(
    order.shortfallAtNeed > 0
      ? `stock runs out on ${needDate} (${qty(order.shortfallAtNeed)} of that day's demand cannot be served), below safety stock ${qty(order.safetyStock)}`
      : `closing stock falls to ${qty(order.closingAtNeed)} on ${needDate}, below safety stock ${qty(order.safetyStock)}`,
  );

  const terms =
    `${supplier.name} delivers ${formatDeliveryDays(supplier.deliveryDays)}, lead time ${formatDays(leadTimeDays)}` +
    (supplier.figuresSource ? ` (${supplier.figuresSource})` : '');
  if (order.choice.urgent) {
    const uncovered = uncoveredBeforeDelivery(order, projection);
    parts.push(
      `no supplier can deliver by then; ${terms}: ordered ${orderDayText(order.orderDay, date)} for the earliest delivery, ` +
        `${formatDate(date(order.deliveryDay))} (urgent)` +
        (uncovered > 0 ? `; ${qty(uncovered)} of demand before it cannot be served` : ''),
    );
  } else {
    parts.push(terms);
  }

  const passed = order.choice.passedOver;
  if (passed) {
    const better =
      passed.offer.unitPrice < offer.unitPrice
        ? `is cheaper (${formatUnitPrice(passed.offer.unitPrice)} per ${formatUnit(unit)} against ${formatUnitPrice(offer.unitPrice)})`
        : 'scores higher';
    const why =
      passed.earliestDay > order.needDay
        ? `cannot deliver before ${formatDate(date(passed.earliestDay))}`
        : `delivers ${formatDeliveryDays(passed.supplier.deliveryDays)}, and no delivery of it would still be usable on ${needDate}`;
    parts.push(`${passed.supplier.name} ${better} but ${why}`);
  }

  parts.push(sizingText(order));

  if (order.movedFromOrderDay !== null) {
    parts.push(
      `ordered on ${formatDate(date(order.orderDay))} instead of ${formatDate(date(order.movedFromOrderDay))} ` +
        `to reach ${supplier.name}'s minimum order value of ${formatMoney(supplier.minimumOrderValue)}`,
    );
  }
  return parts.join('; ');
}

/** Only when no merge was possible, and then why (DESIGN §3 "Purchase orders"). */
function belowMinimumWarning(draft: DraftPurchaseOrder, total: number, date: DateOfDay): PlanWarning {
  const name = draft.supplier.name;
  const why =
    draft.shortBecause === 'ONLY_ORDER'
      ? `it is the only order to ${name} in this plan, so there is nothing to merge it with`
      : draft.shortBecause === 'MERGED_STILL_BELOW'
        ? `it already takes every later line to ${name} that can be ordered this early, and is still short`
        : `the lines of ${name}'s other orders cannot be moved into it without arriving later or past a perishable lot's use`;
  return {
    code: 'BELOW_MINIMUM_ORDER_VALUE',
    message:
      `The order to ${name} on ${formatDate(date(draft.orderDay))} totals ${formatMoney(total)}, below its minimum ` +
      `order value of ${formatMoney(draft.supplier.minimumOrderValue)}: ${why}`,
    supplierId: draft.supplier.id,
  };
}

/** "60 kg needed, rounded to 75 kg (MOQ 50, packs of 25)". */
function sizingText(order: PlannedOrder): string {
  const { unit } = order.ingredient;
  const { offer } = order.choice.option;
  let text = `${formatQuantity(order.neededQuantity, unit)} needed`;
  if (Math.abs(order.quantity - order.neededQuantity) > 1e-9) {
    const rules = [
      offer.minimumOrderQuantity > 0 ? `MOQ ${formatNumber(offer.minimumOrderQuantity)}` : null,
      offer.packSize > 0 ? `packs of ${formatNumber(offer.packSize)}` : null,
    ].filter((rule) => rule !== null);
    text += `, rounded to ${formatQuantity(order.quantity, unit)}${rules.length > 0 ? ` (${rules.join(', ')})` : ''}`;
  }
  return text;
}

function lateDeliveryWarning(order: PlannedOrder, projection: DayProjection, date: DateOfDay): PlanWarning {
  const { supplier, leadTimeDays } = order.choice.option;
  const uncovered = uncoveredBeforeDelivery(order, projection);
  const qty = (value: number) => formatQuantity(value, order.ingredient.unit);
  const lastUncovered = formatDate(date(order.deliveryDay - 1));
  return {
    code: 'LATE_DELIVERY',
    message:
      `${order.ingredient.name} is needed by ${formatDate(date(order.needDay))}, but the earliest delivery is ` +
      `${formatDate(date(order.deliveryDay))} (${supplier.name}, lead time ${formatDays(leadTimeDays)}); order it ` +
      `${orderDayText(order.orderDay, date)} (marked urgent). ` +
      (uncovered > 0
        ? `${qty(uncovered)} of demand ${order.deliveryDay - 1 > order.needDay ? `from ${formatDate(date(order.needDay))} to ${lastUncovered}` : `on ${lastUncovered}`} stays uncovered`
        : `Stock stays below safety stock until then`),
    ingredientId: order.ingredient.id,
    supplierId: supplier.id,
  };
}

/** Days still below safety stock after the plan are days no order could fix. */
function stockoutWarning(state: IngredientState, date: DateOfDay): PlanWarning | null {
  const below = state.projection.closing
    .map((closing, day) => ({ closing, day }))
    .filter(({ day }) => isShortDay(state.projection, day, state.safetyStock));
  if (below.length === 0) return null;
  const { ingredient, safetyStock: safety } = state;
  const qty = (value: number) => formatQuantity(value, ingredient.unit);
  const first = below[0];
  const lowest = Math.min(...below.map(({ closing }) => closing));
  const lost = roundQuantity(below.reduce((sum, { day }) => sum + state.projection.shortfall[day], 0));
  const cause = !state.hasOffers
    ? 'no supplier offers it'
    : first.day < state.earliestPossibleDay
      ? `the earliest possible delivery is ${formatDate(date(state.earliestPossibleDay))}`
      : 'no delivery can arrive in time with a lot still usable';
  return {
    code: 'STOCKOUT_RISK',
    message:
      `${ingredient.name} is below its safety stock of ${qty(safety)} on ${formatDays(below.length)} from ` +
      `${formatDate(date(first.day))} (lowest closing ${qty(lowest)}` +
      `${lost > 0 ? `; ${qty(lost)} of demand cannot be served` : ''}) and no order can prevent it: ${cause}`,
    ingredientId: ingredient.id,
  };
}

/**
 * A planned perishable lot that will go off before it is used. Inside the horizon the
 * projection knows exactly; what is left of a lot at the end of the horizon is set against
 * the horizon's mean daily demand for the days it stays usable afterwards (none when it
 * expires the day after the horizon).
 */
function wasteWarnings(state: IngredientState, horizonDays: number, date: DateOfDay): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const meanDemand = state.demand.reduce((a, b) => a + b, 0) / horizonDays;
  for (const order of state.orders) {
    const expiresDay = receiptExpiryDay(state.ingredient, order.deliveryDay);
    if (expiresDay === null) continue;
    const usableAfterHorizon = Math.max(0, expiresDay - horizonDays);
    const wasted =
      (state.projection.expiredByLot.get(order.lotId) ?? 0) +
      Math.max(0, (state.projection.remainingByLot.get(order.lotId) ?? 0) - meanDemand * usableAfterHorizon);
    if (!(roundQuantity(wasted) > 0)) continue;
    const qty = (value: number) => formatQuantity(value, state.ingredient.unit);
    const { offer } = order.choice.option;
    warnings.push({
      code: 'WASTE_RISK',
      message:
        `About ${qty(wasted)} of the ${qty(order.quantity)} of ${state.ingredient.name} delivered ` +
        `${formatDate(date(order.deliveryDay))} will expire unused on ${formatDate(date(expiresDay))}` +
        `${usableAfterHorizon > 0 ? ' at the forecast demand' : ''}; ${sizingText(order)}`,
      ingredientId: state.ingredient.id,
      supplierId: offer.supplierId,
    });
  }
  return warnings;
}
