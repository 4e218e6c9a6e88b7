/**
 * One subgraph in its own process for the benchmarks: `node --import tsx bench/processes/subgraph.ts
 * <name>`, on its <NAME>_PORT (bench/support/stack.ts picks free ones), against DATABASE_URL.
 * Tells the parent its URL; answers `counts` (SQL statements run and /graphql requests served
 * since the last `reset`).
 */
import { createDb } from '../../db/client.ts';
import { loadConfig, SUBGRAPH_NAMES, subgraphPort, type SubgraphName } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { subgraphRuntime } from '../../subgraphs/subgraph-process.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { announceReady, answerParent, stopWith } from '../support/child-process.ts';

const name = process.argv[2] as SubgraphName;
if (!SUBGRAPH_NAMES.includes(name)) throw new Error(`usage: subgraph.ts <${SUBGRAPH_NAMES.join('|')}>, got ${JSON.stringify(name)}`);
const definition = ALL_SUBGRAPHS.find((candidate) => candidate.name === name)!;
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be set');
const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_MAX);
let statements = 0;
let requests = 0;
db.on('query', () => {
  statements += 1;
});
// As a subgraph process runs in production (token verifier, body limits), without its queue.
const service = await startSubgraph(definition, subgraphRuntime(config, db, createLogger(name, config.LOG_LEVEL)), subgraphPort(config, name));
service.server.on('request', (request) => {
  if (request.url?.startsWith('/graphql')) requests += 1;
});
answerParent(async (message) => {
  if (message.type === 'counts') return { statements, requests };
  if (message.type === 'reset') {
    statements = 0;
    requests = 0;
    return {};
  }
  throw new Error(`unknown request ${message.type}`);
});
stopWith(async () => {
  await service.stop();
  await db.destroy();
});
announceReady({ url: service.url });
