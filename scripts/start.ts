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
import { subgraphRuntime } from '../platform/subgraph-process.ts';
import { startGateway } from '../gateway/server.ts';
import { ALL_SUBGRAPHS } from '../subgraphs/all.ts';
import { startScheduleSync } from '../subgraphs/planning/schedule-sync.ts';
import { startWorkerHttp } from '../jobs/http.ts';
import { describeQueueBackend, openServiceQueues } from '../jobs/queues.ts';
import { startOrchestrationWorker } from '../jobs/worker.ts';

/**
 * `npm start`: everything in one process for local use — Postgres (embedded when DATABASE_URL
 * is unset), migrations, the demo seed, the queues (Redis when REDIS_URL is set, else BullMQ's
 * Postgres backend in the same database), the four subgraphs, the gateway and the
 * orchestration worker.
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
// The demo bakeries and their ADMIN token are for trying Levain out: a production installation
// gets neither (issue 12, finding 12); its tenants come from `npm run tenant`.
const production = config.NODE_ENV === 'production';
const demoTenantId = production ? undefined : (await seedDemoTenants(db)).demoTenantId;
console.log(production ? 'Seed: none in production (create tenants with npm run tenant)' : 'Seed: tenant demo ("Levain Demo Bakery") ready');
console.log(`Queues: ${describeQueueBackend(config, databaseUrl)}`);
const queues = openServiceQueues(config, databaseUrl, logger.child({ service: 'queues' }));
stops.unshift(() => queues.close());

const verifyToken = createTokenVerifier(tokenPolicyOf(config));
for (const definition of ALL_SUBGRAPHS) {
  // One token verifier for the four (one JWKS cache); the rest as a subgraph process has it (inventory's URL included).
  const runtime = { ...subgraphRuntime(config, db, logger.child({ service: definition.name }), queues), verifyToken };
  const service = await startSubgraph(definition, runtime, subgraphPort(config, definition.name), config.HOST);
  stops.unshift(() => service.stop());
  console.log(`Subgraph ${definition.name.padEnd(9)} ${service.url}`);
}

// Planning owns the tenants: one job scheduler per tenant, synced now and every few minutes.
const stopScheduleSync = await startScheduleSync({
  db,
  queues,
  logger: logger.child({ service: 'planning' }),
  intervalMs: config.SCHEDULE_SYNC_INTERVAL_SECONDS * 1000,
});
stops.unshift(stopScheduleSync);

const gateway = await startGateway(
  { config, subgraphUrls: subgraphUrls(config), logger: logger.child({ service: 'gateway' }), queueBoard: { queues: [queues.queue] } },
  config.PORT,
  config.HOST,
);
stops.unshift(() => gateway.stop());

// Stopped before the gateway and the subgraphs: a saga finishes its current step through them.
const orchestration = await startOrchestrationWorker({
  config,
  databaseUrl: config.REDIS_URL ? undefined : databaseUrl,
  logger: logger.child({ service: 'worker' }),
});
stops.unshift(() => orchestration.stop());
const workerHttp = await startWorkerHttp(
  { ready: orchestration.ready, registry: orchestration.metrics.registry, metricsToken: config.METRICS_TOKEN },
  config.WORKER_PORT,
  config.HOST,
);
stops.unshift(() => workerHttp.stop());
stopOnSignals(logger, stops);

const token = demoTenantId && (await signToken({ userId: 'demo-admin', tenantId: demoTenantId, roles: ['ADMIN'] }, config.JWT_SECRET, '12h'));
const board = config.QUEUE_BOARD_TENANT_IDS.length > 0
  ? `http://${config.HOST}:${gateway.port}/admin/queues (Bull Board${config.QUEUE_BOARD_WRITABLE ? '' : ', read-only'}; ADMINs of QUEUE_BOARD_TENANT_IDS)`
  : `off (QUEUE_BOARD_TENANT_IDS names the operators' tenant${demoTenantId ? `; QUEUE_BOARD_TENANT_IDS=${demoTenantId} opens it to demo's ADMIN` : ''})`;
console.log(`
Levain is running (subgraphs: ${SUBGRAPH_NAMES.join(', ')}).
  GraphQL:  ${gateway.url}
  Health:   http://${config.HOST}:${gateway.port}/health/ready
  Queues:   ${board}
  Worker:   ${config.WORKER_CONCURRENCY} concurrent runs; health http://${config.HOST}:${workerHttp.port}/health/ready
  Metrics:  http://${config.HOST}:${gateway.port}/metrics (and /metrics on every subgraph)`);
if (token) {
  console.log(`  Dashboard, signed in as demo's ADMIN:
    http://${config.HOST}:${gateway.port}/dashboard#token=${token}
  ADMIN token for tenant demo (12 h):
    ${token}

  Try: curl -s ${gateway.url} -H 'content-type: application/json' -H "authorization: Bearer <token>" \\
         -d '{"query":"{ ingredients(first: 3) { edges { node { name stock { onHand unit } offers { supplier { name } } usedIn { name } } } } }"}'
  Plan now: npm run orchestrate -- --tenant demo --wait`);
}
console.log('Press Ctrl-C to stop.');
