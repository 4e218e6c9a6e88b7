// Stock: what needs attention (below safety stock or reorder point), lots expiring within three
// days, and the 7-day projection of any ingredient from today's plan.
import { projectionChart } from '../chart.js';
import { badge, format, h } from '../dom.js';

const EXPIRY_DAYS = 3;

const INGREDIENTS_QUERY = `query DashboardStock($after: String) {
  ingredients(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name sku category unit perishable reorderPoint
      stock { onHand belowReorderPoint expiringWithinDays(days: ${EXPIRY_DAYS}) }
      lots { id quantity receivedOn expiresOn }
    } }
  }
}`;

const PROJECTIONS_QUERY = `query DashboardProjections {
  latestProcurementPlan {
    id planDate
    projections { ingredient { id name } unit safetyStock days { date opening receipts demand expired closing } }
  }
}`;

/** Most ingredients the view reads (4 pages of 500). */
const MAX_PAGES = 4;

async function allIngredients(gql) {
  const ingredients = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { ingredients: connection } = await gql(INGREDIENTS_QUERY, { after });
    ingredients.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return ingredients;
}

/** YYYY-MM-DD `days` after today in `timeZone`. */
function dayInZone(timeZone, days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [year, month, day] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function attentionTable(rows, showChart) {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'Every ingredient is above its safety stock and reorder point.');
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': 'attention-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Ingredient'),
        h('th', { scope: 'col', class: 'num' }, 'On hand'),
        h('th', { scope: 'col', class: 'num' }, 'Safety stock'),
        h('th', { scope: 'col', class: 'num' }, 'Reorder point'),
        h('th', { scope: 'col' }, 'Why'),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Projection')),
      )),
      h('tbody', {}, rows.map(({ ingredient, projection, belowSafety }) =>
        h('tr', {},
          h('th', { scope: 'row' }, ingredient.name, h('span', { class: 'muted sku' }, ingredient.sku)),
          h('td', { class: 'num' }, format.quantity(ingredient.stock.onHand, ingredient.unit)),
          h('td', { class: 'num' }, projection ? format.quantity(projection.safetyStock, ingredient.unit) : '—'),
          h('td', { class: 'num' }, format.quantity(ingredient.reorderPoint, ingredient.unit)),
          h('td', {},
            belowSafety ? badge('BELOW SAFETY STOCK', 'badge-danger') : null,
            belowSafety && ingredient.stock.belowReorderPoint ? ' ' : null,
            ingredient.stock.belowReorderPoint ? badge('BELOW REORDER POINT', 'badge-warning') : null),
          h('td', {}, projection
            ? h('button', { type: 'button', class: 'quiet', 'aria-label': `Show the projection of ${ingredient.name}`, onclick: () => showChart(ingredient.id) }, 'Projection')
            : null),
        ))),
    ),
  );
}

function expiringTable(ingredients, timeZone) {
  const lastDay = dayInZone(timeZone, EXPIRY_DAYS);
  const lots = ingredients
    .filter((ingredient) => ingredient.stock.expiringWithinDays > 0)
    .flatMap((ingredient) =>
      ingredient.lots
        .filter((lot) => lot.expiresOn && lot.expiresOn <= lastDay && lot.quantity > 0)
        .map((lot) => ({ ingredient, lot })),
    )
    .sort((a, b) => a.lot.expiresOn.localeCompare(b.lot.expiresOn));
  if (lots.length === 0) return h('p', { class: 'muted' }, `No lot expires within ${EXPIRY_DAYS} days.`);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': 'expiring-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Ingredient'),
        h('th', { scope: 'col', class: 'num' }, 'Lot quantity'),
        h('th', { scope: 'col' }, 'Received'),
        h('th', { scope: 'col' }, 'Expires'),
      )),
      h('tbody', {}, lots.map(({ ingredient, lot }) =>
        h('tr', {},
          h('th', { scope: 'row' }, ingredient.name),
          h('td', { class: 'num' }, format.quantity(lot.quantity, ingredient.unit)),
          h('td', {}, format.day(lot.receivedOn)),
          h('td', {}, format.day(lot.expiresOn)),
        ))),
    ),
  );
}

export async function renderStock(container, context) {
  const [ingredients, { latestProcurementPlan: plan }] = await Promise.all([
    allIngredients(context.gql),
    context.gql(PROJECTIONS_QUERY),
  ]);
  const projections = new Map((plan?.projections ?? []).map((projection) => [projection.ingredient.id, projection]));
  const attention = ingredients
    .map((ingredient) => {
      const projection = projections.get(ingredient.id);
      const belowSafety = Boolean(projection && ingredient.stock.onHand < projection.safetyStock - 1e-6);
      return { ingredient, projection, belowSafety };
    })
    .filter((row) => row.belowSafety || row.ingredient.stock.belowReorderPoint);

  const chartHolder = h('div', { class: 'chart-holder', 'aria-live': 'polite' });
  const charted = [...projections.values()].sort((a, b) => a.ingredient.name.localeCompare(b.ingredient.name));
  const select = h(
    'select',
    { id: 'projection-ingredient', name: 'ingredient' },
    charted.map((projection) => h('option', { value: projection.ingredient.id }, projection.ingredient.name)),
  );
  const showChart = (ingredientId) => {
    const projection = projections.get(ingredientId);
    if (!projection) return;
    select.value = ingredientId;
    chartHolder.replaceChildren(projectionChart(projection));
  };
  select.addEventListener('change', () => showChart(select.value));

  container.replaceChildren(
    h('header', { class: 'view-header' }, h('h1', {}, 'Stock')),
    h('section', { class: 'card', 'aria-labelledby': 'attention-title' },
      h('h2', { id: 'attention-title' }, `Needs attention (${attention.length})`),
      h('p', { class: 'hint' }, plan
        ? `Safety stock from the plan for ${format.day(plan.planDate)}.`
        : 'No plan yet: safety stock is unknown until the first run.'),
      attentionTable(attention, (id) => {
        showChart(id);
        chartHolder.scrollIntoView({ block: 'nearest' });
      })),
    h('section', { class: 'card', 'aria-labelledby': 'expiring-title' },
      h('h2', { id: 'expiring-title' }, `Lots expiring within ${EXPIRY_DAYS} days`),
      expiringTable(ingredients, context.session.tenant.timezone)),
    h('section', { class: 'card', 'aria-labelledby': 'projection-title' },
      h('h2', { id: 'projection-title' }, '7-day projection'),
      charted.length === 0
        ? h('p', { class: 'muted' }, 'No plan yet: projections come with the first run.')
        : [h('div', { class: 'field' }, h('label', { for: 'projection-ingredient' }, 'Ingredient'), select), chartHolder]),
  );
  // Open on the most telling chart: an ingredient this plan orders that needs attention, else
  // any it orders, else any that needs attention, else the first with demand.
  const receives = (projection) => projection.days.slice(0, 7).some((day) => day.receipts > 0);
  const first =
    attention.find((row) => row.projection && receives(row.projection)) ??
    [...projections.values()].map((projection) => ({ projection })).find((row) => receives(row.projection)) ??
    attention.find((row) => row.projection) ??
    [...projections.values()].map((projection) => ({ projection })).find((row) => row.projection.days.some((day) => day.demand > 0));
  const firstId = first?.projection.ingredient.id ?? charted[0]?.ingredient.id;
  if (firstId) showChart(firstId);
}
