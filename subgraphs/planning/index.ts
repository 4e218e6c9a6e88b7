import { openServiceQueues } from '../../jobs/queues.ts';
import { runSubgraphProcess } from '../../platform/subgraph-process.ts';
import { startScheduleSync } from './schedule-sync.ts';
import { planningSubgraph } from './server.ts';

// The queue: requested runs are enqueued, and planning (which owns the tenants) keeps every
// tenant's job scheduler in sync with its settings.
await runSubgraphProcess(planningSubgraph, {
  openQueues: openServiceQueues,
  background: async ({ config, db, queues, logger }) =>
    queues ? startScheduleSync({ db, queues, logger, intervalMs: config.SCHEDULE_SYNC_INTERVAL_SECONDS * 1000 }) : async () => {},
});
