import { runSubgraphProcess } from '../../platform/subgraph-process.ts';
import { planningSubgraph } from './server.ts';

await runSubgraphProcess(planningSubgraph);
