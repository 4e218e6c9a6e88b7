/**
 * Calendar days (YYYY-MM-DD) for inventory. "Today" is the UTC date for now: inventory does not
 * know the tenant's time zone (planning owns it), so near midnight a lot's default expiry can be
 * a day off from the bakery's local calendar.
 */

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
