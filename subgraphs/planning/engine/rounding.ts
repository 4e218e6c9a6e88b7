/** Quantities are kept to 1e-6 of their unit: enough for grams of yeast, no float noise in output. */
const QUANTITY_SCALE = 1e6;

export function roundQuantity(value: number): number {
  const rounded = Math.round(value * QUANTITY_SCALE) / QUANTITY_SCALE;
  return rounded === 0 ? 0 : rounded; // no -0 in output
}

/** To the cent. */
export function roundMoney(value: number): number {
  const rounded = Math.round((value + Number.EPSILON) * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** ceil that ignores float noise: ceil(3.0000000001) is 3, not 4. */
export function ceilQuantity(value: number): number {
  return Math.ceil(roundQuantity(value));
}

/** True when `a < b` by at least the quantity resolution (1e-6), so float noise never triggers an order. */
export function lessThan(a: number, b: number): boolean {
  return roundQuantity(b - a) > 0;
}
