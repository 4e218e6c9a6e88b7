const MS_PER_DAY = 86_400_000;

/** The calendar day `days` after `date` (YYYY-MM-DD; negative: before), in UTC so no DST shifts it. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}
