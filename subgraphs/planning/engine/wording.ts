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

/** A unit price with the digits it has (up to 6 decimals, at least 2): "0.024", "1.50". */
export function formatUnitPrice(value: number): string {
  const text = String(Math.round(value * 1e6) / 1e6);
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  return decimals >= 2 ? text : value.toFixed(2);
}

/** Money always shows cents: "212.50". */
export function formatMoney(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/** "Mon/Wed/Fri", or "every day" for an empty list. */
export function formatDeliveryDays(days: readonly Weekday[]): string {
  if (days.length === 0 || WEEKDAYS.every((day) => days.includes(day))) return 'every day';
  return WEEKDAYS.filter((day) => days.includes(day))
    .map((day) => day[0] + day.slice(1).toLowerCase())
    .join('/');
}

export function formatDays(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'day' : 'days'}`;
}
