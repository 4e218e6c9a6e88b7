import type { Db } from '../../db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ServiceEndpoint } from '../../platform/service-tokens.ts';
import { runPeriodically } from '../../platform/periodic.ts';
import { dispatchDueStockPostings } from './services/stock-postings.ts';

export interface StockPostingDispatchOptions {
  db: Db;
  /** inventory, called as each row's bakery's SERVICE. */
  inventory: ServiceEndpoint;
  logger: Logger;
  /** How often to look for unposted rows after the first pass, in ms (STOCK_POSTING_INTERVAL_SECONDS). */
  intervalMs: number;
}

/**
 * Posts what planning's outbox still holds (services/stock-postings.ts): once at start-up — the
 * rows a crash or an inventory outage left behind — and then every `intervalMs`, a pass never
 * starting while the previous one runs. Replicas may each run one: rows are taken with
 * FOR UPDATE SKIP LOCKED. Resolves after the first pass; returns the stop, which waits for the
 * pass in flight (graceful shutdown).
 */
export function startStockPostingDispatch(options: StockPostingDispatchOptions): Promise<() => Promise<void>> {
  const { db, inventory, logger } = options;
  const pass = async () => {
    try {
      const posted = await dispatchDueStockPostings(db, inventory, logger);
      if (posted > 0) logger.info({ posted }, 'stock postings sent to inventory');
    } catch (error) {
      logger.error({ err: error }, 'could not read the stock-posting outbox; will try again');
    }
  };
  return runPeriodically(pass, options.intervalMs);
}
