import { openServiceQueues } from '../../jobs/queues.ts';
import { serviceEndpoint } from '../../platform/service-tokens.ts';
import { runSubgraphProcess } from '../subgraph-process.ts';
import { startScheduleSync } from './schedule-sync.ts';
import { planningSubgraph } from './server.ts';
import { startStockPostingDispatch } from './stock-posting-dispatch.ts';

// Beside the server: the queue (requested runs are enqueued, and planning, which owns the tenants,
// keeps every tenant's job scheduler in sync with its settings) and the stock-posting outbox's
// dispatcher (receipts and baking that are not yet in inventory).
await runSubgraphProcess(planningSubgraph, {
  openQueues: openServiceQueues,
  background: async ({ config, db, queues, logger }) => {
    const stopSync = queues ? await startScheduleSync({ db, queues, logger, intervalMs: config.SCHEDULE_SYNC_INTERVAL_SECONDS * 1000 }) : async () => {};
    const stopDispatch = await startStockPostingDispatch({
      db,
      inventory: serviceEndpoint(config, 'inventory', 'planning'),
      logger,
      intervalMs: config.STOCK_POSTING_INTERVAL_SECONDS * 1000,
    });
    return async () => {
      await stopDispatch();
      await stopSync();
    };
  },
});
