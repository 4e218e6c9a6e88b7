import { createDb } from '../db/client.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoTenants } from '../db/seeds/index.ts';
import { createTokenVerifier, signToken, tokenPolicyOf } from '../platform/auth.ts';
import { SUBGRAPH_NAMES, loadConfig, subgraphPort, subgraphUrls } from '../platform/config.ts';
import { serviceEndpoint } from '../platform/service-tokens.ts';
import { createLogger, logDestination } from '../platform/logger.ts';
import { PortInUseError, findBusyPort } from '../platform/ports.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import { startTracing } from '../platform/tracing.ts';
import { startSubgraph } from '../subgraphs/subgraph-server.ts';
import { subgraphRuntime } from '../subgraphs/subgraph-process.ts';
import { startGateway } from '../gateway/server.ts';
import { ALL_SUBGRAPHS } from '../subgraphs/all.ts';
import { startScheduleSync } from '../subgraphs/planning/schedule-sync.ts';
import { startStockPostingDispatch } from '../subgraphs/planning/stock-posting-dispatch.ts';
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
// One logger per service over one destination (a child logger would repeat the `service` key).
const destination = await logDestination(config.NODE_ENV);
const loggerOf = (service: string) => createLogger(service, config.LOG_LEVEL, destination);
const logger = loggerOf('levain');
/** Run in order at SIGINT/SIGTERM or a failed start: each part is put first as it starts, so the last started stops first. */
const stops: (() => Promise<void>)[] = [];
// Listening from the first moment: a signal during start-up (migrations, Postgres booting) still
// stops what has started — the embedded Postgres above all, which would outlive this process.
stopOnSignals(logger, stops);

/** A start that cannot go on: one line, what has started is stopped, exit 1. */
async function giveUp(message: string): Promise<never> {
  console.error(`Levain cannot start: ${message}`);
  for (const stop of stops) await stop().catch(() => {});
  process.exit(1);
}

const busy = await findBusyPort(
  [
    { port: config.PORT, variable: 'PORT' },
    ...SUBGRAPH_NAMES.map((name) => ({ port: subgraphPort(config, name), variable: `${name.toUpperCase()}_PORT` })),
    { port: config.WORKER_PORT, variable: 'WORKER_PORT' },
  ],
  config.HOST,
);
if (busy) await giveUp(new PortInUseError(busy).message);
const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'levain');
if (tracing) {
  stops.push(() => tracing.shutdown());
  console.log(`Tracing: OTLP/HTTP to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}`);
}

let databaseUrl = config.DATABASE_URL;
if (!databaseUrl) {
  console.log(`Postgres: DATABASE_URL is unset, starting the embedded Postgres under ${config.LEVAIN_HOME}/postgres on port ${config.EMBEDDED_POSTGRES_PORT} …`);
  const embedded = await startEmbeddedPostgres({ port: config.EMBEDDED_POSTGRES_PORT, levainHome: config.LEVAIN_HOME }).catch((error: unknown) =>
    error instanceof EmbeddedPostgresError ? giveUp(error.message) : Promise.reject(error),
  );
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
const queues = openServiceQueues(config, databaseUrl, loggerOf('queues'));
stops.unshift(() => queues.close());

const verifyToken = createTokenVerifier(tokenPolicyOf(config));
for (const definition of ALL_SUBGRAPHS) {
  // One token verifier for the four (one JWKS cache); the rest as a subgraph process has it (inventory's URL included).
  const runtime = { ...subgraphRuntime(config, db, loggerOf(definition.name), queues), verifyToken };
  const service = await startSubgraph(definition, runtime, subgraphPort(config, definition.name), config.HOST);
  stops.unshift(() => service.stop());
  console.log(`Subgraph ${definition.name.padEnd(9)} ${service.url}`);
}

// Planning owns the tenants: one job scheduler per tenant, synced now and every few minutes.
const stopScheduleSync = await startScheduleSync({
  db,
  queues,
  logger: loggerOf('planning'),
  intervalMs: config.SCHEDULE_SYNC_INTERVAL_SECONDS * 1000,
});
stops.unshift(stopScheduleSync);
// Planning's outbox: receipts and baking not yet posted to inventory, now and every few seconds.
const stopStockPostings = await startStockPostingDispatch({
  db,
  inventory: serviceEndpoint(config, 'inventory', 'planning'),
  logger: loggerOf('planning'),
  intervalMs: config.STOCK_POSTING_INTERVAL_SECONDS * 1000,
});
stops.unshift(stopStockPostings);

const gateway = await startGateway(
  { config, subgraphUrls: subgraphUrls(config), logger: loggerOf('gateway'), queueBoard: { queues: [queues.queue] } },
  config.PORT,
  config.HOST,
);
stops.unshift(() => gateway.stop());

// Stopped before the gateway and the subgraphs: a saga finishes its current step through them.
const orchestration = await startOrchestrationWorker({
  config,
  databaseUrl: config.REDIS_URL ? undefined : databaseUrl,
  logger: loggerOf('worker'),
});
stops.unshift(() => orchestration.stop());
const workerHttp = await startWorkerHttp(
  { ready: orchestration.ready, registry: orchestration.metrics.registry, metricsToken: config.METRICS_TOKEN },
  config.WORKER_PORT,
  config.HOST,
);
stops.unshift(() => workerHttp.stop());

const token = demoTenantId && (await signToken({ userId: 'demo-admin', tenantId: demoTenantId, roles: ['ADMIN'] }, config.JWT_SECRET, '12h'));
const board = config.QUEUE_BOARD_TENANT_IDS.length > 0
  ? `http://${config.HOST}:${gateway.port}/admin/queues (Bull Board${config.QUEUE_BOARD_WRITABLE ? '' : ', read-only'}; ADMINs of QUEUE_BOARD_TENANT_IDS)`
  : `off (QUEUE_BOARD_TENANT_IDS names the operators' tenant${demoTenantId ? `; QUEUE_BOARD_TENANT_IDS=${demoTenantId} opens it to demo's ADMIN` : ''})`;
console.log(`
Levain is running (subgraphs: ${SUBGRAPH_NAMES.join(', ')}).
  GraphQL:  ${gateway.url} (open it in a browser for GraphiQL, in development)
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
console.log('Request logs are at debug (LOG_LEVEL=debug shows them). Press Ctrl-C to stop.');
