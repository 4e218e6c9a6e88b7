import { formatDay as formatDate, planCalendar } from './dates.ts';
import { PlanningInputError } from './errors.ts';
import { byId } from './ordering.ts';
import { buildPurchaseOrders, orderCost, purchaseOrderTotal } from './purchase-orders.ts';
import { lotsOnHand, projectDays, receiptExpiryDay, toProjectedDays } from './projection.ts';
import type { DayProjection, ProjectionLot } from './projection.ts';
import { planReplenishment } from './replenishment.ts';
import type { PlannedOrder } from './replenishment.ts';
import { lessThan, roundMoney, roundQuantity } from './rounding.ts';
import { safetyStock } from './safety-stock.ts';
import { deliveryCalendar, rankOffers } from './suppliers.ts';
import type {
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
import { formatDays, formatDeliveryDays, formatMoney, formatNumber, formatQuantity } from './wording.ts';

interface IngredientState {
  ingredient: IngredientInput;
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
 * (DESIGN §3): safety stock per ingredient, FEFO projection, orders sized and timed per
 * supplier, purchase orders grouped by (supplier, order date) and merged up to minimum order
 * values, and a projection of every ingredient after the plan's receipts.
 *
 * Every ingredient in `ingredients` gets a projection (safety stock 0 without demand).
 * Requirements and scheduled receipts are in the ingredient's unit; dates outside the
 * horizon are ignored, and a scheduled receipt already overdue is counted on `planDate`.
 * Offers for ingredients not in `ingredients` are ignored.
 *
 * @throws PlanningInputError for a malformed date, a horizon < 1, settings out of range, a
 *   requirement or scheduled receipt naming an unknown ingredient, or an offer naming an
 *   unknown supplier
 */
export function planProcurement(input: ProcurementInput): ProcurementResult {
  assertHorizon(input.horizonDays);
  assertSettings(input.settings);
  const { settings, horizonDays } = input;
  const calendar = planCalendar(input.planDate);

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

  const demandByIngredient = new Map<string, { daily: number[]; sigma: number }>();
  const dayIndex = calendar.dayIndex;
  for (const requirement of input.requirements) {
    requireIngredient(requirement.ingredientId, 'a requirement');
    let demand = demandByIngredient.get(requirement.ingredientId);
    if (!demand) {
      demand = { daily: new Array<number>(horizonDays).fill(0), sigma: 0 };
      demandByIngredient.set(requirement.ingredientId, demand);
    }
    demand.sigma = Math.sqrt(demand.sigma ** 2 + (requirement.demandSigma ?? 0) ** 2);
    for (const { date, quantity } of requirement.days) {
      const day = dayIndex(date);
      if (day >= 0 && day < horizonDays) demand.daily[day] += quantity;
    }
  }

  const scheduledByIngredient = new Map<string, ProjectionLot[]>();
  (input.scheduledReceipts ?? []).forEach((receipt, k) => {
    const ingredient = requireIngredient(receipt.ingredientId, 'a scheduled receipt');
    const day = Math.max(0, dayIndex(receipt.deliveryDate));
    if (day >= horizonDays) return;
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
    const demand = demandByIngredient.get(ingredient.id);
    const daily = demand?.daily.map(roundQuantity) ?? new Array<number>(horizonDays).fill(0);
    const safety = roundQuantity(
      safetyStock({
        method: settings.safetyStockMethod,
        serviceLevel: settings.serviceLevel,
        safetyStockPercent: settings.safetyStockPercent,
        demandSigma: demand?.sigma ?? 0,
        meanDailyDemand: daily.reduce((a, b) => a + b, 0) / horizonDays,
        leadTimeDays: options[0]?.leadTimeDays ?? 0,
      }),
    );
    const lots = lotsOnHand(ingredient, calendar);
    const scheduledReceipts = scheduledByIngredient.get(ingredient.id) ?? [];
    const plan = planReplenishment({ ingredient, demand: daily, lots, scheduledReceipts, options, safetyStock: safety });
    return {
      ingredient,
      demand: daily,
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
      lineByLot.set(order.lotId, toLine(order, date));
      if (order.choice.urgent) warnings.push(lateDeliveryWarning(order, date));
    }
    const stockout = stockoutWarning(state, date);
    if (stockout) warnings.push(stockout);
    warnings.push(...wasteWarnings(state, horizonDays, date));
  }

  const purchaseOrders: PurchaseOrder[] = drafts.map((draft) => {
    const lines = draft.orders.map((order) => lineByLot.get(order.lotId)!);
    const total = purchaseOrderTotal(draft);
    if (draft.belowMinimumOrderValue) {
      warnings.push({
        code: 'BELOW_MINIMUM_ORDER_VALUE',
        message:
          `The order to ${draft.supplier.name} on ${formatDate(date(draft.orderDay))} totals ${formatMoney(total)}, below ` +
          `its minimum order value of ${formatMoney(draft.supplier.minimumOrderValue)}, and no later order could be merged to reach it`,
        supplierId: draft.supplier.id,
      });
    }
    return {
      supplierId: draft.supplier.id,
      orderDate: date(draft.orderDay),
      deliveryDate: date(Math.min(...draft.orders.map((order) => order.deliveryDay))),
      lines,
      total,
      belowMinimumOrderValue: draft.belowMinimumOrderValue,
    };
  });

  const lines = purchaseOrders.flatMap((purchaseOrder) => purchaseOrder.lines);
  const projections: InventoryProjection[] = states.map((state) => ({
    ingredientId: state.ingredient.id,
    unit: state.ingredient.unit,
    safetyStock: state.safetyStock,
    days: toProjectedDays(state.projection, calendar),
  }));
  return {
    lines,
    purchaseOrders,
    projections,
    warnings,
    totalCost: roundMoney(purchaseOrders.reduce((sum, purchaseOrder) => sum + purchaseOrder.total, 0)),
  };
}

type DateOfDay = (day: number) => string;

function toLine(order: PlannedOrder, date: DateOfDay): ProcurementLine {
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
    reason: lineReason(order, date),
  };
}

/**
 * Why a line exists, for a buyer: "closing stock falls to 0 kg on Fri 11 Dec, below safety
 * stock 20 kg; Harinera Sur delivers Mon/Wed/Fri, lead time 2 days; 60 kg needed, rounded
 * to 75 kg (MOQ 50, packs of 25)".
 */
function lineReason(order: PlannedOrder, date: DateOfDay): string {
  const { unit } = order.ingredient;
  const { supplier, leadTimeDays } = order.choice.option;
  const qty = (value: number) => formatQuantity(value, unit);
  const parts: string[] = [];

  const needDate = formatDate(date(order.needDay));
  parts.push(
    order.closingAtNeed < 0
      ? `stock runs out on ${needDate} (${qty(-order.closingAtNeed)} short), below safety stock ${qty(order.safetyStock)}`
      : `closing stock falls to ${qty(order.closingAtNeed)} on ${needDate}, below safety stock ${qty(order.safetyStock)}`,
  );

  const terms = `${supplier.name} delivers ${formatDeliveryDays(supplier.deliveryDays)}, lead time ${formatDays(leadTimeDays)}`;
  parts.push(
    order.choice.urgent
      ? `no supplier can deliver by then; ${terms}, earliest delivery ${formatDate(date(order.choice.deliveryDay))} (urgent)`
      : terms,
  );

  parts.push(sizingText(order));

  if (order.movedFromOrderDay !== null) {
    parts.push(
      `ordered on ${formatDate(date(order.orderDay))} instead of ${formatDate(date(order.movedFromOrderDay))} ` +
        `to reach ${supplier.name}'s minimum order value of ${formatMoney(supplier.minimumOrderValue)}`,
    );
  }
  return parts.join('; ');
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

function lateDeliveryWarning(order: PlannedOrder, date: DateOfDay): PlanWarning {
  const { supplier, leadTimeDays } = order.choice.option;
  return {
    code: 'LATE_DELIVERY',
    message:
      `${order.ingredient.name} is needed by ${formatDate(date(order.needDay))}, but the earliest delivery is ` +
      `${formatDate(date(order.deliveryDay))} (${supplier.name}, lead time ${formatDays(leadTimeDays)}); the line is marked urgent`,
    ingredientId: order.ingredient.id,
    supplierId: supplier.id,
  };
}

/** Days still below safety stock after the plan are days no order could fix. */
function stockoutWarning(state: IngredientState, date: DateOfDay): PlanWarning | null {
  const below = state.projection.closing
    .map((closing, day) => ({ closing, day }))
    .filter(({ closing }) => lessThan(closing, state.safetyStock));
  if (below.length === 0) return null;
  const { ingredient, safetyStock: safety } = state;
  const qty = (value: number) => formatQuantity(value, ingredient.unit);
  const first = below[0];
  const lowest = Math.min(...below.map(({ closing }) => closing));
  const cause = !state.hasOffers
    ? 'no supplier offers it'
    : first.day < state.earliestPossibleDay
      ? `the earliest possible delivery is ${formatDate(date(state.earliestPossibleDay))}`
      : 'no delivery can arrive in time with a lot still usable';
  return {
    code: 'STOCKOUT_RISK',
    message:
      `${ingredient.name} is below its safety stock of ${qty(safety)} on ${formatDays(below.length)} from ` +
      `${formatDate(date(first.day))} (lowest closing ${qty(lowest)}) and no order can prevent it: ${cause}`,
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
