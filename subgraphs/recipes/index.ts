import { runSubgraphProcess } from '../subgraph-process.ts';
import { recipesSubgraph } from './server.ts';

await runSubgraphProcess(recipesSubgraph);
