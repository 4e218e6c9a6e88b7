/**
 * Calendar days (YYYY-MM-DD) for inventory. "Today" is the UTC date for now: inventory does not
 * know the tenant's time zone (planning owns it), so near midnight a lot's default expiry can be
 * a day off from the bakery's local calendar.
 */

const MS_PER_DAY = 86_400_000;

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) plus `days` (may be negative), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}
