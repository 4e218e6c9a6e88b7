import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../../db/client.ts';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { subgraphRuntime } from '../../subgraphs/subgraph-process.ts';
import { startSubgraph, type SubgraphDefinition } from '../../subgraphs/subgraph-server.ts';
import { inventorySubgraph } from '../../subgraphs/inventory/server.ts';
import { recipesSubgraph } from '../../subgraphs/recipes/server.ts';
import { suppliersSubgraph } from '../../subgraphs/suppliers/server.ts';
import { startFaultProxy, type FaultProxy } from '../jobs/fault-proxy.ts';
import { randomQueuePrefix, TEST_REDIS_URL } from '../jobs/support.ts';
import { TEST_JWT_SECRET } from '../support/graphql.ts';

/**
 * The planning subgraph as a real process (`node --import tsx subgraphs/planning/index.ts`, so
 * SIGKILL reaches it), on a fixed port so the gateway finds it again after a restart, posting to
 * inventory through a fault proxy; inventory, suppliers, recipes and the gateway run in this
 * process. For the crash tests of planning's stock-posting outbox.
 */
export interface PlanningProcessStack {
  gatewayUrl: string;
  /** Sits between planning and inventory: hold, drop or withhold the answer of a post. */
  inventoryProxy: FaultProxy;
  /** Starts the planning process and waits until it serves (its outbox dispatcher has made its first pass). */
  startPlanning(): Promise<void>;
  /** SIGKILL: no shutdown, no rollback but the database's own. */
  killPlanning(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startPlanningProcessStack(databaseUrl: string): Promise<PlanningProcessStack> {
  const env = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' };
  const config = loadConfig(env, { exitOnError: false });
  const planningPort = await freePort();
  const planningUrl = `http://127.0.0.1:${planningPort}/graphql`;
  const pools: Db[] = [];
  const services: HttpService[] = [];
  const start = async (definition: SubgraphDefinition<any>, inventoryUrl?: string) => {
    const db = createDb(databaseUrl, 4);
    pools.push(db);
    const service = await startSubgraph(definition, { ...subgraphRuntime(config, db, createLogger(definition.name, 'silent')), planningUrl, inventoryUrl }, 0);
    services.push(service);
    return service.url;
  };
  const inventoryUrl = await start(inventorySubgraph);
  const inventoryProxy = await startFaultProxy(inventoryUrl);
  const suppliersUrl = await start(suppliersSubgraph, inventoryUrl);
  const recipesUrl = await start(recipesSubgraph, inventoryUrl);
  const gateway = await startGateway(
    { config, subgraphUrls: { inventory: inventoryUrl, suppliers: suppliersUrl, recipes: recipesUrl, planning: planningUrl }, logger: createLogger('gateway', 'silent') },
    0,
  );
  const planningEnv = {
    ...process.env,
    ...env,
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: randomQueuePrefix(),
    PLANNING_PORT: String(planningPort),
    HOST: '127.0.0.1',
    INVENTORY_URL: inventoryProxy.url,
    RECIPES_URL: recipesUrl,
    SUPPLIERS_URL: suppliersUrl,
    STOCK_POSTING_INTERVAL_SECONDS: '1',
  };
  let planning: ChildProcess | undefined;
  return {
    gatewayUrl: gateway.url,
    inventoryProxy,
    async startPlanning() {
      const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/planning/index.ts'], { cwd: ROOT, env: planningEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      planning = child;
      let output = '';
      child.stderr!.on('data', (chunk) => (output += chunk));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`planning did not start in 30 s:\n${output}`)), 30_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk;
          if (output.includes('planning subgraph ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`planning exited with ${code}:\n${output}`)));
      });
    },
    async killPlanning() {
      if (!planning || planning.exitCode !== null || planning.signalCode !== null) return;
      const exited = once(planning, 'exit');
      planning.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (planning && planning.exitCode === null && planning.signalCode === null) {
        const exited = once(planning, 'exit');
        planning.kill('SIGTERM');
        await exited;
      }
      await gateway.stop();
      await inventoryProxy.stop();
      for (const service of services) await service.stop();
      for (const db of pools) await db.destroy();
    },
  };
}
