// Today: today's procurement plan (the newest run's plan for the latest plan date up to today, in
// the bakery's time zone; a run for a later date does not replace it) as purchase orders per
// supplier, with each line's reason, the plan's warnings, and the planner's actions (approve the
// plan, submit an order). Money is in the plan's currency; unit prices keep their digits.
import { badge, format, h } from '../dom.js';

const TODAY_QUERY = `query DashboardToday {
  latestProcurementPlan {
    id planDate horizonDays status currency totalCost createdAt approvedAt
    run { id trigger }
    purchaseOrders {
      id status currency orderDate deliveryDate total belowMinimumOrderValue
      supplier { id name minimumOrderValue }
      lines { ingredient { id name } quantity unit deliveryDate neededBy unitPrice cost urgent reason }
    }
    warnings { code message ingredient { name } product { name } supplier { name } }
  }
}`;

const APPROVE = `mutation DashboardApprovePlan($id: ID!) { approveProcurementPlan(id: $id) { id status approvedAt } }`;
const SUBMIT = `mutation DashboardSubmitOrder($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`;

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

function warningList(warnings) {
  if (warnings.length === 0) return h('p', { class: 'muted' }, 'No warnings.');
  return h(
    'ul',
    { class: 'warnings', 'aria-label': 'Plan warnings' },
    warnings.map((warning) =>
      h('li', { class: 'warning' }, badge(warning.code, 'badge-warning'), ' ', warning.message),
    ),
  );
}

function linesTable(order) {
  const currency = order.currency;
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'lines' },
      h('caption', { class: 'sr-only' }, `Lines of the order to ${order.supplier.name}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Ingredient'),
          h('th', { scope: 'col', class: 'num' }, 'Quantity'),
          h('th', { scope: 'col' }, 'Delivery'),
          h('th', { scope: 'col' }, 'Needed by'),
          h('th', { scope: 'col', class: 'num' }, 'Unit price'),
          h('th', { scope: 'col', class: 'num' }, 'Cost'),
        ),
      ),
      h(
        'tbody',
        {},
        order.lines.flatMap((line) => [
          h(
            'tr',
            { class: ['line', line.urgent ? 'urgent' : undefined] },
            h('th', { scope: 'row' }, line.ingredient.name, line.urgent ? [' ', badge('URGENT', 'badge-danger')] : null),
            h('td', { class: 'num' }, format.quantity(line.quantity, line.unit)),
            h('td', {}, format.day(line.deliveryDate)),
            h('td', {}, format.day(line.neededBy)),
            h('td', { class: 'num' }, format.unitPrice(line.unitPrice, currency)),
            h('td', { class: 'num' }, format.money(line.cost, currency)),
          ),
          h('tr', { class: 'reason-row' }, h('td', { colspan: 6, class: 'reason' }, h('span', { class: 'sr-only' }, 'Why: '), h('span', {}, line.reason))),
        ]),
      ),
    ),
  );
}

function orderCard(order, plan, context, reload) {
  const currency = order.currency;
  const titleId = `po-${order.id}`;
  // A CANCELLED or SUPERSEDED plan's orders are not to be sent (the API refuses them too).
  const canSubmit = context.session.canPlan && order.status === 'DRAFT' && ['DRAFT', 'APPROVED'].includes(plan.status);
  const submit = canSubmit
    ? h('button', {
        type: 'button',
        'aria-label': `Submit order to ${order.supplier.name} (${format.day(order.orderDate)})`,
        onclick: (event) =>
          act(event.currentTarget, context, {
            action: () => context.gql(SUBMIT, { id: order.id }),
            reload,
            done: `Order to ${order.supplier.name} submitted.`,
            failure: 'Could not submit the order',
          }),
      }, 'Submit order')
    : null;
  return h(
    'article',
    { class: 'card po', 'aria-labelledby': titleId },
    h(
      'header',
      { class: 'po-header' },
      h('h3', { id: titleId }, order.supplier.name),
      badge(order.status),
      order.belowMinimumOrderValue
        ? badge('BELOW MINIMUM', 'badge-warning')
        : null,
    ),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'Order on'), h('dd', {}, format.day(order.orderDate))),
      h('div', {}, h('dt', {}, 'Delivery'), h('dd', {}, format.day(order.deliveryDate))),
      h('div', {}, h('dt', {}, 'Total'), h('dd', { class: 'po-total' }, format.money(order.total, currency))),
      h('div', {}, h('dt', {}, 'Supplier minimum'), h('dd', {}, format.money(order.supplier.minimumOrderValue, currency))),
    ),
    order.belowMinimumOrderValue
      ? h('p', { class: 'flag' }, `Below ${order.supplier.name}'s minimum order value of ${format.money(order.supplier.minimumOrderValue, currency)}.`)
      : null,
    linesTable(order),
    submit ? h('div', { class: 'actions' }, submit) : null,
  );
}

export async function renderToday(container, context) {
  const reload = async () => {
    const { latestProcurementPlan: plan } = await context.gql(TODAY_QUERY);
    if (!plan) {
      container.replaceChildren(
        h('h1', {}, 'Today'),
        h('div', { class: 'card empty' }, h('p', {}, 'No procurement plan yet.'), h('p', {}, h('a', { href: '#/runs' }, 'Start a run'), ' to make one.')),
      );
      return;
    }
    const currency = plan.currency;
    const canApprove = context.session.canPlan && plan.status === 'DRAFT';
    const approve = canApprove
      ? h('button', {
          type: 'button',
          class: 'primary',
          onclick: (event) =>
            act(event.currentTarget, context, {
              action: () => context.gql(APPROVE, { id: plan.id }),
              reload,
              done: 'Plan approved.',
              failure: 'Could not approve the plan',
            }),
        }, 'Approve plan')
      : null;
    const orderCount = plan.purchaseOrders.length;
    container.replaceChildren(
      h(
        'header',
        { class: 'view-header' },
        h('h1', {}, 'Today'),
        h('div', { class: 'actions' }, approve),
      ),
      h(
        'section',
        { class: 'card plan-summary', 'aria-labelledby': 'plan-title' },
        h('h2', { id: 'plan-title' }, `Procurement plan for ${format.day(plan.planDate)}`),
        h(
          'dl',
          { class: 'facts' },
          h('div', {}, h('dt', {}, 'Status'), h('dd', { 'data-testid': 'plan-status' }, badge(plan.status))),
          h('div', {}, h('dt', {}, 'Horizon'), h('dd', {}, `${plan.horizonDays} days`)),
          h('div', {}, h('dt', {}, 'Purchase orders'), h('dd', {}, String(orderCount))),
          h('div', {}, h('dt', {}, 'Total cost'), h('dd', {}, format.money(plan.totalCost, currency))),
          h('div', {}, h('dt', {}, 'Made'), h('dd', {}, format.time(plan.createdAt))),
          plan.approvedAt ? h('div', {}, h('dt', {}, 'Approved'), h('dd', {}, format.time(plan.approvedAt))) : null,
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'warnings-title' },
        h('h2', { id: 'warnings-title' }, `Warnings (${plan.warnings.length})`),
        warningList(plan.warnings),
      ),
      h(
        'section',
        { 'aria-labelledby': 'orders-title' },
        h('h2', { id: 'orders-title' }, `Purchase orders (${orderCount})`),
        orderCount === 0
          ? h('p', { class: 'muted' }, 'Nothing to buy: stock covers the horizon.')
          : h('div', { class: 'po-list' }, plan.purchaseOrders.map((order) => orderCard(order, plan, context, reload))),
      ),
    );
  };
  await reload();
}
