/**
 * A formatter of calendar days (YYYY-MM-DD) per time zone this runtime knows; building one costs
 * far more than using it, and every request of a subgraph names its tenant's zone.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_DAY_FORMATS = 1_000;

function dayFormatOf(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Kept while there are fewer than MAX_DAY_FORMATS: zones are a few hundred, but Intl also
    // accepts each name in any letter case, so a caller could otherwise grow the map at will.
    if (dayFormats.size < MAX_DAY_FORMATS) dayFormats.set(zone, format);
  }
  return format;
}

/** True when `zone` is an IANA time zone this runtime knows (e.g. Europe/Madrid). */
export function isTimeZone(zone: string): boolean {
  if (dayFormats.has(zone)) return true;
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return false;
  try {
    dayFormatOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone as Intl spells it (`europe/madrid` → `Europe/Madrid`, `utc` → `UTC`); `zone` must pass {@link isTimeZone}. */
export function canonicalTimeZone(zone: string): string {
  return dayFormatOf(zone).resolvedOptions().timeZone;
}

const MS_PER_DAY = 86_400_000;

/** The calendar day `days` after `date` (YYYY-MM-DD; negative: before), in UTC so no DST shifts it. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `zone`. */
export function dateIn(zone: string, instant: Date = new Date()): string {
  return dayFormatOf(zone).format(instant);
}
