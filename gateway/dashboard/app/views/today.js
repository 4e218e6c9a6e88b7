// Today: the morning at a glance — what to bake, what to order, what is at risk — then today's
// procurement plan (the newest run's plan for the latest plan date up to today, in the bakery's
// time zone) as purchase orders with their actions, then the plan's warnings in plain words,
// grouped and collapsed so the orders stay near the top.
import { confirmAction } from '../confirm.js';
import { dayInZone } from '../dates.js';
import { badge, format, h, plural } from '../dom.js';
import { downloadText, orderCsv, orderFileName } from '../order-export.js';
import { blockedDays, ingredientsAtRisk } from '../plan-risk.js';
import { groupWarnings, plainMessage } from '../warning-words.js';

export const PURCHASE_ORDER_FIELDS = /* GraphQL */ `fragment DashboardPurchaseOrder on PurchaseOrder {
  id status currency orderDate deliveryDate total belowMinimumOrderValue
  supplier { id name minimumOrderValue }
  lines { ingredient { id name } quantity unit deliveryDate neededBy unitPrice cost urgent reason }
}`;

const TODAY_QUERY = /* GraphQL */ `query DashboardToday {
  latestProcurementPlan {
    id planDate horizonDays status currency totalCost createdAt approvedAt
    run { id trigger productionSchedule { batches { date product { id name } batches quantity } } }
    purchaseOrders { ...DashboardPurchaseOrder }
    projections {
      ingredient { id name } unit safetyStock
      days { date closing shortfall blockedProduction { product { id name } batches } }
    }
    warnings { code message ingredient { name } product { name } supplier { name } }
  }
}
${PURCHASE_ORDER_FIELDS}`;

const APPROVE = /* GraphQL */ `mutation DashboardApprovePlan($id: ID!) { approveProcurementPlan(id: $id) { id status approvedAt } }`;
const ORDER_ACTIONS = {
  submit: /* GraphQL */ `mutation DashboardSubmitOrder($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`,
  cancel: /* GraphQL */ `mutation DashboardCancelOrder($id: ID!) { cancelPurchaseOrder(id: $id) { id status } }`,
  receive: /* GraphQL */ `mutation DashboardReceiveOrder($id: ID!) { markPurchaseOrderReceived(id: $id) { id status } }`,
};

/** Warnings shown open when there are this many or fewer; beyond, each group starts collapsed. */
const OPEN_WARNINGS = 4;
/** Plans whose orders can still be acted on (the API refuses SUPERSEDED and CANCELLED ones). */
const ACTIVE_PLANS = new Set(['DRAFT', 'APPROVED']);

/**
 * A planner action from `button`: the button is disabled meanwhile; on success the view reloads
 * and then says `done` (so the message matches what is on screen); on failure it says why.
 */
async function act(button, context, { action, reload, done, failure }) {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    context.announce(`${failure}: ${error.message}`, 'error');
    button.disabled = false;
    return;
  }
  try {
    await reload();
    context.announce(done);
  } catch (error) {
    context.announce(`${done} The page could not refresh: ${error.message}`, 'error');
  }
}

function belowMinimumText(order) {
  return `This order totals ${format.money(order.total, order.currency)}, below ${order.supplier.name}'s minimum order value of ` +
    `${format.money(order.supplier.minimumOrderValue, order.currency)}: the supplier may refuse it or charge extra.`;
}

function warningGroups(warnings) {
  if (warnings.length === 0) return h('p', { class: 'muted' }, 'Nothing to check.');
  const open = warnings.length <= OPEN_WARNINGS;
  return h('div', { class: 'warning-groups' }, groupWarnings(warnings).map((group) =>
    h('details', { class: 'warning-group', open, 'data-code': group.code },
      h('summary', {}, h('span', { class: 'warning-heading' }, group.heading), ' ', h('span', { class: 'count' }, `(${group.warnings.length})`)),
      group.meaning ? h('p', { class: 'hint' }, group.meaning) : null,
      h('ul', { class: 'warnings' }, group.warnings.map((warning) => h('li', { class: 'warning' }, plainMessage(warning.message)))))));
}

function linesTable(order) {
  const currency = order.currency;
  return h('div', { class: 'table-scroll', tabindex: 0 },
    h('table', { class: 'lines' },
      h('caption', { class: 'sr-only' }, `Lines of the order to ${order.supplier.name}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Ingredient'),
        h('th', { scope: 'col', class: 'num' }, 'Quantity'),
        h('th', { scope: 'col' }, 'Delivery'),
        h('th', { scope: 'col' }, 'Needed by'),
        h('th', { scope: 'col', class: 'num' }, 'Unit price'),
        h('th', { scope: 'col', class: 'num' }, 'Cost'))),
      h('tbody', {}, order.lines.flatMap((line) => [
        h('tr', { class: ['line', line.urgent ? 'urgent' : undefined] },
          h('th', { scope: 'row' }, line.ingredient.name, line.urgent ? [' ', badge('URGENT', 'badge-danger')] : null),
          h('td', { class: 'num' }, format.quantity(line.quantity, line.unit)),
          h('td', {}, format.day(line.deliveryDate)),
          h('td', {}, format.day(line.neededBy)),
          h('td', { class: 'num' }, format.unitPrice(line.unitPrice, currency)),
          h('td', { class: 'num' }, format.money(line.cost, currency))),
        h('tr', { class: 'reason-row' }, h('td', { colspan: 6, class: 'reason' }, h('span', { class: 'sr-only' }, 'Why: '), h('span', {}, line.reason))),
      ]))));
}

/** The buttons an order's status allows, none for a plan that can no longer be acted on. */
function orderActions(order, plan, context, reload) {
  if (!context.session.canPlan || !ACTIVE_PLANS.has(plan.status)) return [];
  const supplier = order.supplier.name;
  const when = format.day(order.orderDate);
  const button = (kind, label, confirm, done) => h('button', {
    type: 'button',
    class: kind === 'cancel' ? 'quiet danger' : undefined,
    'aria-label': `${label} to ${supplier} (${when})`,
    onclick: async (event) => {
      const target = event.currentTarget;
      if (confirm && !(await confirmAction(confirm))) return;
      await act(target, context, {
        action: () => context.gql(ORDER_ACTIONS[kind], { id: order.id }),
        reload,
        done,
        failure: `Could not ${label.toLowerCase()}`,
      });
    },
  }, label);
  const total = format.money(order.total, order.currency);
  const buttons = [];
  if (order.status === 'DRAFT') {
    buttons.push(button('submit', 'Submit order', {
      title: `Send the order to ${supplier}?`,
      details: [
        `${plural(order.lines.length, 'line')}, ${total}, delivery ${format.day(order.deliveryDate)}. Later plans count it as coming in.`,
        order.belowMinimumOrderValue ? { warning: belowMinimumText(order) } : null,
      ].filter(Boolean),
      confirmLabel: 'Submit order',
    }, `Order to ${supplier} submitted.`));
  }
  if (order.status === 'SUBMITTED') {
    buttons.push(button('receive', 'Mark received', null, `Order from ${supplier} marked received; record the stock itself on arrival.`));
  }
  if (order.status === 'DRAFT' || order.status === 'SUBMITTED') {
    buttons.push(button('cancel', 'Cancel order', {
      title: `Cancel the order to ${supplier}?`,
      details: [`${total}, delivery ${format.day(order.deliveryDate)}.${order.status === 'SUBMITTED' ? ' Tell the supplier too: it was sent.' : ''}`],
      confirmLabel: 'Cancel order',
      cancelLabel: 'Keep it',
    }, `Order to ${supplier} cancelled.`));
  }
  return buttons;
}

function orderCard(order, plan, context, reload) {
  const currency = order.currency;
  const titleId = `po-${order.id}`;
  const exports = [
    h('a', { class: 'button quiet', href: `#/order/${plan.id}/${order.id}`, 'aria-label': `Print view of the order to ${order.supplier.name} (${format.day(order.orderDate)})` }, 'Print view'),
    h('button', {
      type: 'button',
      class: 'quiet',
      'aria-label': `Download the order to ${order.supplier.name} (${format.day(order.orderDate)}) as CSV`,
      onclick: () => downloadText(orderFileName(order), orderCsv(order)),
    }, 'CSV'),
  ];
  return h('article', { class: 'card po', 'aria-labelledby': titleId, 'data-order-id': order.id, 'data-status': order.status },
    h('header', { class: 'po-header' },
      h('h3', { id: titleId }, order.supplier.name),
      badge(order.status),
      order.belowMinimumOrderValue ? badge('BELOW MINIMUM', 'badge-warning') : null),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, 'Order on'), h('dd', {}, format.day(order.orderDate))),
      h('div', {}, h('dt', {}, 'Delivery'), h('dd', {}, format.day(order.deliveryDate))),
      h('div', {}, h('dt', {}, 'Total'), h('dd', { class: 'po-total' }, format.money(order.total, currency))),
      h('div', {}, h('dt', {}, 'Supplier minimum'), h('dd', {}, format.money(order.supplier.minimumOrderValue, currency)))),
    order.belowMinimumOrderValue
      ? h('p', { class: 'flag' }, `Below ${order.supplier.name}'s minimum order value of ${format.money(order.supplier.minimumOrderValue, currency)}.`)
      : null,
    linesTable(order),
    h('div', { class: 'actions' }, orderActions(order, plan, context, reload), exports));
}

/** The three answers a manager opens the page for, each a short list with a count. */
function glance(plan, today) {
  const batches = (plan.run.productionSchedule?.batches ?? []).filter((batch) => batch.date === today);
  const toOrder = plan.purchaseOrders.filter((order) => order.status === 'DRAFT' && order.orderDate <= today);
  const risks = ingredientsAtRisk(plan.projections);
  const blocked = blockedDays(plan.projections);
  const few = (items, render, more) => h('ul', { class: 'glance-list' },
    items.slice(0, 5).map((item) => h('li', {}, render(item))),
    items.length > 5 ? h('li', { class: 'muted' }, more(items.length - 5)) : null);
  return h('section', { class: 'glance', 'aria-label': 'This morning' },
    h('div', { class: 'card glance-card' },
      h('h2', {}, 'To bake today'),
      batches.length === 0
        ? h('p', { class: 'muted' }, 'Nothing scheduled for today.')
        : few(batches, (batch) => `${batch.product.name}: ${format.number(batch.quantity)} (${plural(batch.batches, 'batch', 'batches')})`, (n) => h('a', { href: '#/production' }, `${n} more in Production`)),
      blocked.length > 0 ? h('p', { class: 'flag' }, h('a', { href: '#/production' }, `${plural(blocked.length, 'day')} cannot be fully baked`)) : null),
    h('div', { class: 'card glance-card' },
      h('h2', {}, 'To order today'),
      toOrder.length === 0
        ? h('p', { class: 'muted' }, 'No order to place today.')
        : few(toOrder, (order) => `${order.supplier.name}: ${format.money(order.total, order.currency)}`, (n) => `${n} more below`)),
    h('div', { class: 'card glance-card' },
      h('h2', {}, 'At risk'),
      risks.length === 0
        ? h('p', { class: 'muted' }, 'Stock stays above its safety level.')
        : [h('p', { 'data-testid': 'at-risk-count' }, `${plural(risks.length, 'ingredient')} fall below safety stock or run short.`),
           few(risks, (risk) => risk.projection.ingredient.name, (n) => `${n} more`),
           h('p', {}, h('a', { href: '#/stock' }, 'See them in Stock'))]));
}

export async function renderToday(container, context) {
  const reload = async () => {
    const { latestProcurementPlan: plan } = await context.gql(TODAY_QUERY);
    if (!plan) {
      container.replaceChildren(
        h('h1', {}, 'Today'),
        h('div', { class: 'card empty' }, h('p', {}, 'No procurement plan yet.'), h('p', {}, h('a', { href: '#/runs' }, 'Start a run'), ' to make one.')));
      return;
    }
    const currency = plan.currency;
    const canApprove = context.session.canPlan && plan.status === 'DRAFT';
    const below = plan.purchaseOrders.filter((order) => order.belowMinimumOrderValue && ACTIVE_PLANS.has(plan.status));
    const approve = canApprove
      ? h('button', {
          type: 'button',
          class: 'primary',
          onclick: async (event) => {
            const target = event.currentTarget;
            const confirmed = await confirmAction({
              title: 'Approve this plan?',
              details: [
                `${plural(plan.purchaseOrders.length, 'purchase order')}, ${format.money(plan.totalCost, currency)} in all. Orders are sent one by one with "Submit order".`,
                ...below.map((order) => ({ warning: `${order.supplier.name}: ${belowMinimumText(order)}` })),
              ],
              confirmLabel: 'Approve plan',
            });
            if (!confirmed) return;
            await act(target, context, { action: () => context.gql(APPROVE, { id: plan.id }), reload, done: 'Plan approved.', failure: 'Could not approve the plan' });
          },
        }, 'Approve plan')
      : null;
    const orderCount = plan.purchaseOrders.length;
    const today = dayInZone(context.session.tenant.timezone);
    container.replaceChildren(
      h('header', { class: 'view-header' }, h('h1', {}, 'Today'), h('div', { class: 'actions' }, approve)),
      plan.status === 'SUPERSEDED' || plan.status === 'CANCELLED'
        ? h('p', { class: 'flag' }, plan.status === 'SUPERSEDED' ? 'A newer plan replaced this one: nothing on it can be approved or sent.' : 'This plan was cancelled.')
        : null,
      glance(plan, today),
      h('section', { 'aria-labelledby': 'orders-title' },
        h('h2', { id: 'orders-title' }, `Purchase orders (${orderCount})`),
        orderCount === 0
          ? h('p', { class: 'muted' }, 'Nothing to buy: stock covers the horizon.')
          : h('div', { class: 'po-list' }, plan.purchaseOrders.map((order) => orderCard(order, plan, context, reload)))),
      h('section', { 'aria-labelledby': 'warnings-title' },
        h('h2', { id: 'warnings-title' }, `To check (${plan.warnings.length})`),
        warningGroups(plan.warnings)),
      h('section', { class: 'card plan-summary', 'aria-labelledby': 'plan-title' },
        h('h2', { id: 'plan-title' }, `Procurement plan for ${format.day(plan.planDate)}`),
        h('dl', { class: 'facts' },
          h('div', {}, h('dt', {}, 'Status'), h('dd', { 'data-testid': 'plan-status' }, badge(plan.status))),
          h('div', {}, h('dt', {}, 'Horizon'), h('dd', {}, plural(plan.horizonDays, 'day'))),
          h('div', {}, h('dt', {}, 'Purchase orders'), h('dd', {}, String(orderCount))),
          h('div', {}, h('dt', {}, 'Total cost'), h('dd', {}, format.money(plan.totalCost, currency))),
          h('div', {}, h('dt', {}, 'Made'), h('dd', {}, format.time(plan.createdAt))),
          plan.approvedAt ? h('div', {}, h('dt', {}, 'Approved'), h('dd', {}, format.time(plan.approvedAt))) : null)),
    );
  };
  await reload();
}
