import { runSubgraphProcess } from '../../platform/subgraph-process.ts';
import { suppliersSubgraph } from './server.ts';

await runSubgraphProcess(suppliersSubgraph);
