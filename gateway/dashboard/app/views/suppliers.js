// Suppliers: how each supplier has delivered, measured from the purchase orders' receipts
// (supplierPerformance), against the reliability and lead time typed for it, and whether the next
// plans use the measured figures; suppliers with no delivery yet are listed too.
import { format, h, plural } from '../dom.js';

/** Suppliers listed without deliveries: the first page of the suppliers query (its largest). */
const SUPPLIERS_PAGE = 500;

const SUPPLIERS_QUERY = /* GraphQL */ `query DashboardSuppliers($first: Int!) {
  supplierPerformance {
    supplier { id name reliability leadTimeDays }
    deliveries onTimeRate inFullRate onTimeInFullRate
    receivedDeliveries leadTimeMeanDays leadTimeP90Days delayMeanDays
    reliabilityMeasured leadTimeMeasured
  }
  suppliers(first: $first) { totalCount edges { node { id name reliability leadTimeDays } } }
}`;

/** "5 of 6 (83.3 %)": how many deliveries a rate stands for, and the rate (a narrow column wraps between the two). */
function share(rate, deliveries) {
  return [
    h('span', { class: 'nowrap' }, `${format.number(Math.round(rate * deliveries))} of ${format.number(deliveries)}`),
    ' ',
    h('span', { class: 'nowrap' }, `(${format.percent(rate)})`),
  ];
}

/** A figure with the typed one under it, to compare at a glance. */
function againstTyped(measured, typed) {
  return [h('span', { class: 'measured' }, measured), h('span', { class: 'typed' }, `typed ${typed}`)];
}

function leadTimeWords(performance) {
  if (performance.receivedDeliveries === 0) return 'nothing received yet';
  return `${plural(performance.leadTimeMeanDays, 'day')} on average; 9 in 10 within ${plural(performance.leadTimeP90Days, 'day')}`;
}

/** What the next plans take for this supplier: the measured figures once enough deliveries back them. */
function planUses(performance) {
  if (!performance.reliabilityMeasured && !performance.leadTimeMeasured) return 'the typed figures (too few deliveries yet)';
  const reliability = performance.reliabilityMeasured ? 'measured reliability (weighed with the typed one)' : 'typed reliability';
  const delay = Math.round(performance.delayMeanDays) || 0;
  const leadTime = !performance.leadTimeMeasured
    ? 'typed lead time (too few received yet)'
    : delay === 0
      ? 'typed lead time (on time on average)'
      : `typed lead time ${delay > 0 ? '+' : '−'} ${plural(Math.abs(delay), 'day')} (its measured ${delay > 0 ? 'delay' : 'earliness'})`;
  return `${reliability}; ${leadTime}`;
}

function measuredRow(performance) {
  const { supplier, deliveries } = performance;
  return h('tr', { 'data-supplier-id': supplier.id },
    h('th', { scope: 'row' }, supplier.name),
    h('td', {}, plural(deliveries, 'delivery', 'deliveries'), h('span', { class: 'typed' }, `${format.number(performance.receivedDeliveries)} received`)),
    h('td', {}, share(performance.onTimeRate, deliveries)),
    h('td', {}, share(performance.inFullRate, deliveries)),
    h('td', {}, againstTyped(share(performance.onTimeInFullRate, deliveries), format.percent(supplier.reliability))),
    h('td', { class: 'words' }, againstTyped(leadTimeWords(performance), plural(supplier.leadTimeDays, 'day'))),
    h('td', { class: 'words' }, planUses(performance)));
}

function unmeasuredRow(supplier) {
  return h('tr', { 'data-supplier-id': supplier.id, class: 'unmeasured' },
    h('th', { scope: 'row' }, supplier.name),
    h('td', { colspan: 3, class: 'muted' }, 'No deliveries measured yet'),
    h('td', {}, againstTyped('—', format.percent(supplier.reliability))),
    h('td', { class: 'words' }, againstTyped('—', plural(supplier.leadTimeDays, 'day'))),
    h('td', { class: 'words' }, 'the typed figures'));
}

export async function renderSuppliers(container, context) {
  const { supplierPerformance: performances, suppliers } = await context.gql(SUPPLIERS_QUERY, { first: SUPPLIERS_PAGE });
  const header = h('header', { class: 'view-header' }, h('h1', {}, 'Suppliers'));
  if (suppliers.totalCount === 0) {
    container.replaceChildren(header, h('p', { class: 'muted' }, 'No supplier yet: add them in the suppliers API or import them (Settings).'));
    return;
  }
  const byName = (a, b) => a.name.localeCompare(b.name);
  const measured = [...performances].sort((a, b) => byName(a.supplier, b.supplier));
  const measuredIds = new Set(measured.map((performance) => performance.supplier.id));
  const unmeasured = suppliers.edges.map((edge) => edge.node).filter((supplier) => !measuredIds.has(supplier.id)).sort(byName);
  const unlisted = suppliers.totalCount - suppliers.edges.length;

  container.replaceChildren(
    header,
    h('p', { class: 'hint' },
      'How each supplier has delivered, from the purchase orders sent in the last 182 days and their receipts, against the figures typed for it. ',
      'A delivery is what one order is due to bring on one date: on time when the first of it arrived by that date, and in full when every line of it came with that first arrival; ',
      'one past its date with nothing received counts as late and short. ',
      'From 5 deliveries plans weigh the measured reliability with the typed one, and add a supplier\'s usual delay to its lead times.'),
    h('section', { class: 'card', 'aria-labelledby': 'performance-title' },
      h('h2', { id: 'performance-title' }, `Delivery performance (${plural(measured.length, 'supplier')} measured)`),
      h('div', { class: 'table-scroll', tabindex: 0 },
        h('table', { class: 'performance' },
          h('caption', {}, 'On time and in full is the measured reliability; the typed figures are under the measured ones.'),
          h('thead', {}, h('tr', {},
            ['Supplier', 'Deliveries', 'On time', 'In full', 'On time and in full', 'Lead time', 'Next plans use'].map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, measured.map(measuredRow), unmeasured.map(unmeasuredRow)))),
      unlisted > 0 ? h('p', { class: 'hint' }, `${plural(unlisted, 'more supplier')} past the first ${SUPPLIERS_PAGE} by name: listed here only once measured.`) : null),
  );
}
