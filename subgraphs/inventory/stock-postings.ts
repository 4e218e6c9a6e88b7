import { createHash } from 'node:crypto';
import { badUserInput } from '../../platform/errors.ts';
import type { StockPosting, StockPostingLine } from './models.ts';
import type { InventoryRepository } from './repository.ts';
import { applyStockMovement } from './stock-service.ts';
import type { StockPostingInput } from './validation.ts';

export interface StockPostingOutcome {
  posting: StockPosting;
  /** True when the key had been posted before: this call changed nothing and returns that first answer. */
  replayed: boolean;
  /** Ingredients this posting took from ≥ their reorder point to below it. */
  crossedReorderPoint: string[];
}

/**
 * Applies a set of movements all at once, at most once per key (postStockMovements, planning's
 * outbox posting receipts and baking). The key is claimed first, in the same transaction as the
 * movements: a second post of the key (a retry after a lost answer, a second dispatcher) finds
 * it and returns the first answer without touching stock; a concurrent one waits on the claim
 * and then does the same. A key reused for other content is a BAD_USER_INPUT error.
 *
 * A RECEIPT line adds a lot received on `occurredOn` (expiry as given, else the shelf-life
 * default) carrying the supplier's lot code; a PRODUCTION line takes first-expiring-first-out
 * what is on hand up to its quantity — the baking happened, so a shortfall is reported, never
 * refused. Ingredients are locked in id order, so two postings never deadlock.
 */
export function postStockMovements(repository: InventoryRepository, input: StockPostingInput, recordedBy: string): Promise<StockPostingOutcome> {
  const contentHash = hashPosting(input);
  return repository.transaction(async (transaction) => {
    const claimed = await transaction.postings.claim({ key: input.key, kind: input.kind, occurredOn: input.occurredOn, contentHash, recordedBy });
    if (!claimed) {
      const posting = (await transaction.postings.find(input.key))!;
      if (posting.contentHash !== contentHash) {
        throw badUserInput(`key ${input.key} was already posted with other movements; a key posts one set of movements once`, { field: 'key' });
      }
      return { posting, replayed: true, crossedReorderPoint: [] };
    }
    const order = input.lines.map((_, index) => index).sort((a, b) => compareIds(input.lines[a].ingredientId, input.lines[b].ingredientId));
    const lines: StockPostingLine[] = new Array(input.lines.length);
    const crossedReorderPoint: string[] = [];
    for (const index of order) {
      const line = input.lines[index];
      const outcome = await applyStockMovement(
        transaction,
        { ingredientId: line.ingredientId, kind: input.kind, quantity: line.quantity, expiresOn: line.expiresOn, note: input.note },
        recordedBy,
        input.occurredOn,
        { postingKey: input.key, lotCode: line.lotCode, takeWhatIsThere: input.kind === 'PRODUCTION' },
      );
      if (outcome.crossedReorderPoint) crossedReorderPoint.push(line.ingredientId);
      lines[index] = {
        ingredientId: line.ingredientId,
        requested: line.quantity,
        posted: outcome.movement?.quantity ?? 0,
        movementId: outcome.movement?.id ?? null,
        lotId: outcome.lot?.id ?? null,
        expiresOn: outcome.lot?.expiresOn ?? null,
      };
    }
    return { posting: await transaction.postings.saveLines(input.key, lines), replayed: false, crossedReorderPoint };
  });
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** SHA-256 of what a posting does (kind, day, note, lines in order), to recognise a key reused for something else. */
function hashPosting(input: StockPostingInput): string {
  const { kind, occurredOn, note, lines } = input;
  return createHash('sha256').update(JSON.stringify({ kind, occurredOn, note, lines })).digest('hex');
}
