import { receiptExpiryDay } from './projection.ts';
import type { PlannedOrder } from './replenishment.ts';
import { compareStrings } from './ordering.ts';
import { roundMoney } from './rounding.ts';
import { nextDeliveryDay } from './suppliers.ts';
import type { SupplierInput } from './types.ts';

/** A purchase order being assembled; days are indices from the plan date. */
export interface DraftPurchaseOrder {
  supplier: SupplierInput;
  orderDay: number;
  orders: PlannedOrder[];
  /** Set once merging is over. */
  belowMinimumOrderValue: boolean;
  /**
   * Why a purchase order stays below the minimum: it is the supplier's only order in the plan,
   * its lines and those of the supplier's other orders cannot be moved together (delivery days,
   * lead times or a perishable lot's use), or it absorbed what it could and is still short.
   */
  shortBecause: 'ONLY_ORDER' | 'LINES_CANNOT_MOVE' | 'MERGED_STILL_BELOW' | null;
}

export function orderCost(order: PlannedOrder): number {
  return roundMoney(order.quantity * order.choice.option.offer.unitPrice);
}

export function purchaseOrderTotal(purchaseOrder: DraftPurchaseOrder): number {
  return roundMoney(purchaseOrder.orders.reduce((sum, order) => sum + orderCost(order), 0));
}

/**
 * Groups planned orders into purchase orders by (supplier, order day), then merges per supplier
 * (DESIGN §3 "Purchase orders"). In order-day order, a purchase order below the supplier's
 * minimumOrderValue absorbs the supplier's later purchase orders one at a time until it reaches
 * the minimum; then a purchase order still below it that absorbed nothing is absorbed whole by
 * the supplier's nearest earlier purchase order, when all its lines can move there. A line moves
 * only to an earlier order day, arriving on the first delivery weekday ≥ that day + L and no later
 * than it would have (so it may keep its delivery day), and — for perishables — only if the
 * earlier lot is still usable on every horizon day the original lot would have covered. Mutates
 * the moved orders' orderDay/deliveryDay/movedFromOrderDay.
 */
export function buildPurchaseOrders(orders: readonly PlannedOrder[], horizonDays: number): DraftPurchaseOrder[] {
  const byKey = new Map<string, DraftPurchaseOrder>();
  for (const order of orders) {
    const supplier = order.choice.option.supplier;
    const key = `${supplier.id}\u0000${order.orderDay}`;
    let purchaseOrder = byKey.get(key);
    if (!purchaseOrder) {
      byKey.set(
        key,
        (purchaseOrder = { supplier, orderDay: order.orderDay, orders: [], belowMinimumOrderValue: false, shortBecause: null }),
      );
    }
    purchaseOrder.orders.push(order);
  }

  const bySupplier = new Map<string, DraftPurchaseOrder[]>();
  for (const purchaseOrder of byKey.values()) {
    const list = bySupplier.get(purchaseOrder.supplier.id) ?? [];
    list.push(purchaseOrder);
    bySupplier.set(purchaseOrder.supplier.id, list);
  }

  const result: DraftPurchaseOrder[] = [];
  for (const supplierId of [...bySupplier.keys()].sort(compareStrings)) {
    const purchaseOrders = bySupplier.get(supplierId)!.sort((a, b) => a.orderDay - b.orderDay);
    const minimum = purchaseOrders[0].supplier.minimumOrderValue;
    const absorbed = new Set<DraftPurchaseOrder>();
    for (let i = 0; i < purchaseOrders.length; i++) {
      const target = purchaseOrders[i];
      if (target.orders.length === 0) continue;
      for (let j = i + 1; j < purchaseOrders.length && purchaseOrderTotal(target) < minimum; j++) {
        const later = purchaseOrders[j];
        later.orders = later.orders.filter((order) => {
          if (!canMoveTo(order, target.orderDay, horizonDays)) return true;
          moveTo(order, target);
          absorbed.add(target);
          return false;
        });
      }
    }
    for (let i = purchaseOrders.length - 1; i > 0; i--) {
      const small = purchaseOrders[i];
      if (small.orders.length === 0 || absorbed.has(small) || purchaseOrderTotal(small) >= minimum) continue;
      const earlier = purchaseOrders.slice(0, i).reverse().find((purchaseOrder) => purchaseOrder.orders.length > 0);
      if (earlier && small.orders.every((order) => canMoveTo(order, earlier.orderDay, horizonDays))) {
        for (const order of small.orders) moveTo(order, earlier);
        small.orders = [];
      }
    }
    purchaseOrders.forEach((purchaseOrder, i) => {
      if (purchaseOrder.orders.length === 0 || purchaseOrderTotal(purchaseOrder) >= minimum) return;
      purchaseOrder.belowMinimumOrderValue = true;
      const others = purchaseOrders.filter((other, k) => k !== i && other.orders.length > 0);
      purchaseOrder.shortBecause = absorbed.has(purchaseOrder)
        ? 'MERGED_STILL_BELOW'
        : others.length === 0
          ? 'ONLY_ORDER'
          : 'LINES_CANNOT_MOVE';
    });
    for (const purchaseOrder of purchaseOrders) {
      if (purchaseOrder.orders.length === 0) continue;
      purchaseOrder.orders.sort(
        (a, b) => compareStrings(a.ingredient.id, b.ingredient.id) || a.deliveryDay - b.deliveryDay || compareStrings(a.lotId, b.lotId),
      );
      result.push(purchaseOrder);
    }
  }
  return result.sort((a, b) => a.orderDay - b.orderDay || compareStrings(a.supplier.id, b.supplier.id));
}

function moveTo(order: PlannedOrder, target: DraftPurchaseOrder): void {
  order.movedFromOrderDay ??= order.orderDay;
  order.deliveryDay = nextDeliveryDay(order.choice.option, target.orderDay + order.choice.option.leadTimeDays);
  order.orderDay = target.orderDay;
  target.orders.push(order);
}

function canMoveTo(order: PlannedOrder, orderDay: number, horizonDays: number): boolean {
  if (orderDay >= order.orderDay) return false;
  const deliveryDay = nextDeliveryDay(order.choice.option, orderDay + order.choice.option.leadTimeDays);
  if (deliveryDay > order.deliveryDay) return false;
  const oldExpiry = receiptExpiryDay(order.ingredient, order.deliveryDay);
  const newExpiry = receiptExpiryDay(order.ingredient, deliveryDay);
  if (oldExpiry === null || newExpiry === null) return true;
  // The earlier lot must stay usable through the last horizon day the original one covered.
  return newExpiry >= Math.min(oldExpiry, horizonDays);
}
