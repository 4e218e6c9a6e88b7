import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { seedIds } from '../../db/seeds/seed-ids.ts';
import { TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { npmStart, ownStartEnvironment } from '../support/npm-start.ts';

/**
 * Issue 15's bug: `npm start` built each subgraph's runtime by hand and left out
 * maxServiceBodyBytes, so an L bakery's recordSnapshot was answered 413 there and nowhere else.
 * It now uses subgraphRuntime, as the subgraph processes do; this checks the effect on a real
 * `npm start`: with MAX_BODY_BYTES small, planning takes a larger body from the pipeline's token
 * and refuses it from anyone else's.
 */
const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

const MAX_BODY_BYTES = 16_384;

/** A recordSnapshot of `count` ingredients for a run that does not exist: over MAX_BODY_BYTES. */
function largeSnapshotBody(count: number): string {
  const ingredients = Array.from({ length: count }, (_, index) => ({ id: randomUUID(), name: `Ingredient ${index}`, unit: 'KG', perishable: false, lots: [] }));
  return JSON.stringify({
    query: 'mutation ($runId: ID!, $snapshot: SnapshotInput!) { recordSnapshot(runId: $runId, snapshot: $snapshot) { id } }',
    variables: { runId: randomUUID(), snapshot: { ingredients, suppliers: [], recipes: [] } },
  });
}

test('npm start: planning takes a body over MAX_BODY_BYTES from the SERVICE token (up to MAX_SERVICE_BODY_BYTES), 413 for a VIEWER', async () => {
  const { home, ports, env } = await ownStartEnvironment();
  homes.push(home);
  const started = npmStart({ ...env, JWT_SECRET: TEST_JWT_SECRET, MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  try {
    expect(await started.ready(150_000), started.output()).toBe(true);
    const body = largeSnapshotBody(300);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
    const post = async (role: 'SERVICE' | 'VIEWER') =>
      fetch(`http://127.0.0.1:${ports.PLANNING_PORT}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(seedIds.tenant('demo'), [role])}` },
        body,
      });

    const service = await post('SERVICE');
    const answer = await service.json();
    // Read and validated: the run does not exist.
    expect([service.status, answer.errors?.[0]?.extensions?.code]).toEqual([200, 'NOT_FOUND']);
    expect((await post('VIEWER')).status).toBe(413);
  } finally {
    process.kill(-started.group, 'SIGTERM');
    await started.exited;
  }
}, 200_000);
