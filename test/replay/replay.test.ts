import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { createTenant } from '../../subgraphs/planning/repository/tenants.ts';
import { addDays } from '../../subgraphs/planning/engine/dates.ts';
import { BakeryApi } from '../../bench/replay/bakery-api.ts';
import { bakeryCsvFiles } from '../../bench/replay/bakery-csv.ts';
import { toleranceChecks } from '../../bench/replay/comparison.ts';
import { replayThroughApi, type ReplayResult } from '../../bench/replay/replay.ts';
import { REPLAY_TIME_ZONE } from '../../bench/replay/target.ts';
import { isOpen, simulatedBakery, type SimulatedBakery } from '../../bench/simulation/bakery.ts';
import { simulatePolicy } from '../../bench/simulation/closed-loop.ts';
import { POLICIES } from '../../bench/simulation/policies.ts';
import { TEST_JWT_SECRET } from '../support/graphql.ts';
import { jobsEnv, startJobsStack, type JobsStack } from '../jobs/support.ts';

/**
 * Five days of the S bakery replayed end to end — CSV imports, nightly runs through the real worker
 * on Redis, purchase orders submitted and received, expired lots thrown out, baking and sales
 * recorded — against the in-process stack; every figure checked is a count read back from the
 * database the API wrote.
 */
const DAYS = 5;

let stack: JobsStack;
let db: Db;
let bakery: SimulatedBakery;
let tenantId: string;
let result: ReplayResult;

beforeAll(async () => {
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
  await stack.startWorker();
  db = createDb(inject('databaseUrl'), 2);
  const tenant = await createTenant(db, { slug: `replay-${Date.now()}`, name: 'Replayed bakery', timezone: REPLAY_TIME_ZONE });
  tenantId = tenant!.id;
  bakery = simulatedBakery({ seed: 5, size: 'S', startDate: addDays(dateIn(REPLAY_TIME_ZONE), -DAYS) });
  result = await replayThroughApi({
    bakery,
    days: DAYS,
    log: () => {},
    target: {
      api: await BakeryApi.signed(stack.gatewayUrl, TEST_JWT_SECRET, tenantId),
      tenantId,
      description: 'the test stack',
      enqueueManualRun: (runId) => stack.queues.enqueueManualRun(tenantId, runId),
      stop: async () => {},
    },
  });
}, 300_000);

afterAll(async () => {
  await db?.destroy();
  await stack?.stop();
});

const replayDates = () => Array.from({ length: DAYS }, (_, day) => addDays(bakery.startDate, day));
const openDays = () => replayDates().filter((date) => isOpen(bakery, date)).length;

async function countRows(table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [{ count }] = await db(table).where({ tenant_id: tenantId, ...where }).count<{ count: string }[]>('* as count');
  return Number(count);
}

describe('a replay through the API', () => {
  test('runs one nightly run per day, each COMPLETED through the worker', async () => {
    expect(result.counts.runs).toBe(DAYS);
    expect(await countRows('planning.orchestration_runs', { status: 'COMPLETED', trigger: 'MANUAL' })).toBe(DAYS);
  });

  test('every purchase order it submitted is received or still open, as the database has them', async () => {
    const { purchaseOrdersSubmitted, purchaseOrdersReceived, purchaseOrdersOpen } = result.counts;
    expect(purchaseOrdersSubmitted).toBeGreaterThan(0);
    expect(purchaseOrdersSubmitted).toBe(purchaseOrdersReceived + purchaseOrdersOpen);
    const byStatus = await db('planning.purchase_orders').where({ tenant_id: tenantId }).groupBy('status').select('status').count<{ status: string; count: string }[]>('* as count');
    const statusCount = (status: string) => Number(byStatus.find((row) => row.status === status)?.count ?? 0);
    expect(statusCount('RECEIVED')).toBe(purchaseOrdersReceived);
    expect(statusCount('SUBMITTED') + statusCount('PARTIALLY_RECEIVED')).toBe(purchaseOrdersOpen);
    expect(await countRows('planning.purchase_order_receipts')).toBe(result.counts.receipts);
  });

  test('posts each stock movement once: a RECEIPT per opening lot and lot received, a WASTE per expired ingredient and day, a PRODUCTION per ingredient baked with and day', async () => {
    const openingLots = bakery.openingLots.filter((lot) => lot.quantity > 0).length;
    expect(await countRows('inventory.stock_movements', { kind: 'RECEIPT' })).toBe(openingLots + result.counts.receiptLines);
    expect(await countRows('inventory.stock_movements', { kind: 'WASTE' })).toBe(result.counts.wasteMovements);
    expect(result.counts.expiredLotsLeft).toBe(0);
    expect(await countRows('inventory.stock_movements', { kind: 'PRODUCTION' })).toBe(result.counts.productionLines);
  });

  test('records production on each open day and sales for every product of each open day', async () => {
    expect(result.counts.productionDays).toBe(openDays());
    expect(await countRows('planning.production_records')).toBe(openDays());
    expect(result.counts.salesRecords).toBe(openDays() * bakery.products.length);
    const recorded = await db('planning.sales').where({ tenant_id: tenantId }).whereBetween('date', [bakery.startDate, addDays(bakery.startDate, DAYS - 1)]).count<{ count: string }[]>('* as count');
    expect(Number(recorded[0].count)).toBe(openDays() * bakery.products.length);
  });

  test('loads the bakery the imports describe, and agrees with the in-process simulation within the stated tolerance', async () => {
    const importRows = (kind: keyof ReturnType<typeof bakeryCsvFiles>) => bakeryCsvFiles(bakery)[kind].trim().split('\n').length - 1;
    expect(await countRows('inventory.ingredients')).toBe(importRows('ingredients'));
    const inProcess = simulatePolicy(bakery, POLICIES.levain, DAYS);
    expect(result.metrics.demand).toBe(inProcess.metrics.demand);
    for (const check of toleranceChecks(inProcess.metrics, result.metrics)) expect(check, check.metric).toMatchObject({ holds: true });
  });
});
