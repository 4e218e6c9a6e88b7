import { PlanningInputError } from './errors.ts';
import type { IsoDate, Weekday } from './types.ts';

/** Calendar-day arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone or DST can shift a day. */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Sunday-first, matching `Date#getUTCDay`. */
const WEEKDAYS_FROM_SUNDAY: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DAY_LABELS: readonly string[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_LABELS: readonly string[] = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];

/** Monday-first order, for listing delivery days. */
export const WEEKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** Days since 1970-01-01 of a `YYYY-MM-DD` string; throws PlanningInputError on anything else. */
export function toEpochDay(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return ms / MS_PER_DAY;
  }
  throw new PlanningInputError(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

export function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function weekdayOf(date: IsoDate): Weekday {
  return weekdayOfEpochDay(toEpochDay(date));
}

export function weekdayOfEpochDay(epochDay: number): Weekday {
  // 1970-01-01 was a Thursday (getUTCDay 4).
  return WEEKDAYS_FROM_SUNDAY[(((epochDay + 4) % 7) + 7) % 7];
}

/** "Fri 11 Dec". */
export function formatDay(date: IsoDate): string {
  const d = new Date(toEpochDay(date) * MS_PER_DAY);
  return `${DAY_LABELS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_LABELS[d.getUTCMonth()]}`;
}

/**
 * Day indices relative to a plan date, with both directions cached: a plan converts the same
 * few dozen dates thousands of times (every lot, every projected day), and Date formatting
 * is the engine's most expensive primitive.
 */
export interface PlanCalendar {
  planDay: number;
  /** Days from the plan date to `date` (negative before it). */
  dayIndex(date: IsoDate): number;
  /** The date `dayIndex` days after the plan date. */
  dateOf(dayIndex: number): IsoDate;
}

export function planCalendar(planDate: IsoDate): PlanCalendar {
  const planDay = toEpochDay(planDate);
  const indexByDate = new Map<IsoDate, number>();
  const dateByIndex = new Map<number, IsoDate>();
  return {
    planDay,
    dayIndex(date) {
      let index = indexByDate.get(date);
      if (index === undefined) indexByDate.set(date, (index = toEpochDay(date) - planDay));
      return index;
    },
    dateOf(dayIndex) {
      let date = dateByIndex.get(dayIndex);
      if (date === undefined) dateByIndex.set(dayIndex, (date = fromEpochDay(planDay + dayIndex)));
      return date;
    },
  };
}
