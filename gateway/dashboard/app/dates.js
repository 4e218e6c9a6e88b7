// Calendar days in the bakery's time zone (plan dates are such days, not instants).

/** The YYYY-MM-DD day `days` after the YYYY-MM-DD day `date` (negative: before). */
export function addDays(date, days) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** YYYY-MM-DD `days` after today in `timeZone`. */
export function dayInZone(timeZone, days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return addDays(today, days);
}
