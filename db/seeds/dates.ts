import type { Weekday } from './bakery.ts';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** True when `value` is a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!CALENDAR_DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** Throws unless `value` is a real calendar day written YYYY-MM-DD; returns it. */
export function assertCalendarDate(value: string, label = 'date'): string {
  if (!isCalendarDate(value)) throw new Error(`${label} must be a calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS_FROM_SUNDAY[new Date(`${date}T00:00:00Z`).getUTCDay()];
}
