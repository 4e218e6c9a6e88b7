// Forecasts: how far the plans' forecasts were from what sold, per product and for the bakery,
// over the last 7 and 28 days (forecastAccuracy: WAPE and bias on the days sales were recorded),
// and one product's kept forecast against its sales day by day over the last 28 days.
import { forecastChart } from '../chart.js';
import { addDays } from '../dates.js';
import { format, h } from '../dom.js';

const ACCURACY_QUERY = /* GraphQL */ `query DashboardForecastAccuracy {
  forecastAccuracy {
    asOf
    bakery { last7 { ...window } last28 { ...window } }
    products { product { id name } last7 { ...window } last28 { ...window } }
  }
}
fragment window on ForecastAccuracyWindow { observedDays forecast actual wape bias }`;

// One request for the chart: the product's kept forecasts and sales, and the days the bakery
// recorded any sale (on such a day a product without a record sold nothing, as forecastAccuracy
// counts it; a day with none recorded at all is left out, as the forecast leaves it out).
const CHART_QUERY = /* GraphQL */ `query DashboardForecastChart($from: Date!, $to: Date!, $productIds: [ID!]!) {
  forecasts(from: $from, to: $to, productIds: $productIds) { date quantity }
  salesHistory(from: $from, to: $to, productIds: $productIds) { date quantity soldOut }
  recordedDays: salesHistory(from: $from, to: $to) { date }
}`;

/** The chart's days: the same 28 as forecastAccuracy's longer window, ending yesterday. */
const CHART_DAYS = 28;

/** Bias in words a manager reads: above 0 the plan baked for more than sold. */
function biasWords(value) {
  if (value === null) return '—';
  if (Math.abs(value) < 0.02) return 'on target';
  return value > 0 ? `${format.percent(value)} too high` : `${format.percent(-value)} too low`;
}

function cells(window) {
  return [
    h('td', { class: 'num' }, format.number(window.forecast)),
    h('td', { class: 'num' }, format.number(window.actual)),
    h('td', { class: 'num' }, format.percent(window.wape)),
    h('td', {}, biasWords(window.bias)),
  ];
}

function row(label, accuracy, scope) {
  return h('tr', {}, h('th', { scope: 'row' }, label), ...cells(accuracy.last7), ...cells(accuracy.last28).map((cell) => {
    cell.classList.add(scope);
    return cell;
  }));
}

/** Each day of [from, from + count) with the kept forecast, what sold (null: not recorded) and whether it sold out. */
function chartDays(from, count, { forecasts, salesHistory, recordedDays }) {
  const forecastOn = new Map(forecasts.map((forecast) => [forecast.date, forecast.quantity]));
  const saleOn = new Map(salesHistory.map((sale) => [sale.date, sale]));
  const recorded = new Set(recordedDays.map((record) => record.date));
  return Array.from({ length: count }, (_, index) => {
    const date = addDays(from, index);
    const sale = saleOn.get(date);
    return {
      date,
      forecast: forecastOn.get(date) ?? null,
      sold: sale ? sale.quantity : recorded.has(date) ? 0 : null,
      soldOut: sale?.soldOut ?? false,
    };
  });
}

/**
 * The per-product chart card: a labelled picker over the products with observed days, opening on
 * the one that sold most in 28 days; each pick is one request.
 */
function productChart(context, products, asOf) {
  const from = addDays(asOf, -CHART_DAYS);
  const byId = new Map(products.map((entry) => [entry.product.id, entry.product]));
  const select = h('select', { id: 'forecast-product', name: 'product' },
    [...products].sort((a, b) => a.product.name.localeCompare(b.product.name))
      .map((entry) => h('option', { value: entry.product.id }, entry.product.name)));
  const holder = h('div', { class: 'chart-holder', 'aria-live': 'polite' });
  // Only the answer to the latest pick is drawn, whatever order the answers come in.
  let latest = 0;
  const show = async (productId) => {
    const request = (latest += 1);
    holder.setAttribute('aria-busy', 'true');
    try {
      const data = await context.gql(CHART_QUERY, { from, to: addDays(asOf, -1), productIds: [productId] });
      if (request !== latest) return;
      holder.replaceChildren(forecastChart(byId.get(productId), chartDays(from, CHART_DAYS, data)));
      // Where the chart scrolls (a phone), the latest days are the ones in view.
      for (const scroller of holder.querySelectorAll('.chart-scroll')) scroller.scrollLeft = scroller.scrollWidth;
    } catch (error) {
      if (request === latest) holder.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load the chart: ${error.message}`));
    } finally {
      if (request === latest) holder.setAttribute('aria-busy', 'false');
    }
  };
  select.addEventListener('change', () => void show(select.value));
  const busiest = products.reduce((best, entry) => (entry.last28.actual > best.last28.actual ? entry : best), products[0]);
  select.value = busiest.product.id;
  return {
    card: h('section', { class: 'card', 'aria-labelledby': 'daily-title' },
      h('h2', { id: 'daily-title' }, 'Day by day, one product'),
      h('p', { class: 'hint' }, `What the kept forecast said against what sold, each of the last ${CHART_DAYS} days; a marked bar sold out, so more would have sold.`),
      h('div', { class: 'field' }, h('label', { for: 'forecast-product' }, 'Product'), select),
      holder),
    ready: show(select.value),
  };
}

export async function renderForecasts(container, context) {
  const { forecastAccuracy: accuracy } = await context.gql(ACCURACY_QUERY);
  const header = h('header', { class: 'view-header' }, h('h1', {}, 'Forecasts'));
  if (accuracy.bakery.last28.observedDays === 0) {
    container.replaceChildren(header, h('p', { class: 'muted' },
      'No forecast to compare yet: each nightly plan keeps its forecast, and once the sales of those days are recorded this page shows how close they were.'));
    return;
  }
  const chart = productChart(context, accuracy.products, accuracy.asOf);
  const windowHeads = (label) => [
    h('th', { scope: 'col', class: 'num' }, `${label}: forecast`),
    h('th', { scope: 'col', class: 'num' }, 'sold'),
    h('th', { scope: 'col', class: 'num' }, 'error (WAPE)'),
    h('th', { scope: 'col' }, 'bias'),
  ];
  container.replaceChildren(
    header,
    h('p', { class: 'hint' },
      `Forecast against what sold on the days before today (${format.day(accuracy.asOf)}). `,
      'Error is the share of sales the forecast missed by; bias says whether it baked for too much or too little. ',
      'Days without recorded sales are left out.'),
    h('section', { class: 'card', 'aria-labelledby': 'accuracy-title' },
      h('h2', { id: 'accuracy-title' }, 'Forecast against sales'),
      h('div', { class: 'table-scroll', tabindex: 0 },
        h('table', { class: 'accuracy' },
          h('caption', {}, 'Last 7 days, then last 28 days, in product units.'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), ...windowHeads('7 days'), ...windowHeads('28 days'))),
          h('tbody', {}, accuracy.products.map((product) => row(product.product.name, product, 'long'))),
          h('tfoot', {}, row('The bakery', accuracy.bakery, 'long'))))),
    chart.card,
  );
  await chart.ready;
}
