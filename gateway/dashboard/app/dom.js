// Tiny DOM helpers. Text always goes in as text nodes (never innerHTML), so data from the API
// cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(element, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'text') element.textContent = String(value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** `h('p', { class: 'hint' }, 'text', otherNode)` — an HTML element. */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  apply(element, attrs);
  append(element, children);
  return element;
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attrs);
  append(element, children);
  return element;
}

/** A status badge: `<span class="badge badge-completed">COMPLETED</span>`. */
export function badge(value, extraClass) {
  return h('span', { class: ['badge', `badge-${String(value).toLowerCase().replace(/[_ ]/g, '-')}`, extraClass] }, value);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const moneyFormats = new Map();

/** A formatter of `currency` (a plain number without one) with 2 to `maxDecimals` decimals, kept per pair. */
function moneyFormat(currency, maxDecimals) {
  const key = `${currency ?? ''}/${maxDecimals}`;
  if (!moneyFormats.has(key)) {
    const style = currency ? { style: 'currency', currency } : {};
    moneyFormats.set(key, new Intl.NumberFormat('en-GB', { ...style, minimumFractionDigits: 2, maximumFractionDigits: maxDecimals }));
  }
  return moneyFormats.get(key);
}

/** "1 batch", "3 batches", "0 units": the count and the noun that agrees with it. */
export function plural(count, singular, pluralForm = `${singular}s`) {
  return `${numberFormat.format(count)} ${count === 1 ? singular : pluralForm}`;
}

export const format = {
  /** 12.5 kg · 1 unit · 8 units (UNIT counts pieces, so it takes a plural; kg and l do not). */
  quantity(value, unit) {
    if (!unit) return numberFormat.format(value);
    if (unit === 'UNIT') return plural(value, 'unit');
    return `${numberFormat.format(value)} ${unit.toLowerCase()}`;
  },
  number(value) {
    return numberFormat.format(value);
  },
  /** A share as a percentage to a tenth: 0.0645 → "6.5 %"; null (no figure) → "—". */
  percent(share) {
    return share === null ? '—' : `${numberFormat.format(Math.round(share * 1000) / 10)} %`;
  },
  /** Amounts in cents: €12.00. */
  money(value, currency) {
    return moneyFormat(currency, 2).format(value);
  },
  /** Unit prices with the digits they have, 2 to 6 decimals: €0.024, €0.00085, €1.50. */
  unitPrice(value, currency) {
    return moneyFormat(currency, 6).format(value);
  },
  /** 'Mon 3 Mar' for a YYYY-MM-DD calendar day (no time-zone shift). */
  day(date) {
    const [year, month, day] = date.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
  },
  /** Local date and time of an ISO instant, to the second. */
  time(iso) {
    if (!iso) return '—';
    return new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
  },
  /** 850 ms · 4.2 s · 3 min 5 s */
  duration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  },
};

/** A visually hidden element read by screen readers. */
export function srOnly(text) {
  return h('span', { class: 'sr-only' }, text);
}
