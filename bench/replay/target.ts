/**
 * Where a replay runs: its own stack (a fresh database, the four subgraphs, the gateway and the
 * worker, each in its own process as the benchmarks start them), or an `npm start` already
 * running at a gateway URL, with the JWT secret, database and queue of the same configuration.
 */
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../db/client.ts';
import { resolveDatabaseUrl } from '../../db/database-url.ts';
import { openOrchestrationQueues } from '../../jobs/queues.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { createTenant, findTenantBySlug, findTenantsByIds, type Tenant } from '../../subgraphs/planning/repository/tenants.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { BENCH_JWT_SECRET } from '../support/fixture.ts';
import { startBenchServices } from '../support/stack.ts';
import { BakeryApi } from './bakery-api.ts';
import type { ReplayTarget } from './replay.ts';

/** The time zone of a bakery the replay creates. */
export const REPLAY_TIME_ZONE = 'Europe/Madrid';

export interface TargetWithTenant extends ReplayTarget {
  timezone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new bakery named `name` with a slug of its own. */
async function newTenant(db: Db, name: string): Promise<Tenant> {
  const tenant = await createTenant(db, { slug: `replay-${randomBytes(4).toString('hex')}`, name, timezone: REPLAY_TIME_ZONE });
  if (!tenant) throw new Error('could not create the replay bakery (slug taken)');
  return tenant;
}

/**
 * A fresh database on the local server (DATABASE_URL's server, else 127.0.0.1:5432), migrated, with
 * one new bakery; the four subgraphs, Levain's gateway and the worker on Redis with a fresh queue
 * prefix. `stop()` stops everything and drops the database.
 */
export async function ownStack(bakeryName: string, log: (line: string) => void): Promise<TargetWithTenant> {
  const database = await createTestDatabase('levain_replay', process.env.DATABASE_URL || undefined);
  const db = createDb(database.url, 2);
  try {
    const tenant = await newTenant(db, bakeryName);
    const services = await startBenchServices(database.url, `replay_${randomBytes(4).toString('hex')}`);
    log(`replay: own stack up — database ${new URL(database.url).pathname.slice(1)}, gateway ${services.gateway.ready.url}`);
    return {
      api: await BakeryApi.signed(services.gateway.ready.url!, BENCH_JWT_SECRET, tenant.id),
      tenantId: tenant.id,
      timezone: tenant.timezone,
      description: `its own stack (fresh database, four subgraph processes, gateway, worker on Redis), bakery ${tenant.slug}`,
      enqueueManualRun: (runId) => services.queues.enqueueManualRun(tenant.id, runId),
      async stop() {
        await services.stop();
        await db.destroy();
        await database.drop();
      },
    };
  } catch (error) {
    await db.destroy();
    await database.drop();
    throw error;
  }
}

/**
 * A running `npm start` at `gatewayUrl`: tokens signed with the configuration's JWT_SECRET, runs
 * queued on its queue (Redis, or the Postgres backend in its database), and the bakery `tenant`
 * (an id or a slug) or, without one, a new bakery.
 */
export async function runningStack(gatewayUrl: string, tenant: string | undefined, bakeryName: string): Promise<TargetWithTenant> {
  const config = loadConfig(process.env, { exitOnError: false });
  const databaseUrl = await resolveDatabaseUrl(config);
  const db = createDb(databaseUrl, 2);
  try {
    const found = tenant
      ? UUID.test(tenant)
        ? (await findTenantsByIds(db, [tenant]))[0]
        : await findTenantBySlug(db, tenant)
      : await newTenant(db, bakeryName);
    if (!found) throw new Error(`no bakery with id or slug ${JSON.stringify(tenant)} (npm run tenant -- list)`);
    const queues = openOrchestrationQueues({ config, databaseUrl: config.REDIS_URL ? undefined : databaseUrl, logger: createLogger('replay', 'silent') });
    return {
      api: await BakeryApi.signed(gatewayUrl, config.JWT_SECRET, found.id),
      tenantId: found.id,
      timezone: found.timezone,
      description: `the running stack at ${gatewayUrl}, bakery ${found.slug}`,
      enqueueManualRun: (runId) => queues.enqueueManualRun(found.id, runId),
      async stop() {
        await queues.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
