// Production: the schedule of today's plan's run (the same run the Today view shows), as a
// product × day table of quantities (and batches), with the days the plan's stock cannot bake
// (plan-risk.js: batches blocked by a shortfall) flagged first.
import { badge, format, h, plural } from '../dom.js';
import { blockedDays } from '../plan-risk.js';

const PRODUCTION_QUERY = /* GraphQL */ `query DashboardProduction {
  latestProcurementPlan {
    id
    projections { ingredient { id name } days { date blockedProduction { product { id name } batches } } }
    run {
      id
      productionSchedule {
        id planDate horizonDays status
        batches { date product { id name } recipe { id name yieldQuantity } batches quantity forecastQuantity }
      }
    }
  }
}`;

export async function renderProduction(container, context) {
  const { latestProcurementPlan: plan } = await context.gql(PRODUCTION_QUERY);
  const schedule = plan?.run.productionSchedule;
  if (!schedule) {
    container.replaceChildren(
      h('h1', {}, 'Production'),
      h('div', { class: 'card empty' }, h('p', {}, 'No production schedule yet.'), h('p', {}, h('a', { href: '#/runs' }, 'Start a run'), ' to make one.')),
    );
    return;
  }
  const dates = [...new Set(schedule.batches.map((batch) => batch.date))].sort();
  const products = new Map();
  for (const batch of schedule.batches) {
    if (!products.has(batch.product.id)) products.set(batch.product.id, { product: batch.product, recipe: batch.recipe, byDate: new Map() });
    products.get(batch.product.id).byDate.set(batch.date, batch);
  }
  const rows = [...products.values()].sort((a, b) => a.product.name.localeCompare(b.product.name));
  const blocked = blockedDays(plan.projections);
  const blockedCells = new Map(blocked.flatMap((day) => day.products.map((entry) => [`${entry.product.id}/${day.date}`, entry])));
  const totals = new Map(dates.map((date) => [date, schedule.batches.filter((batch) => batch.date === date).reduce((sum, batch) => sum + batch.batches, 0)]));

  container.replaceChildren(
    h('header', { class: 'view-header' }, h('h1', {}, 'Production')),
    blocked.length === 0
      ? null
      : h('section', { class: 'card alert-card', 'aria-labelledby': 'blocked-title' },
          h('h2', { id: 'blocked-title' }, `Cannot be fully baked (${plural(blocked.length, 'day')})`),
          h('p', { class: 'hint' }, 'Stock runs short on these days even with this plan\'s deliveries: these batches cannot be made.'),
          h('ul', { class: 'blocked-days' }, blocked.map((day) => h('li', { 'data-date': day.date },
            h('strong', {}, format.day(day.date)), ': ',
            day.products.map((entry, index) => [index > 0 ? '; ' : '',
              `${entry.product.name}, ${plural(entry.batches, 'batch', 'batches')} (short of ${entry.short.join(', ')})`]))))),
    h('section', { class: 'card', 'aria-labelledby': 'schedule-title' },
      h('h2', { id: 'schedule-title' }, `Schedule from ${format.day(schedule.planDate)} `, badge(schedule.status)),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'Nothing to bake in the horizon (no forecast demand).')
        : h('div', { class: 'table-scroll', tabindex: 0 },
            h('table', { class: 'schedule' },
              h('caption', {}, 'Quantity to bake per product and day (batches in brackets); forecast demand on hover.'),
              h('thead', {}, h('tr', {},
                h('th', { scope: 'col' }, 'Product'),
                dates.map((date) => h('th', { scope: 'col', class: 'num' }, format.day(date))))),
              h('tbody', {}, rows.map((row) =>
                h('tr', {},
                  h('th', { scope: 'row' }, row.product.name, h('span', { class: 'muted sku' }, `${row.recipe.name} · ${format.number(row.recipe.yieldQuantity)} per batch`)),
                  dates.map((date) => {
                    const batch = row.byDate.get(date);
                    const stuck = blockedCells.get(`${row.product.id}/${date}`);
                    return batch
                      ? h('td', { class: ['num', stuck ? 'blocked' : undefined], title: `Forecast ${format.number(batch.forecastQuantity)}` },
                          format.number(batch.quantity), h('span', { class: 'muted' }, ` (${batch.batches})`),
                          stuck ? h('span', { class: 'blocked-note' }, ` ${stuck.batches} cannot be baked`) : null)
                      : h('td', { class: 'num muted' }, '—');
                  })))),
              h('tfoot', {}, h('tr', {},
                h('th', { scope: 'row' }, 'Batches'),
                dates.map((date) => h('td', { class: 'num' }, String(totals.get(date)))))))),
    ),
  );
}
