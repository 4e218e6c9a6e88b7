import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoTenants } from '../db/seeds/index.ts';
import { createTokenVerifier, signToken, tokenPolicyOf } from '../platform/auth.ts';
import { SUBGRAPH_NAMES, loadConfig, subgraphPort, subgraphUrls } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import { startTracing } from '../platform/tracing.ts';
import { startSubgraph } from '../platform/subgraph-server.ts';
import { startGateway } from '../gateway/server.ts';
import { ALL_SUBGRAPHS } from '../subgraphs/all.ts';

/**
 * `npm start`: everything in one process for local use — Postgres (embedded when DATABASE_URL
 * is unset), migrations, the demo seed, the four subgraphs and the gateway.
 */
const config = loadConfig();
const logger = createLogger('levain', config.LOG_LEVEL);
const stops: (() => Promise<void>)[] = [];
const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'levain');
if (tracing) {
  stops.push(() => tracing.shutdown());
  console.log(`Tracing: OTLP/HTTP to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}`);
}

let databaseUrl = config.DATABASE_URL;
if (!databaseUrl) {
  console.log('Postgres: DATABASE_URL is unset, starting the embedded Postgres under .levain/postgres …');
  const embedded = await startEmbeddedPostgres();
  stops.unshift(() => embedded.stop());
  databaseUrl = embedded.url;
}

const db = createDb(databaseUrl, config.DATABASE_POOL_MAX);
stops.unshift(() => db.destroy());
const applied = await migrateToLatest(db);
console.log(`Database: ${applied.length} migration(s) applied`);
const { demoTenantId } = await seedDemoTenants(db);
console.log('Seed: tenant demo ("Levain Demo Bakery") ready');

const verifyToken = createTokenVerifier(tokenPolicyOf(config));
for (const definition of ALL_SUBGRAPHS) {
  const service = await startSubgraph(
    definition,
    { db, jwtSecret: config.JWT_SECRET, verifyToken, logger: logger.child({ service: definition.name }), maxBodyBytes: config.MAX_BODY_BYTES },
    subgraphPort(config, definition.name),
    config.HOST,
  );
  stops.unshift(() => service.stop());
  console.log(`Subgraph ${definition.name.padEnd(9)} ${service.url}`);
}

const gateway = await startGateway({ config, subgraphUrls: subgraphUrls(config), logger: logger.child({ service: 'gateway' }) }, config.PORT, config.HOST);
stops.unshift(() => gateway.stop());
stopOnSignals(logger, stops);

const token = await signToken({ userId: 'demo-admin', tenantId: demoTenantId, roles: ['ADMIN'] }, config.JWT_SECRET, '12h');
console.log(`
Levain is running (subgraphs: ${SUBGRAPH_NAMES.join(', ')}).
  GraphQL:  ${gateway.url}
  Health:   http://${config.HOST}:${gateway.port}/health/ready
  Metrics:  http://${config.HOST}:${gateway.port}/metrics (and /metrics on every subgraph)
  Dashboard, signed in as demo's ADMIN:
    http://${config.HOST}:${gateway.port}/dashboard#token=${token}
  ADMIN token for tenant demo (12 h):
    ${token}

  Try: curl -s ${gateway.url} -H 'content-type: application/json' -H "authorization: Bearer <token>" \\
         -d '{"query":"{ ingredients(first: 3) { edges { node { name stock { onHand unit } offers { supplier { name } } usedIn { name } } } } }"}'
Press Ctrl-C to stop.`);
