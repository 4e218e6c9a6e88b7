import { WEEKDAYS } from './dates.ts';
import type { Unit, Weekday } from './types.ts';

/** How numbers read in warnings and line reasons: at most two decimals, no trailing zeros. */

const UNIT_LABELS: Record<Unit, string> = { G: 'g', KG: 'kg', ML: 'ml', L: 'l', UNIT: 'units' };

export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** "75 kg", "1 unit", "12.5 units". */
export function formatQuantity(value: number, unit: Unit): string {
  const text = formatNumber(value);
  if (unit === 'UNIT') return `${text} ${text === '1' ? 'unit' : 'units'}`;
  return `${text} ${UNIT_LABELS[unit]}`;
}

/** "kg", "units". */
export function formatUnit(unit: Unit): string {
  return unit === 'UNIT' ? 'unit' : UNIT_LABELS[unit];
}

/** Money always shows cents: "212.50". */
export function formatMoney(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/**
 * A unit price with the digits it has: at least 2 decimals, at most 6 (the precision prices are
 * stored with), no trailing zeros past the second: 0.024 → "0.024", 0.00085 → "0.00085",
 * 1.5 → "1.50", 0.1234567 → "0.123457". Money totals use formatMoney (cents).
 */
export function formatUnitPrice(value: number): string {
  return (Math.round(value * 1e6) / 1e6).toFixed(6).replace(/0{1,4}$/, '');
}

/** "Mon/Wed/Fri", or "every day" for an empty list. */
export function formatDeliveryDays(days: readonly Weekday[]): string {
  if (days.length === 0 || WEEKDAYS.every((day) => days.includes(day))) return 'every day';
  return WEEKDAYS.filter((day) => days.includes(day))
    .map((day) => day[0] + day.slice(1).toLowerCase())
    .join('/');
}

export function formatDays(count: number): string {
  return formatCount(count, 'day', 'days');
}

/** "1 delivery", "12 deliveries". */
export function formatCount(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
