// Forecasts: how far the plans' forecasts were from what sold, per product and for the bakery,
// over the last 7 and 28 days (forecastAccuracy: WAPE and bias on the days sales were recorded).
import { format, h } from '../dom.js';

const ACCURACY_QUERY = `query DashboardForecastAccuracy {
  forecastAccuracy {
    asOf
    bakery { last7 { ...window } last28 { ...window } }
    products { product { id name } last7 { ...window } last28 { ...window } }
  }
}
fragment window on ForecastAccuracyWindow { observedDays forecast actual wape bias }`;

/** 0.0645 → "6.5 %"; null (nothing sold) → "—". */
function percent(value) {
  return value === null ? '—' : `${format.number(Math.round(value * 1000) / 10)} %`;
}

/** Bias in words a manager reads: above 0 the plan baked for more than sold. */
function biasWords(value) {
  if (value === null) return '—';
  if (Math.abs(value) < 0.02) return 'on target';
  return value > 0 ? `${percent(value)} too high` : `${percent(-value)} too low`;
}

function cells(window) {
  return [
    h('td', { class: 'num' }, format.number(window.forecast)),
    h('td', { class: 'num' }, format.number(window.actual)),
    h('td', { class: 'num' }, percent(window.wape)),
    h('td', {}, biasWords(window.bias)),
  ];
}

function row(label, accuracy, scope) {
  return h('tr', {}, h('th', { scope: 'row' }, label), ...cells(accuracy.last7), ...cells(accuracy.last28).map((cell) => {
    cell.classList.add(scope);
    return cell;
  }));
}

export async function renderForecasts(container, context) {
  const { forecastAccuracy: accuracy } = await context.gql(ACCURACY_QUERY);
  const header = h('header', { class: 'view-header' }, h('h1', {}, 'Forecasts'));
  if (accuracy.bakery.last28.observedDays === 0) {
    container.replaceChildren(header, h('p', { class: 'muted' },
      'No forecast to compare yet: each nightly plan keeps its forecast, and once the sales of those days are recorded this page shows how close they were.'));
    return;
  }
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
  );
}
