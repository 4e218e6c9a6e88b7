import { receiptExpiryDay } from './projection.ts';
import type { PlannedOrder } from './replenishment.ts';
import { compareStrings } from './ordering.ts';
import { roundMoney } from './rounding.ts';
import { deliversOnDay } from './suppliers.ts';
import type { SupplierInput } from './types.ts';

/** A purchase order being assembled; days are indices from the plan date. */
export interface DraftPurchaseOrder {
  supplier: SupplierInput;
  orderDay: number;
  orders: PlannedOrder[];
  /** Set once merging is over. */
  belowMinimumOrderValue: boolean;
}

export function orderCost(order: PlannedOrder): number {
  return roundMoney(order.quantity * order.choice.option.offer.unitPrice);
}

export function purchaseOrderTotal(purchaseOrder: DraftPurchaseOrder): number {
  return roundMoney(purchaseOrder.orders.reduce((sum, order) => sum + orderCost(order), 0));
}

/**
 * Groups planned orders into purchase orders by (supplier, order day), then, per supplier in
 * order-day order, lets a purchase order below the supplier's minimumOrderValue absorb the
 * supplier's later purchase orders one at a time until it reaches the minimum. A line moves
 * only if ordering it on the earlier day keeps `orderDate = deliveryDate − L` on one of the
 * supplier's delivery weekdays, and — for perishables — only if the earlier lot is still
 * usable on every horizon day the original lot would have covered. Lines that cannot move
 * stay on their own order. Mutates the moved orders' orderDay/deliveryDay/movedFromOrderDay.
 */
export function buildPurchaseOrders(orders: readonly PlannedOrder[], horizonDays: number): DraftPurchaseOrder[] {
  const byKey = new Map<string, DraftPurchaseOrder>();
  for (const order of orders) {
    const supplier = order.choice.option.supplier;
    const key = `${supplier.id}\u0000${order.orderDay}`;
    let purchaseOrder = byKey.get(key);
    if (!purchaseOrder) {
      byKey.set(key, (purchaseOrder = { supplier, orderDay: order.orderDay, orders: [], belowMinimumOrderValue: false }));
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
    for (let i = 0; i < purchaseOrders.length; i++) {
      const target = purchaseOrders[i];
      if (target.orders.length === 0) continue;
      for (let j = i + 1; j < purchaseOrders.length && purchaseOrderTotal(target) < minimum; j++) {
        const later = purchaseOrders[j];
        later.orders = later.orders.filter((order) => {
          if (!canMoveTo(order, target.orderDay, horizonDays)) return true;
          const deliveryDay = target.orderDay + order.choice.option.leadTimeDays;
          order.movedFromOrderDay ??= order.orderDay;
          order.orderDay = target.orderDay;
          order.deliveryDay = deliveryDay;
          target.orders.push(order);
          return false;
        });
      }
      target.belowMinimumOrderValue = purchaseOrderTotal(target) < minimum;
    }
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

function canMoveTo(order: PlannedOrder, orderDay: number, horizonDays: number): boolean {
  const deliveryDay = orderDay + order.choice.option.leadTimeDays;
  if (deliveryDay >= order.deliveryDay || !deliversOnDay(order.choice.option, deliveryDay)) return false;
  const oldExpiry = receiptExpiryDay(order.ingredient, order.deliveryDay);
  const newExpiry = receiptExpiryDay(order.ingredient, deliveryDay);
  if (oldExpiry === null || newExpiry === null) return true;
  // The earlier lot must stay usable through the last horizon day the original one covered.
  return newExpiry >= Math.min(oldExpiry, horizonDays);
}
