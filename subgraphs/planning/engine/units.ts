import type { Unit } from './types.ts';

/** Unit → [dimension, size in the dimension's base unit]. UNIT is its own dimension. */
const UNIT_SCALE: Record<Unit, readonly [dimension: string, factor: number]> = {
  G: ['mass', 1],
  KG: ['mass', 1000],
  ML: ['volume', 1],
  L: ['volume', 1000],
  UNIT: ['count', 1],
};

/**
 * `quantity` expressed in `to`, or null when the units measure different things
 * (mass ↔ volume, anything ↔ UNIT). G↔KG and ML↔L convert by 1000.
 */
export function convertQuantity(quantity: number, from: Unit, to: Unit): number | null {
  if (from === to) return quantity;
  const [fromDimension, fromFactor] = UNIT_SCALE[from];
  const [toDimension, toFactor] = UNIT_SCALE[to];
  if (fromDimension !== toDimension) return null;
  return (quantity * fromFactor) / toFactor;
}
