import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { jobsEnv, ownBakery, startJobsStack, type JobsStack } from '../jobs/support.ts';
import { graphql, tokenFor } from '../support/graphql.ts';

/**
 * A subgraph whose connections are reset (planning behind the fault proxy, "down"): the gateway
 * answers SERVICE_UNAVAILABLE, with HTTP 503 when nothing of the request could be answered, never
 * a masked INTERNAL_SERVER_ERROR.
 */

let stack: JobsStack;
let db: Db;
let token: string;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
  token = await tokenFor((await ownBakery(db, 'outage')).tenantId, ['ADMIN']);
});
afterAll(async () => {
  stack.planningProxy.down = false;
  await stack?.stop();
  await db?.destroy();
});

const SETTINGS = '{ planningSettings { timezone } }';
const PARTIAL = '{ ingredients(first: 1) { totalCount } latestProcurementPlan { id } }';
const UNAVAILABLE = { message: 'A service Levain depends on is unavailable right now; try again shortly', code: 'SERVICE_UNAVAILABLE' };

describe('planning unreachable (connections reset)', () => {
  test('a request planning alone answers is 503 SERVICE_UNAVAILABLE; a partial answer keeps its 200; all is normal after', async () => {
    // The gateway has checked the tenant (remembered), so only the planning fetch itself fails.
    expect(await graphql(stack.gatewayUrl, SETTINGS, {}, token)).toMatchObject({ status: 200, data: { planningSettings: { timezone: expect.any(String) } } });
    stack.planningProxy.down = true;
    const whole = await graphql(stack.gatewayUrl, SETTINGS, {}, token);
    expect(whole.status).toBe(503);
    expect(whole.data).toBeNull();
    expect(whole.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([UNAVAILABLE]);

    const partial = await graphql(stack.gatewayUrl, PARTIAL, {}, token);
    expect(partial.status).toBe(200);
    expect(partial.data).toEqual({ ingredients: { totalCount: expect.any(Number) }, latestProcurementPlan: null });
    expect(partial.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

    stack.planningProxy.down = false;
    expect((await graphql(stack.gatewayUrl, SETTINGS, {}, token)).status).toBe(200);
  });

  test('a caller mistake is still its own error while planning is down', async () => {
    stack.planningProxy.down = true;
    const refused = await graphql(stack.gatewayUrl, '{ planningSettings { nope } }', {}, token);
    stack.planningProxy.down = false;
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
