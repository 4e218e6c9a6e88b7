/**
 * First-expiring-first-out: which lots a CONSUMPTION, a WASTE or a negative ADJUSTMENT takes from.
 *
 * Lots are taken in FEFO order: earliest `expiresOn` first, lots without expiry last, then the
 * oldest `receivedOn`, then by id so the order is total and matches the SQL
 * `order by expires_on asc nulls last, received_on, id`. Arithmetic is done in thousandths, the
 * precision the database keeps, so repeated takes never drift (0.1 + 0.2 stays 0.3).
 */

export interface FefoLot {
  id: string;
  /** In the ingredient's unit, ≥ 0. */
  quantity: number;
  /** YYYY-MM-DD. */
  receivedOn: string;
  /** YYYY-MM-DD, or null when the lot does not expire. */
  expiresOn: string | null;
}

/** A lot's new quantity after a take. */
export interface LotTake {
  lotId: string;
  /** How much came from this lot. */
  taken: number;
  /** What the lot holds afterwards (0 when emptied; the row is kept for history). */
  remaining: number;
}

const toThousandths = (quantity: number) => Math.round(quantity * 1000);
const fromThousandths = (thousandths: number) => thousandths / 1000;

/** Orders lots first-expiring-first-out (see the module note). */
export function compareFefo(a: FefoLot, b: FefoLot): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sum of the lots' quantities, exact to 3 decimals. */
export function totalQuantity(lots: readonly Pick<FefoLot, 'quantity'>[]): number {
  return fromThousandths(lots.reduce((sum, lot) => sum + toThousandths(lot.quantity), 0));
}

/**
 * Takes `quantity` (> 0) from `lots` first-expiring-first-out and returns one entry per lot
 * touched, in the order taken. Throws a RangeError when the lots hold less than `quantity`:
 * callers check availability first and report it to the user.
 */
export function takeFefo(lots: readonly FefoLot[], quantity: number): LotTake[] {
  let wanted = toThousandths(quantity);
  if (wanted <= 0) throw new RangeError(`takeFefo needs a quantity > 0, got ${quantity}`);
  const takes: LotTake[] = [];
  for (const lot of [...lots].sort(compareFefo)) {
    if (wanted === 0) break;
    const held = toThousandths(lot.quantity);
    if (held <= 0) continue;
    const taken = Math.min(held, wanted);
    wanted -= taken;
    takes.push({ lotId: lot.id, taken: fromThousandths(taken), remaining: fromThousandths(held - taken) });
  }
  if (wanted > 0) {
    throw new RangeError(`takeFefo asked for ${quantity} but the lots hold ${totalQuantity(lots)}`);
  }
  return takes;
}
