import { createDb, type Db } from '../../db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { startSubgraph, type SubgraphDefinition } from '../../subgraphs/subgraph-server.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { countQueries } from './database.ts';
import { TEST_JWT_SECRET } from './graphql.ts';

export interface TestSubgraph {
  url: string;
  db: Db;
  /** SQL statements run by this subgraph's pool since the last `reset()`. */
  queries: ReturnType<typeof countQueries>;
  service: HttpService;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph in-process on an ephemeral port, with its own pool on `databaseUrl`.
 * `inventoryUrl`: where suppliers and recipes check the ingredient ids their writes name.
 */
export async function startTestSubgraph<T>(definition: SubgraphDefinition<T>, databaseUrl: string, options: { inventoryUrl?: string } = {}): Promise<TestSubgraph> {
  const db = createDb(databaseUrl, 4);
  const queries = countQueries(db);
  const service = await startSubgraph(
    definition,
    { db, jwtSecret: TEST_JWT_SECRET, logger: createLogger(definition.name, 'silent'), maxBodyBytes: 5_000_000, inventoryUrl: options.inventoryUrl },
    0,
  );
  return {
    url: service.url,
    db,
    queries,
    service,
    async stop() {
      await service.stop();
      await db.destroy();
    },
  };
}
