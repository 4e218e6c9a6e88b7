import { runSubgraphProcess } from '../../platform/subgraph-process.ts';
import { inventorySubgraph } from './server.ts';

await runSubgraphProcess(inventorySubgraph);
