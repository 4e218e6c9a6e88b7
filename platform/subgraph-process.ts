import { resolveDatabaseUrl } from '../db/database-url.ts';
import { createDb } from '../db/client.ts';
import { createTokenVerifier, tokenPolicyOf } from './auth.ts';
import { loadConfig, subgraphPort } from './config.ts';
import { createLogger } from './logger.ts';
import { stopOnSignals } from './shutdown.ts';
import { startSubgraph, type SubgraphDefinition } from './subgraph-server.ts';

/** Entry point of a subgraph run as its own process (docker-compose, Kubernetes). */
export async function runSubgraphProcess<T>(definition: SubgraphDefinition<T>): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const db = createDb(await resolveDatabaseUrl(config), config.DATABASE_POOL_MAX);
  const service = await startSubgraph(
    definition,
    { db, jwtSecret: config.JWT_SECRET, verifyToken: createTokenVerifier(tokenPolicyOf(config)), logger, maxBodyBytes: config.MAX_BODY_BYTES },
    subgraphPort(config, definition.name),
    config.HOST,
  );
  logger.info({ url: service.url }, `${definition.name} subgraph ready`);
  stopOnSignals(logger, [() => service.stop(), () => db.destroy()]);
}
