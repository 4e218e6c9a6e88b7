// Calendar days in the bakery's time zone (plan dates are such days, not instants).

/** YYYY-MM-DD `days` after today in `timeZone`. */
export function dayInZone(timeZone, days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [year, month, day] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
