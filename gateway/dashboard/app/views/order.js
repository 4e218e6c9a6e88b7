// A purchase order as a document to print or send (`#/order/<planId>/<orderId>`): the supplier,
// the dates, every line with its price, and the total. Print CSS leaves only this on paper.
import { badge, format, h } from '../dom.js';
import { downloadText, orderCsv, orderFileName } from '../order-export.js';
import { PURCHASE_ORDER_FIELDS } from './today.js';

const ORDER_QUERY = /* GraphQL */ `query DashboardOrder($planId: ID!) {
  tenant { name }
  procurementPlan(id: $planId) { id planDate status purchaseOrders { ...DashboardPurchaseOrder } }
}
${PURCHASE_ORDER_FIELDS}`;

export async function renderOrder(container, context) {
  const [planId, orderId] = context.params;
  const { tenant, procurementPlan: plan } = planId ? await context.gql(ORDER_QUERY, { planId }) : { procurementPlan: null };
  const order = plan?.purchaseOrders.find((candidate) => candidate.id === orderId);
  if (!order) {
    container.replaceChildren(h('h1', {}, 'Purchase order'), h('p', { class: 'card empty' }, 'No such purchase order. ', h('a', { href: '#/today' }, 'Back to Today')));
    return;
  }
  const currency = order.currency;
  container.replaceChildren(
    h('nav', { class: 'no-print actions', 'aria-label': 'Order' },
      h('a', { class: 'button quiet', href: '#/today' }, 'Back to Today'),
      h('button', { type: 'button', class: 'quiet', onclick: () => downloadText(orderFileName(order), orderCsv(order)) }, 'Download CSV'),
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, 'Print')),
    h('article', { class: 'card order-document', 'aria-labelledby': 'order-title' },
      h('header', { class: 'po-header' },
        h('h1', { id: 'order-title' }, `Purchase order — ${order.supplier.name}`),
        badge(order.status)),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'From'), h('dd', {}, tenant.name)),
        h('div', {}, h('dt', {}, 'To'), h('dd', {}, order.supplier.name)),
        h('div', {}, h('dt', {}, 'Order date'), h('dd', {}, format.day(order.orderDate))),
        h('div', {}, h('dt', {}, 'Delivery'), h('dd', {}, format.day(order.deliveryDate)))),
      order.belowMinimumOrderValue
        ? h('p', { class: 'flag' }, `Below the supplier's minimum order value of ${format.money(order.supplier.minimumOrderValue, currency)}.`)
        : null,
      h('div', { class: 'table-scroll', tabindex: 0 },
        h('table', { class: 'order-lines' },
          h('caption', { class: 'sr-only' }, `Lines of the order to ${order.supplier.name}`),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Ingredient'),
            h('th', { scope: 'col', class: 'num' }, 'Quantity'),
            h('th', { scope: 'col' }, 'Delivery'),
            h('th', { scope: 'col', class: 'num' }, 'Unit price'),
            h('th', { scope: 'col', class: 'num' }, 'Amount'))),
          h('tbody', {}, order.lines.map((line) => h('tr', {},
            h('th', { scope: 'row' }, line.ingredient.name),
            h('td', { class: 'num' }, format.quantity(line.quantity, line.unit)),
            h('td', {}, format.day(line.deliveryDate)),
            h('td', { class: 'num' }, format.unitPrice(line.unitPrice, currency)),
            h('td', { class: 'num' }, format.money(line.cost, currency))))),
          h('tfoot', {}, h('tr', {},
            h('th', { scope: 'row', colspan: 4 }, 'Total'),
            h('td', { class: 'num', 'data-testid': 'order-total' }, format.money(order.total, currency))))))),
  );
}
