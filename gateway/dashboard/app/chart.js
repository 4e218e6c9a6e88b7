// The 7-day projection of one ingredient as an inline SVG: bars for receipts, demand and expired
// stock, lines for opening and closing stock, and the safety-stock line. Colours come from the
// stylesheet (classes), so the chart follows the page's palette and the CSP (no inline styles).
import { format, h, s } from './dom.js';

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 28, right: 16, bottom: 40, left: 64 };

const SERIES = [
  { key: 'receipts', label: 'Receipts', kind: 'bar' },
  { key: 'demand', label: 'Demand', kind: 'bar' },
  { key: 'expired', label: 'Expired', kind: 'bar' },
  { key: 'opening', label: 'Opening stock', kind: 'line' },
  { key: 'closing', label: 'Closing stock', kind: 'line' },
  { key: 'safety', label: 'Safety stock', kind: 'rule' },
  { key: 'shortfall', label: 'Below safety stock', kind: 'zone' },
];

/** Round tick values covering [min, max], about `count` of them. */
function ticks(min, max, count = 5) {
  const span = max - min || 1;
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const values = [];
  for (let value = Math.floor(min / step) * step; value <= max + step / 1e6; value += step) values.push(Number(value.toFixed(10)) || 0);
  return values;
}

/**
 * @param projection `{ ingredient: { name }, unit, safetyStock, days: [{ date, opening, receipts, demand, expired, closing }] }`
 * @param days how many days to draw from the start (default 7)
 */
export function projectionChart(projection, days = 7) {
  const data = projection.days.slice(0, days);
  const name = projection.ingredient.name;
  const unit = projection.unit;
  const values = data.flatMap((day) => [day.opening, day.closing, day.receipts, day.demand, day.expired]);
  const min = Math.min(0, ...values, projection.safetyStock);
  const max = Math.max(...values, projection.safetyStock, 1) * 1.08;
  const yTicks = ticks(min, max);
  const low = Math.min(min, yTicks[0]);
  const high = Math.max(max, yTicks[yTicks.length - 1]);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value) => MARGIN.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const band = plotWidth / Math.max(1, data.length);
  const x = (index) => MARGIN.left + band * index + band / 2;
  const barWidth = Math.min(18, band / 5);

  const shortfall = data.find((day) => day.closing < projection.safetyStock - 1e-6);
  const titleId = `chart-title-${Math.random().toString(36).slice(2)}`;
  const descId = `${titleId}-desc`;
  const description = shortfall
    ? `Closing stock falls below the safety stock of ${format.quantity(projection.safetyStock, unit)} on ${format.day(shortfall.date)} (${format.quantity(shortfall.closing, unit)}).`
    : `Closing stock stays at or above the safety stock of ${format.quantity(projection.safetyStock, unit)} for ${data.length} days.`;

  const bars = data.flatMap((day, index) =>
    ['receipts', 'demand', 'expired'].map((key, offset) => {
      const value = day[key];
      const top = y(Math.max(0, value));
      return s(
        'rect',
        {
          class: `bar bar-${key}`,
          x: (x(index) + (offset - 1) * (barWidth + 2) - barWidth / 2).toFixed(1),
          y: top.toFixed(1),
          width: barWidth.toFixed(1),
          height: Math.max(0, Math.abs(y(0) - y(value))).toFixed(1),
        },
        s('title', {}, `${format.day(day.date)} — ${key}: ${format.quantity(value, unit)}`),
      );
    }),
  );
  const path = (key) =>
    data.map((day, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(day[key]).toFixed(1)}`).join(' ');
  const points = (key) =>
    data.map((day, index) =>
      s('circle', { class: `point point-${key}`, cx: x(index).toFixed(1), cy: y(day[key]).toFixed(1), r: 3.5 },
        s('title', {}, `${format.day(day.date)} — ${key}: ${format.quantity(day[key], unit)}`)),
    );

  const svg = s(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMidYMid meet',
    },
    s('title', { id: titleId }, `${name}: ${data.length}-day stock projection in ${unit.toLowerCase()}`),
    s('desc', { id: descId }, description),
    yTicks.map((value) => [
      s('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value).toFixed(1), y2: y(value).toFixed(1) }),
      s('text', { class: 'tick', x: MARGIN.left - 8, y: (y(value) + 4).toFixed(1), 'text-anchor': 'end' }, format.number(value)),
    ]),
    s('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0).toFixed(1), y2: y(0).toFixed(1) }),
    s('text', { class: 'tick unit', x: MARGIN.left - 8, y: 14, 'text-anchor': 'end' }, unit.toLowerCase()),
    data.map((day, index) => s('text', { class: 'tick', x: x(index).toFixed(1), y: HEIGHT - 16, 'text-anchor': 'middle' }, format.day(day.date))),
    projection.safetyStock > low
      ? s('rect', {
          class: 'shortfall-zone',
          x: MARGIN.left,
          y: y(projection.safetyStock).toFixed(1),
          width: plotWidth,
          height: (y(low) - y(projection.safetyStock)).toFixed(1),
        })
      : null,
    bars,
    s('line', {
      class: 'safety',
      x1: MARGIN.left,
      x2: WIDTH - MARGIN.right,
      y1: y(projection.safetyStock).toFixed(1),
      y2: y(projection.safetyStock).toFixed(1),
    }, s('title', {}, `Safety stock: ${format.quantity(projection.safetyStock, unit)}`)),
    s('path', { class: 'line line-opening', d: path('opening') }),
    s('path', { class: 'line line-closing', d: path('closing') }),
    points('opening'),
    points('closing'),
  );

  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Chart legend' },
    SERIES.map((series) => h('li', {}, h('span', { class: `swatch swatch-${series.key} swatch-${series.kind}`, 'aria-hidden': 'true' }), series.label)),
  );

  const table = h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, `Projection of ${name} as a table`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        {},
        h('caption', {}, `${name}, ${unit.toLowerCase()}; safety stock ${format.quantity(projection.safetyStock, unit)}`),
        h('thead', {}, h('tr', {}, ['Day', 'Opening', 'Receipts', 'Demand', 'Expired', 'Closing'].map((label, index) =>
          h('th', { scope: 'col', class: index ? 'num' : undefined }, label)))),
        h('tbody', {}, data.map((day) =>
          h('tr', { class: day.closing < projection.safetyStock - 1e-6 ? 'below' : undefined },
            h('th', { scope: 'row' }, format.day(day.date)),
            ['opening', 'receipts', 'demand', 'expired', 'closing'].map((key) => h('td', { class: 'num' }, format.number(day[key])))))),
      ),
    ),
  );

  return h('figure', { class: 'projection' }, svg, h('figcaption', {}, description), legend, table);
}
