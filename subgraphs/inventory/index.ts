import { openServiceQueues } from '../../jobs/queues.ts';
import { runSubgraphProcess } from '../subgraph-process.ts';
import { inventorySubgraph } from './server.ts';

// The queue: a stock movement below a reorder point enqueues an EVENT run.
await runSubgraphProcess(inventorySubgraph, { openQueues: openServiceQueues });
