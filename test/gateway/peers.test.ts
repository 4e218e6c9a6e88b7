import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import type { SubgraphName } from '../../platform/config.ts';
import { dateIn } from '../../platform/time-zones.ts';
import type { BenchProcess } from '../../bench/support/child-process.ts';
import { ingredientIdsOf } from '../../bench/support/fixture.ts';
import { runPipelineDirectly } from '../../bench/support/pipeline.ts';
import { benchTempDir, startGatewayProcess, writeSupergraph, type GatewayKind } from '../../bench/support/stack.ts';
import { BY_IDS, canonical, DASHBOARD, PLAN } from '../../bench/support/workloads.ts';
import { graphql } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { ownBakery, type TestBakery } from '../jobs/support.ts';

/**
 * The benchmark's strongest peers (issue 16) serve the committed subgraphs as Levain's gateway
 * does: Hive Gateway with the Rust query planner, on the supergraph gateway/supergraph.ts composes,
 * and Grafbase, which composes the subgraphs' SDL files itself. Each runs as in `npm run
 * bench:gateway` (bench/processes/gateway.ts) in front of real subgraphs on the demo bakery, offline.
 */

const PEERS: GatewayKind[] = ['hive-rust', 'grafbase'];

let db: Db;
let stack: TestStack;
let bakery: TestBakery;
const peers = new Map<GatewayKind, BenchProcess>();

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 1);
  bakery = await ownBakery(db, 'peers');
  stack = await startTestStack(inject('databaseUrl'));
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  const supergraphFile = writeSupergraph(benchTempDir(), urls);
  for (const kind of PEERS) {
    peers.set(kind, await startGatewayProcess(kind, kind, { databaseUrl: inject('databaseUrl'), supergraphFile, urls }));
  }
  const planDate = dateIn(DEMO_BAKERY.tenant.timezone);
  await runPipelineDirectly(stack.gatewayUrl, `Bearer ${bakery.service}`, planDate, `peers:${planDate}`);
}, 180_000);

afterAll(async () => {
  for (const peer of peers.values()) await peer.stop();
  await stack?.stop();
  await db?.destroy();
});

/** Levain's answer, after checking that every peer answers the same data and no errors. */
async function sameFromEveryGateway(query: string, variables: Record<string, unknown> = {}) {
  const levain = await graphql(stack.gatewayUrl, query, variables, bakery.viewer);
  expect(levain.errors).toBeUndefined();
  for (const [kind, peer] of peers) {
    const answer = await graphql(peer.ready.url!, query, variables, bakery.viewer);
    expect({ kind, status: answer.status, errors: answer.errors }).toEqual({ kind, status: 200, errors: undefined });
    expect(canonical(answer.data), kind).toBe(canonical(levain.data));
  }
  return levain.data;
}

describe('Hive Gateway + Rust planner and Grafbase answer as Levain does', () => {
  test('the dashboard query: two pages across inventory, suppliers and recipes', async () => {
    const first = await sameFromEveryGateway(DASHBOARD, { after: null });
    expect(first.ingredients.edges).toHaveLength(20);
    expect(first.ingredients.edges.some((edge: any) => edge.node.offers.length > 0 && edge.node.usedIn.length > 0)).toBe(true);
    const cursor = await graphql(stack.gatewayUrl, '{ ingredients(first: 20) { pageInfo { endCursor } } }', {}, bakery.viewer);
    const second = await sameFromEveryGateway(DASHBOARD, { after: cursor.data.ingredients.pageInfo.endCursor });
    expect(second.ingredients.edges.length).toBeGreaterThan(0);
  });

  test('the batch query: every ingredient of the bakery by id, and an unknown id reported missing', async () => {
    const ids = await ingredientIdsOf(db, bakery.tenantId);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const data = await sameFromEveryGateway(BY_IDS, { ids: [...ids, unknown] });
    expect(data.ingredientsByIds.ingredients).toHaveLength(ids.length);
    expect(data.ingredientsByIds.missingIds).toEqual([unknown]);
  });

  test('the plan query: the latest procurement plan with its lines and purchase orders', async () => {
    const data = await sameFromEveryGateway(PLAN);
    expect(data.latestProcurementPlan.lines.length).toBeGreaterThan(0);
    expect(data.latestProcurementPlan.purchaseOrders.length).toBeGreaterThan(0);
    expect(data.latestProcurementPlan.lines.every((line: any) => line.ingredient.name && line.supplier.name)).toBe(true);
  });
});

test('a request without a token gets no data from any gateway: each forwards Authorization, never makes one up', async () => {
  for (const url of [stack.gatewayUrl, ...[...peers.values()].map((peer) => peer.ready.url!)]) {
    const answer = await graphql(url, '{ ingredients(first: 1) { totalCount } }');
    expect(answer.errors?.length, url).toBeGreaterThan(0);
    expect(answer.data?.ingredients ?? null, url).toBeNull();
  }
});
