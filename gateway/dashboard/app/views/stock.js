// Stock: what needs attention — by the same rule as Today (plan-risk.js: the plan's projection
// falls below safety stock or loses demand), with "below reorder point" as a second, labelled
// reason — lots expiring within three days, and the 7-day projection of any ingredient.
import { projectionChart } from '../chart.js';
import { dayInZone } from '../dates.js';
import { format, h } from '../dom.js';
import { ingredientsAtRisk } from '../plan-risk.js';

const EXPIRY_DAYS = 3;

const INGREDIENTS_QUERY = /* GraphQL */ `query DashboardStock($after: String, $expiryDays: Int!) {
  ingredients(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name sku category unit perishable reorderPoint
      stock { onHand belowReorderPoint expiringWithinDays(days: $expiryDays) }
      lots { id quantity receivedOn expiresOn }
    } }
  }
}`;

const PROJECTIONS_QUERY = /* GraphQL */ `query DashboardProjections {
  latestProcurementPlan {
    id planDate
    projections { ingredient { id name } unit safetyStock days { date opening receipts demand expired shortfall closing } }
  }
}`;

/** Most ingredients the view reads (4 pages of 500). */
const MAX_PAGES = 4;

async function allIngredients(gql) {
  const ingredients = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { ingredients: connection } = await gql(INGREDIENTS_QUERY, { after, expiryDays: EXPIRY_DAYS });
    ingredients.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return ingredients;
}

function attentionTable(rows, showChart) {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'Every ingredient stays above its safety stock and reorder point.');
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0 },
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
      h('tbody', {}, rows.map(({ ingredient, projection, risk }) =>
        h('tr', { 'data-ingredient-id': ingredient.id },
          h('th', { scope: 'row' }, ingredient.name, h('span', { class: 'muted sku' }, ingredient.sku)),
          h('td', { class: 'num' }, format.quantity(ingredient.stock.onHand, ingredient.unit)),
          h('td', { class: 'num' }, projection ? format.quantity(projection.safetyStock, ingredient.unit) : '—'),
          h('td', { class: 'num' }, format.quantity(ingredient.reorderPoint, ingredient.unit)),
          h('td', { class: 'why' }, riskReasons(ingredient, risk)),
          h('td', {}, projection
            ? h('button', { type: 'button', class: 'quiet', 'aria-label': `Show the projection of ${ingredient.name}`, onclick: () => showChart(ingredient.id) }, 'Projection')
            : null),
        ))),
    ),
  );
}

/** Why an ingredient is listed, in words: the plan's risk first, then the reorder point. */
function riskReasons(ingredient, risk) {
  const reasons = [];
  if (risk?.shortDays.length) {
    reasons.push(h('span', { class: 'reason-tag reason-danger' }, `Runs short from ${format.day(risk.shortDays[0])}: ${format.quantity(risk.lostDemand, ingredient.unit)} of demand lost`));
  }
  if (risk?.belowSafetyOn) reasons.push(h('span', { class: 'reason-tag reason-danger' }, `Below safety stock from ${format.day(risk.belowSafetyOn)}`));
  if (ingredient.stock.belowReorderPoint) reasons.push(h('span', { class: 'reason-tag reason-warning' }, 'Below reorder point now'));
  return reasons;
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
    { class: 'table-scroll', tabindex: 0 },
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
  const risks = new Map(ingredientsAtRisk(plan?.projections).map((risk) => [risk.projection.ingredient.id, risk]));
  const byId = new Map(ingredients.map((ingredient) => [ingredient.id, ingredient]));
  // At risk by the plan first, in Today's order; then those only below their reorder point.
  const attention = [
    ...[...risks.values()].map((risk) => byId.get(risk.projection.ingredient.id)).filter(Boolean),
    ...ingredients.filter((ingredient) => !risks.has(ingredient.id) && ingredient.stock.belowReorderPoint),
  ].map((ingredient) => ({ ingredient, projection: projections.get(ingredient.id), risk: risks.get(ingredient.id) }));
  const atRiskCount = attention.filter((row) => row.risk).length;

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
      h('p', { class: 'hint', 'data-testid': 'attention-summary' }, plan
        ? `${atRiskCount} at risk in the plan for ${format.day(plan.planDate)} (the same as Today: falls below safety stock or runs short), ` +
          `${attention.length - atRiskCount} more only below the reorder point.`
        : 'No plan yet: only the reorder point is known until the first run.'),
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
    attention.find((row) => row.risk && receives(row.projection)) ??
    [...projections.values()].map((projection) => ({ projection })).find((row) => receives(row.projection)) ??
    attention.find((row) => row.risk) ??
    [...projections.values()].map((projection) => ({ projection })).find((row) => row.projection.days.some((day) => day.demand > 0));
  const firstId = first?.projection.ingredient.id ?? charted[0]?.ingredient.id;
  if (firstId) showChart(firstId);
}
