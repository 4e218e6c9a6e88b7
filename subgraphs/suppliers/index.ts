import { runSubgraphProcess } from '../subgraph-process.ts';
import { suppliersSubgraph } from './server.ts';

await runSubgraphProcess(suppliersSubgraph);
