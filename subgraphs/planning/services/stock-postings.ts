import type { Db } from '../../../db/client.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { ServiceEndpoint } from '../../../platform/service-tokens.ts';
import { querySubgraph } from '../../../platform/subgraph-query.ts';
import {
  findDueStockPostingIds,
  lockUnpostedStockPosting,
  markStockPostingFailed,
  markStockPostingPosted,
  type StockPosting,
  type StockPostingResultLine,
} from '../repository/stock-postings.ts';

/**
 * Sends planning's outbox (planning.stock_postings) to inventory. A receipt or a production
 * record is written with its outbox row in one transaction; the row is then posted here: at once
 * by the request that wrote it, and by the dispatcher (stock-posting-dispatch.ts) for rows that a
 * failure or a crash left unposted.
 *
 * Exactly once: the row's id is the key of inventory's postStockMovements, which applies a key
 * at most once and answers a repeat with its first answer. So a post whose answer was lost (a
 * crash after inventory applied it, a timeout) is simply sent again: inventory does nothing the
 * second time and planning marks the row posted. The row stays locked (FOR UPDATE) while it is
 * sent, so two senders never send the same row at the same time; a crash releases the lock with
 * the connection. A dispatcher skips a row another transaction holds (SKIP LOCKED); the request
 * that wrote the row waits for it instead, so that when the request answers, its stock is posted
 * or its post failed — never still on its way (a dispatcher pass can take a row between the
 * request's commit and its own post; a plan made right after the answer must see that stock).
 */

const POST_STOCK_MOVEMENTS = `mutation PostStockMovements($input: PostStockMovementsInput!) {
  postStockMovements(input: $input) { key replayed lines { ingredientId requested posted lotId expiresOn } }
}`;

/**
 * Posts the outbox row `id` unless it is posted already. When another transaction is posting it,
 * waits for that one to end and posts the row only if it is still unposted; `skipLocked` (the
 * dispatcher) leaves it to that transaction at once. Returns true when this call posted it; a
 * failure is recorded on the row (attempts, last_error, next try put off) and logged, never
 * thrown: the dispatcher tries again.
 */
export async function dispatchStockPosting(db: Db, inventory: ServiceEndpoint, id: string, logger: Logger, { skipLocked = false } = {}): Promise<boolean> {
  return db.transaction(async (trx) => {
    const posting = await lockUnpostedStockPosting(trx, id, skipLocked);
    if (!posting) return false;
    try {
      const lines = await sendToInventory(inventory, posting);
      await markStockPostingPosted(trx, posting.id, { lines });
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ postingId: posting.id, tenantId: posting.tenantId, source: posting.sourceKind, err: message }, 'stock posting not confirmed by inventory; will try again');
      await markStockPostingFailed(trx, posting.id, message);
      return false;
    }
  });
}

/** Posts the rows that are due (every bakery's), oldest first, at most `limit`; returns how many it posted. */
export async function dispatchDueStockPostings(db: Db, inventory: ServiceEndpoint, logger: Logger, limit = 100): Promise<number> {
  let posted = 0;
  for (const id of await findDueStockPostingIds(db, limit)) {
    if (await dispatchStockPosting(db, inventory, id, logger, { skipLocked: true })) posted += 1;
  }
  return posted;
}

/** One postStockMovements request as the row's bakery's SERVICE. */
async function sendToInventory(inventory: ServiceEndpoint, posting: StockPosting): Promise<StockPostingResultLine[]> {
  const authorization = `Bearer ${await inventory.token(posting.tenantId)}`;
  return querySubgraph(
    'inventory',
    'stock posting',
    { url: inventory.url, authorization },
    POST_STOCK_MOVEMENTS,
    { input: { key: posting.id, ...posting.payload } },
    (data) => (Array.isArray(data.postStockMovements?.lines) ? (data.postStockMovements.lines as StockPostingResultLine[]) : undefined),
  );
}
