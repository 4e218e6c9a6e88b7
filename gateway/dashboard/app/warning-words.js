// Plan warnings in a manager's words: each code (PlanWarningCode in the planning schema) gets a
// short heading, and warnings are grouped by it, most pressing first. The API's message stays the
// detail under the heading; the code itself is never shown.

/** Heading (group title) and one-line meaning of each code, in the order groups are shown. */
export const WARNING_WORDS = {
  STOCKOUT_RISK: { heading: 'May run out', meaning: 'Stock falls below the safety level before any delivery can arrive.' },
  LATE_DELIVERY: { heading: 'Delivery too late', meaning: 'No supplier can deliver by the day it is needed; the order is marked urgent.' },
  BELOW_MINIMUM_ORDER_VALUE: { heading: "Order below the supplier's minimum", meaning: 'The supplier may refuse or charge extra.' },
  WASTE_RISK: { heading: 'Some of a delivery may go to waste', meaning: 'Pack sizes or minimum quantities bring more than will be used before it expires.' },
  STALE_SALES_DATA: { heading: 'Sales figures are out of date', meaning: 'Record recent sales: the forecast rests on old ones.' },
  NO_SALES_HISTORY: { heading: 'No sales recorded yet', meaning: 'Nothing is baked for these products until their sales are recorded.' },
  CURRENCY_MISMATCH: { heading: 'Supplier charges in another currency', meaning: "Its offers are left out until its currency or the bakery's matches." },
  UNIT_MISMATCH: { heading: "Recipe unit does not match the stock's", meaning: 'That recipe line is left out of the plan.' },
  DANGLING_REFERENCE: { heading: 'Recipe or offer names a missing ingredient', meaning: 'It is left out of the plan until fixed.' },
};

const ORDER = Object.keys(WARNING_WORDS);

/** The heading of a code; an unknown (newer) code reads as a generic heading, never as the code. */
export function warningHeading(code) {
  return WARNING_WORDS[code]?.heading ?? 'Something to check';
}

/**
 * Warnings grouped by code: `[{ code, heading, meaning, warnings }]`, most pressing group first,
 * unknown codes last; each group keeps the API's order.
 */
export function groupWarnings(warnings) {
  const groups = new Map();
  for (const warning of warnings) {
    if (!groups.has(warning.code)) {
      const words = WARNING_WORDS[warning.code];
      groups.set(warning.code, { code: warning.code, heading: warningHeading(warning.code), meaning: words?.meaning ?? '', warnings: [] });
    }
    groups.get(warning.code).warnings.push(warning);
  }
  const rank = (code) => (ORDER.includes(code) ? ORDER.indexOf(code) : ORDER.length);
  return [...groups.values()].sort((a, b) => rank(a.code) - rank(b.code));
}

/** Internal words the API's messages may carry, with what a manager would call them. */
const PLAIN = [[/\bsnapshot\b/gi, 'stock count']];

/** The API's message with internal words replaced. */
export function plainMessage(message) {
  return PLAIN.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
