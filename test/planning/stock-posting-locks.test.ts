import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { seedIds } from '../../db/seeds/seed-ids.ts';
import { createLogger } from '../../platform/logger.ts';
import { serviceTokens, type ServiceEndpoint } from '../../platform/service-tokens.ts';
import { StockPostingsRepository } from '../../subgraphs/planning/repository/stock-postings.ts';
import { dispatchStockPosting } from '../../subgraphs/planning/services/stock-postings.ts';
import { TEST_JWT_SECRET } from '../support/graphql.ts';

/**
 * The outbox row a request wrote, while a dispatcher holds it: the dispatcher side skips it, the
 * request waits for that transaction, so that when a receipt or a baking record is answered its
 * stock is posted (or its post failed), never still on its way. A plan made right after a receipt
 * counts that stock (a dispatcher pass can take the row between the request's commit and its
 * own post).
 */

const logger = createLogger('planning', 'silent');
/** No inventory: a post that is attempted fails, and the row counts the attempt. */
const nowhere: ServiceEndpoint = { url: undefined, token: serviceTokens(TEST_JWT_SECRET, 'levain-planning') };
const POSTINGS = 'planning.stock_postings';

let db: Db;
/** Holders still open when a test fails: let go before the pool closes. */
const holders: Knex.Transaction[] = [];
beforeAll(() => {
  // Three connections: the holder's transaction, the request's, and this test's reads.
  db = createDb(inject('databaseUrl'), 4);
});
afterAll(async () => {
  for (const holder of holders) if (!holder.isCompleted()) await holder.rollback();
  await db?.destroy();
});

/** An outbox row no dispatcher of another test takes (not due for an hour), and a transaction holding it as a dispatcher does. */
async function heldPosting() {
  const id = await db.transaction(async (trx) => {
    const posting = await new StockPostingsRepository(trx, seedIds.tenant('demo')).insert(
      { kind: 'PURCHASE_ORDER_RECEIPT', id: randomUUID() },
      { kind: 'RECEIPT', occurredOn: '2026-12-01', note: 'stock-posting-locks', lines: [] },
    );
    await trx(POSTINGS).where({ id: posting.id }).update({ next_attempt_at: trx.raw("now() + interval '1 hour'") });
    return posting.id;
  });
  const holder = await db.transaction();
  holders.push(holder);
  await holder(POSTINGS).where({ id }).forUpdate();
  return { id, holder };
}

/** Resolves once a backend of this database waits for a row lock on the outbox (the request). */
async function someoneWaitsForTheRow(): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    const [{ waiting }] = await db
      .select(db.raw('count(*)::int as waiting'))
      .from('pg_stat_activity')
      .where({ wait_event_type: 'Lock' })
      .whereRaw('datname = current_database()')
      .whereRaw('query like ?', ['%stock_postings%']);
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no backend ever waited for the outbox row');
}

const rowOf = (id: string) => db(POSTINGS).where({ id }).first('posted_at', 'attempts', 'last_error');

describe('an outbox row held by a dispatcher', () => {
  test('the dispatcher side skips it at once; the request waits, and sends nothing once the holder posted it', async () => {
    const { id, holder } = await heldPosting();
    expect(await dispatchStockPosting(db, nowhere, id, logger, { skipLocked: true })).toBe(false);
    const request = dispatchStockPosting(db, nowhere, id, logger);
    await someoneWaitsForTheRow();
    await holder(POSTINGS).where({ id }).update({ posted_at: holder.fn.now(), result: JSON.stringify({ lines: [] }) });
    await holder.commit();
    expect(await request).toBe(false);
    const row = await rowOf(id);
    expect(row.posted_at).not.toBeNull();
    expect(row).toMatchObject({ attempts: 0, last_error: null });
  });

  test('when the holder lets go without posting (a dispatcher that crashed), the request sends it itself', async () => {
    const { id, holder } = await heldPosting();
    const request = dispatchStockPosting(db, nowhere, id, logger);
    await someoneWaitsForTheRow();
    await holder.rollback();
    // Sent (to no inventory here): the attempt is counted on the row, as any failed post.
    expect(await request).toBe(false);
    expect(await rowOf(id)).toMatchObject({ posted_at: null, attempts: 1 });
  });
});
