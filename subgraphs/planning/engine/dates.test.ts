import { describe, expect, it } from 'vitest';
import { addDays, diffDays, formatDay, weekdayOf } from './dates.ts';

describe('dates', () => {
  it('adds and counts days across months, years and leap days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(diffDays('2026-12-07', '2027-01-02')).toBe(26);
    expect(diffDays('2026-03-29', '2026-03-30')).toBe(1); // a DST change in Europe changes nothing here
  });

  it('names weekdays and formats days for people', () => {
    expect(weekdayOf('2026-12-07')).toBe('MON');
    expect(weekdayOf('2026-12-13')).toBe('SUN');
    expect(weekdayOf('1970-01-01')).toBe('THU');
    expect(formatDay('2026-12-11')).toBe('Fri 11 Dec');
    expect(formatDay('2027-01-02')).toBe('Sat 2 Jan');
  });

  it('rejects what is not a calendar date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow('expected a calendar date as YYYY-MM-DD, got "2026-02-30"');
    expect(() => weekdayOf('2026-1-5')).toThrow('got "2026-1-5"');
  });
});
