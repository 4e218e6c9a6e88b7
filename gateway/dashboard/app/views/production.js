// Production: the schedule of today's plan's run (the same run the Today view shows), as a
// product × day table of quantities (and batches).
import { badge, format, h } from '../dom.js';

const PRODUCTION_QUERY = `query DashboardProduction {
  latestProcurementPlan {
    id
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
  const totals = new Map(dates.map((date) => [date, schedule.batches.filter((batch) => batch.date === date).reduce((sum, batch) => sum + batch.batches, 0)]));

  container.replaceChildren(
    h('header', { class: 'view-header' }, h('h1', {}, 'Production')),
    h('section', { class: 'card', 'aria-labelledby': 'schedule-title' },
      h('h2', { id: 'schedule-title' }, `Schedule from ${format.day(schedule.planDate)} `, badge(schedule.status)),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'Nothing to bake in the horizon (no forecast demand).')
        : h('div', { class: 'table-scroll' },
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
                    return batch
                      ? h('td', { class: 'num', title: `Forecast ${format.number(batch.forecastQuantity)}` },
                          format.number(batch.quantity), h('span', { class: 'muted' }, ` (${batch.batches})`))
                      : h('td', { class: 'num muted' }, '—');
                  })))),
              h('tfoot', {}, h('tr', {},
                h('th', { scope: 'row' }, 'Batches'),
                dates.map((date) => h('td', { class: 'num' }, String(totals.get(date)))))))),
    ),
  );
}
