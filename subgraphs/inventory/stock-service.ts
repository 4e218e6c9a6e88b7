import { badUserInput, notFound } from '../../platform/errors.ts';
import { toConnection, type Connection, type Page } from '../../platform/pagination.ts';
import { addDays } from '../../platform/time-zones.ts';
import { takeFefo, totalQuantity } from './fefo.ts';
import { stockChange, type Ingredient, type StockLevel, type StockLot, type StockMovement } from './models.ts';
import type { InventoryRepository } from './repository.ts';
import type { StockMovementInput } from './validation.ts';

export interface StockMovementOutcome {
  movement: StockMovement;
  /** The ingredient's stock after the movement. */
  stock: StockLevel;
  /** True when the movement took on-hand stock from ≥ the reorder point to below it. */
  crossedReorderPoint: boolean;
  /** The lot a RECEIPT or a positive ADJUSTMENT added; null for movements that take stock. */
  lot: StockLot | null;
}

/** How a movement posted by planning (postStockMovements) differs from one a planner records. */
export interface PostedMovement {
  /** The posting's key, written on the ledger line. */
  postingKey: string;
  /** The supplier's lot code of the lot a receipt adds. */
  lotCode: string | null;
  /**
   * Take what is on hand, up to the quantity, instead of refusing a take larger than stock: baking
   * already happened, so its consumption is posted as far as the stock goes (the rest is the
   * shortfall the posting reports).
   */
  takeWhatIsThere: boolean;
}

/**
 * Records one movement and applies it to the lots, all in one transaction: a RECEIPT or a
 * positive ADJUSTMENT adds a lot received `today` (expiring on `expiresOn`, else `today +
 * shelfLifeDays` for a perishable, else never); a CONSUMPTION, a WASTE or a negative
 * ADJUSTMENT takes from the lots first-expiring-first-out and is refused (BAD_USER_INPUT,
 * nothing written) when it asks for more than is on hand.
 *
 * The ingredient row is locked first, so movements of one ingredient run one after another:
 * locking only the existing lots would let a concurrent receipt slip in between reading the
 * stock and deciding whether the reorder point was crossed.
 *
 * @param recordedBy the caller's user id, written on the ledger line
 * @param today YYYY-MM-DD, the tenant's calendar day (SubgraphContext.today)
 */
export function recordStockMovement(
  repository: InventoryRepository,
  input: StockMovementInput,
  recordedBy: string,
  today: string,
): Promise<StockMovementOutcome> {
  return repository.transaction(async (transaction) => {
    const outcome = await applyStockMovement(transaction, input, recordedBy, today);
    return { ...outcome, movement: outcome.movement! };
  });
}

/**
 * {@link recordStockMovement}'s work inside a transaction the caller holds (the stock-lot import
 * and postStockMovements apply many in one), a lot it adds being received on `receivedOn`
 * (YYYY-MM-DD; today for the mutation, the file's date for an import, the posting's date for a
 * posting). `posted`: the movement comes from a posting (see {@link PostedMovement}); a take
 * whose stock is short then records what it took (nothing at all when nothing is on hand:
 * `movement` is null).
 */
export async function applyStockMovement(
  transaction: InventoryRepository,
  input: StockMovementInput,
  recordedBy: string,
  receivedOn: string,
  posted?: PostedMovement,
): Promise<Omit<StockMovementOutcome, 'movement'> & { movement: StockMovement | null }> {
  const ingredient = await transaction.ingredients.lock(input.ingredientId);
  if (!ingredient) throw notFound(`ingredient ${input.ingredientId} not found`);
  const lots = await transaction.stock.lockLots(ingredient.id);
  const onHandBefore = totalQuantity(lots);
  const change = stockChange(input);
  let expiresOn: string | null = null;
  let lot: StockLot | null = null;
  let quantity = input.quantity;
  if (change > 0) {
    expiresOn = input.expiresOn ?? defaultExpiry(ingredient, receivedOn);
    lot = await transaction.stock.insertLot({ ingredientId: ingredient.id, quantity: change, receivedOn, expiresOn, lotCode: posted?.lotCode ?? null });
  } else {
    let requested = -change;
    if (Math.round(requested * 1000) > Math.round(onHandBefore * 1000)) {
      if (!posted?.takeWhatIsThere) {
        throw badUserInput(
          `Not enough stock of ${ingredient.name} (${ingredient.sku}): ${onHandBefore} ${ingredient.unit} available, ${requested} ${ingredient.unit} requested`,
          { field: 'quantity', available: onHandBefore, requested },
        );
      }
      requested = onHandBefore;
      quantity = onHandBefore;
    }
    if (requested > 0) await transaction.stock.setLotQuantities(takeFefo(lots, requested));
  }
  const movement =
    quantity === 0
      ? null
      : await transaction.stock.insertMovement({
          ingredientId: ingredient.id,
          kind: input.kind,
          quantity,
          expiresOn,
          note: input.note,
          recordedBy,
          postingKey: posted?.postingKey ?? null,
        });
  const [stock] = await transaction.stock.findLevelsByIngredientIds([ingredient.id]);
  const crossedReorderPoint = onHandBefore >= ingredient.reorderPoint && stock.onHand < ingredient.reorderPoint;
  return { movement, stock, crossedReorderPoint, lot };
}

/** A lot's expiry when none is given: `receivedOn + shelfLifeDays` for a perishable, else none. */
export function defaultExpiry(ingredient: Pick<Ingredient, 'perishable' | 'shelfLifeDays'>, receivedOn: string): string | null {
  return ingredient.perishable && ingredient.shelfLifeDays ? addDays(receivedOn, ingredient.shelfLifeDays) : null;
}

/** A page of one ingredient's movements, newest first (empty for an unknown ingredient). */
export async function listStockMovements(
  repository: InventoryRepository,
  ingredientId: string,
  page: Page,
): Promise<Connection<StockMovement>> {
  const { rows, totalCount } = await repository.stock.listMovements(
    ingredientId,
    page,
  );
  return toConnection(rows, page, totalCount, (row) => row.cursor);
}

/**
 * Quantity in `lots` expiring on or before `today + days`, lots already past expiry included,
 * lots without expiry excluded.
 */
export function quantityExpiringWithin(lots: readonly StockLot[], today: string, days: number): number {
  const horizon = addDays(today, days);
  return totalQuantity(lots.filter((lot) => lot.expiresOn !== null && lot.expiresOn <= horizon));
}
