import { describe, expect, test } from 'vitest';
import { formatMoney, formatUnitPrice } from './wording.ts';

describe('formatUnitPrice', () => {
  test.each([
    [0.024, '0.024'],
    [0.00085, '0.00085'],
    [1.5, '1.50'],
    [12, '12.00'],
    [0.8, '0.80'],
    [0.1234567, '0.123457'],
    [0.0000004, '0.00'],
    [2.125, '2.125'],
  ])('%d reads "%s": the digits it has, at least 2 and at most 6 decimals', (value, text) => {
    expect(formatUnitPrice(value)).toBe(text);
  });

  test('a price per gram keeps what formatMoney would round away, and the line cost is still in cents', () => {
    expect(formatMoney(0.024)).toBe('0.02');
    expect(`500 g × €${formatUnitPrice(0.024)} = €${formatMoney(500 * 0.024)}`).toBe('500 g × €0.024 = €12.00');
  });
});
