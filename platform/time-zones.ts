/** True when `zone` is an IANA time zone this runtime knows (e.g. Europe/Madrid). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MS_PER_DAY = 86_400_000;

/** The calendar day `days` after `date` (YYYY-MM-DD; negative: before), in UTC so no DST shifts it. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `zone`. */
export function dateIn(zone: string, instant: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The header in which the gateway tells a subgraph the caller's tenant's time zone. */
export const TIME_ZONE_HEADER = 'x-levain-time-zone';

/**
 * The time zone a request's `x-levain-time-zone` header names, when it is one; UTC otherwise
 * (a subgraph asked directly, not through the gateway). It only decides which calendar day
 * "today" is for the caller's own tenant.
 */
export function timeZoneOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && isTimeZone(header) ? header : 'UTC';
}
