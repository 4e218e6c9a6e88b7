// Day-by-day charts as inline SVG, each with its legend and its figures as a table: one ingredient's
// stock projection (Stock) and one product's kept forecast against what sold (Forecasts). Both are
// drawn by `dailyChart`. Colours come from the stylesheet (classes), so the charts follow the
// page's palette and the CSP (no inline styles).
import { format, h, plural, s } from './dom.js';

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 28, right: 32, bottom: 40, left: 64 };
/** Most day labels under the x axis; longer ranges label every few days, ending on the last day. */
const MAX_DAY_LABELS = 7;

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

let chartCount = 0;

/**
 * One SVG chart over consecutive days. Values may be null (nothing to draw that day: a line
 * breaks there). Every mark carries a tooltip title; the chart is one labelled image.
 *
 * @param spec.title the image's name, read first by screen readers
 * @param spec.description what the chart shows, in one sentence
 * @param spec.unit the y axis' unit label
 * @param spec.dates YYYY-MM-DD days, left to right
 * @param spec.bars `[{ key, label, values, classes?(index) }]`, side by side within each day
 * @param spec.lines `[{ key, label, values }]`, drawn over the bars with a point on each day
 * @param spec.rule `{ key, label, value, zone?: { key, label } }`: a horizontal line; with `zone`, the area below it shaded
 * @param spec.marks `[{ key, label, values }]`: a triangle above each non-null value (a flag on that day's bar)
 */
function dailyChart({ title, description, unit, dates, bars = [], lines = [], rule, marks = [] }) {
  const values = [...bars, ...lines, ...marks].flatMap((series) => series.values).filter((value) => value !== null);
  const min = Math.min(0, ...values, rule?.value ?? 0);
  const max = Math.max(...values, rule?.value ?? 0, 1) * 1.08;
  const yTicks = ticks(min, max);
  const low = Math.min(min, yTicks[0]);
  const high = Math.max(max, yTicks[yTicks.length - 1]);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value) => MARGIN.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const band = plotWidth / Math.max(1, dates.length);
  const x = (index) => MARGIN.left + band * index + band / 2;
  const barWidth = Math.min(18, band / (bars.length + 2));
  const barX = (index, offset) => x(index) + (offset - (bars.length - 1) / 2) * (barWidth + 2) - barWidth / 2;
  const tip = (index, label, value) => s('title', {}, `${format.day(dates[index])} — ${label}: ${format.quantity(value, unit)}`);
  const labelEvery = Math.ceil(dates.length / MAX_DAY_LABELS);
  chartCount += 1;
  const titleId = `chart-title-${chartCount}`;
  const descId = `${titleId}-desc`;

  const barMarks = bars.flatMap((series, offset) =>
    series.values.map((value, index) => value === null ? null : s(
      'rect',
      {
        class: ['bar', `bar-${series.key}`, series.classes?.(index)],
        x: barX(index, offset).toFixed(1),
        y: y(Math.max(0, value)).toFixed(1),
        width: barWidth.toFixed(1),
        height: Math.max(0, Math.abs(y(0) - y(value))).toFixed(1),
      },
      tip(index, series.label, value),
    )),
  );
  // A null value breaks the line: the next point starts a new segment.
  const path = (series) => series.values
    .map((value, index) => {
      if (value === null) return null;
      const command = index > 0 && series.values[index - 1] !== null ? 'L' : 'M';
      return `${command}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
    })
    .filter(Boolean)
    .join(' ');
  const lineMarks = lines.map((series) => [
    s('path', { class: `line line-${series.key}`, d: path(series) }),
    series.values.map((value, index) => value === null ? null : s(
      'circle', { class: `point point-${series.key}`, cx: x(index).toFixed(1), cy: y(value).toFixed(1), r: 3.5 }, tip(index, series.label, value))),
  ]);
  const flagMarks = marks.flatMap((series) => series.values.map((value, index) => {
    if (value === null) return null;
    const [cx, top] = [x(index), y(Math.max(0, value)) - 4];
    return s('path', { class: `mark mark-${series.key}`, d: `M${(cx - 5).toFixed(1)},${(top - 8).toFixed(1)} h10 l-5,8 z` },
      s('title', {}, `${format.day(dates[index])} — ${series.label}`));
  }));

  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMidYMid meet' },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, description),
    yTicks.map((value) => [
      s('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value).toFixed(1), y2: y(value).toFixed(1) }),
      s('text', { class: 'tick', x: MARGIN.left - 8, y: (y(value) + 4).toFixed(1), 'text-anchor': 'end' }, format.number(value)),
    ]),
    s('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0).toFixed(1), y2: y(0).toFixed(1) }),
    s('text', { class: 'tick unit', x: MARGIN.left - 8, y: 14, 'text-anchor': 'end' }, unit === 'UNIT' ? 'units' : unit.toLowerCase()),
    dates.map((date, index) => (dates.length - 1 - index) % labelEvery === 0
      ? s('text', { class: 'tick', x: x(index).toFixed(1), y: HEIGHT - 16, 'text-anchor': 'middle' }, format.day(date))
      : null),
    rule?.zone && rule.value > low
      ? s('rect', { class: `${rule.zone.key}-zone`, x: MARGIN.left, y: y(rule.value).toFixed(1), width: plotWidth, height: (y(low) - y(rule.value)).toFixed(1) })
      : null,
    barMarks,
    rule
      ? s('line', { class: rule.key, x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(rule.value).toFixed(1), y2: y(rule.value).toFixed(1) },
          s('title', {}, `${rule.label}: ${format.quantity(rule.value, unit)}`))
      : null,
    lineMarks,
    flagMarks,
  );
}

/** The chart's key, one entry a series, in the order of the spec. */
function legend({ bars = [], lines = [], rule, marks = [] }) {
  const entries = [
    ...bars.map((series) => ({ ...series, kind: 'bar' })),
    ...lines.map((series) => ({ ...series, kind: 'line' })),
    ...(rule ? [{ ...rule, kind: 'rule' }] : []),
    ...(rule?.zone ? [{ ...rule.zone, kind: 'zone' }] : []),
    ...marks.map((series) => ({ ...series, kind: 'mark' })),
  ];
  return h('ul', { class: 'legend', 'aria-label': 'Chart legend' },
    entries.map((entry) => h('li', {}, h('span', { class: `swatch swatch-${entry.key} swatch-${entry.kind}`, 'aria-hidden': 'true' }), entry.label)));
}

/**
 * The chart's figures as a table, one row a day, folded under a summary.
 * @param columns `[{ label, numeric?, cell(day) }]` after the day column
 * @param rowClass(day) a class for the row, or undefined
 */
function figuresTable({ summary, caption, rows, columns, rowClass }) {
  return h('details', { class: 'chart-data' },
    h('summary', {}, summary),
    h('div', { class: 'table-scroll', tabindex: 0 },
      h('table', {},
        h('caption', {}, caption),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Day'),
          columns.map((column) => h('th', { scope: 'col', class: column.numeric ? 'num' : undefined }, column.label)))),
        h('tbody', {}, rows.map((row) =>
          h('tr', { class: rowClass?.(row), 'data-date': row.date },
            h('th', { scope: 'row' }, format.day(row.date)),
            columns.map((column) => h('td', { class: column.numeric ? 'num' : undefined }, column.cell(row)))))))));
}

/**
 * A chart as a figure: the SVG (in a box that scrolls sideways when `scrolls`, where the chart
 * keeps a minimum width), its description as the caption, its legend and its figures table.
 */
function chartFigure({ className, chart, table, scrolls = false }) {
  const svg = dailyChart(chart);
  return h('figure', { class: className },
    scrolls ? h('div', { class: 'chart-scroll', tabindex: 0, role: 'region', 'aria-label': `${chart.title} (scrolls sideways)` }, svg) : svg,
    h('figcaption', {}, chart.description),
    legend(chart),
    figuresTable(table));
}

/**
 * @param projection `{ ingredient: { name }, unit, safetyStock, days: [{ date, opening, receipts, demand, expired, closing }] }`
 * @param days how many days to draw from the start (default 7)
 */
export function projectionChart(projection, days = 7) {
  const data = projection.days.slice(0, days);
  const name = projection.ingredient.name;
  const { unit, safetyStock } = projection;
  const below = (day) => day.closing < safetyStock - 1e-6;
  const shortfall = data.find(below);
  const series = (key, label) => ({ key, label, values: data.map((day) => day[key]) });
  return chartFigure({
    className: 'projection',
    chart: {
      title: `${name}: ${data.length}-day stock projection in ${unit.toLowerCase()}`,
      description: shortfall
        ? `Closing stock falls below the safety stock of ${format.quantity(safetyStock, unit)} on ${format.day(shortfall.date)} (${format.quantity(shortfall.closing, unit)}).`
        : `Closing stock stays at or above the safety stock of ${format.quantity(safetyStock, unit)} for ${data.length} days.`,
      unit,
      dates: data.map((day) => day.date),
      bars: [series('receipts', 'Receipts'), series('demand', 'Demand'), series('expired', 'Expired')],
      lines: [series('opening', 'Opening stock'), series('closing', 'Closing stock')],
      rule: { key: 'safety', label: 'Safety stock', value: safetyStock, zone: { key: 'shortfall', label: 'Below safety stock' } },
    },
    table: {
      summary: `Projection of ${name} as a table`,
      caption: `${name}, ${unit.toLowerCase()}; safety stock ${format.quantity(safetyStock, unit)}`,
      rows: data,
      columns: [['opening', 'Opening'], ['receipts', 'Receipts'], ['demand', 'Demand'], ['expired', 'Expired'], ['closing', 'Closing']]
        .map(([key, label]) => ({ label, numeric: true, cell: (day) => format.number(day[key]) })),
      rowClass: (day) => (below(day) ? 'below' : undefined),
    },
  });
}

/**
 * One product's kept forecast against what sold, day by day; the chart keeps a readable width
 * and scrolls sideways on a narrow screen.
 * @param product `{ name }`
 * @param days `[{ date, forecast: number|null, sold: number|null, soldOut: boolean }]`: sold is
 *   null on a day with no sales recorded at all (closed, or not entered)
 */
export function forecastChart(product, days) {
  const compared = days.filter((day) => day.forecast !== null && day.sold !== null);
  const total = (key) => compared.reduce((sum, day) => sum + day[key], 0);
  const soldOutDays = days.filter((day) => day.soldOut).length;
  const difference = (day) => {
    if (day.forecast === null || day.sold === null) return '—';
    const value = day.forecast - day.sold;
    return `${value > 0 ? '+' : ''}${format.number(value)}`;
  };
  return chartFigure({
    className: 'forecast-chart',
    scrolls: true,
    chart: {
      title: `${product.name}: forecast against sales, last ${days.length} days`,
      description: compared.length === 0
        ? `No day of the last ${days.length} has both a kept forecast and recorded sales.`
        : `On the ${compared.length} days with a kept forecast and recorded sales, the forecast said ${format.quantity(total('forecast'), 'UNIT')} ` +
          `and ${format.quantity(total('sold'), 'UNIT')} sold` +
          (soldOutDays ? `; sold out on ${plural(soldOutDays, 'day')}, when more would have sold.` : '.'),
      unit: 'UNIT',
      dates: days.map((day) => day.date),
      bars: [{ key: 'sold', label: 'Sold', values: days.map((day) => day.sold), classes: (index) => (days[index].soldOut ? 'bar-sold-out' : undefined) }],
      lines: [{ key: 'forecast', label: 'Kept forecast', values: days.map((day) => day.forecast) }],
      marks: [{ key: 'sold-out', label: 'Sold out (more would have sold)', values: days.map((day) => (day.soldOut ? day.sold : null)) }],
    },
    table: {
      summary: `Forecast and sales of ${product.name} as a table`,
      caption: `${product.name}, units a day; forecast minus sold above 0 means too much was planned`,
      rows: days,
      columns: [
        { label: 'Forecast', numeric: true, cell: (day) => (day.forecast === null ? '—' : format.number(day.forecast)) },
        { label: 'Sold', numeric: true, cell: (day) => (day.sold === null ? 'not recorded' : format.number(day.sold)) },
        { label: 'Sold out', cell: (day) => (day.soldOut ? 'yes' : '') },
        { label: 'Forecast − sold', numeric: true, cell: difference },
      ],
      rowClass: (day) => (day.soldOut ? 'sold-out' : undefined),
    },
  });
}
