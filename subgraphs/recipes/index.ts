import { runSubgraphProcess } from '../../platform/subgraph-process.ts';
import { recipesSubgraph } from './server.ts';

await runSubgraphProcess(recipesSubgraph);
