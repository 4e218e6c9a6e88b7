import { addDays } from '../../platform/time-zones.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { planningSubgraph } from '../../subgraphs/planning/server.ts';
import { graphql, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph.ts';
import { createTenant } from '../../subgraphs/planning/repository/tenants.ts';

let planning: TestSubgraph;
let tenant: string;
let admin: string;

const SETTINGS = `{ planningSettings { timezone orchestrationCron horizonDays serviceLevel safetyStockMethod safetyStockPercent supplierWeights { price leadTime reliability } webhookUrl } }`;
const UPDATE = `mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { timezone orchestrationCron horizonDays serviceLevel webhookUrl } }`;

beforeAll(async () => {
  planning = await startTestSubgraph(planningSubgraph, inject('databaseUrl'));
  // A tenant of its own, so changing settings never disturbs other tests.
  const created = await createTenant(planning.db, { slug: `settings-${randomUUID().slice(0, 8)}`, name: 'Settings Test', timezone: 'Europe/Madrid' });
  tenant = created!.id;
  admin = await tokenFor(tenant, ['ADMIN']);
});
afterAll(() => planning.stop());

describe('planning settings', () => {
  test('a new tenant has the defaults of DESIGN.md §2', async () => {
    const response = await graphql(planning.url, SETTINGS, {}, admin);
    expect(response.data.planningSettings).toEqual({
      timezone: 'Europe/Madrid',
      orchestrationCron: '30 5 * * *',
      horizonDays: 7,
      serviceLevel: 0.95,
      safetyStockMethod: 'STATISTICAL',
      safetyStockPercent: 0.5,
      supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 },
      webhookUrl: null,
    });
  });

  test('an ADMIN changes only the fields given', async () => {
    const response = await graphql(planning.url, UPDATE, { input: { horizonDays: 10, timezone: 'America/New_York' } }, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data.updatePlanningSettings).toMatchObject({ horizonDays: 10, timezone: 'America/New_York', orchestrationCron: '30 5 * * *' });
    await graphql(planning.url, UPDATE, { input: { horizonDays: 7, timezone: 'Europe/Madrid' } }, admin);
  });

  test.each<[Record<string, unknown>, string]>([
    [{ orchestrationCron: 'every night' }, 'orchestrationCron'],
    [{ orchestrationCron: '61 5 * * *' }, 'orchestrationCron'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ horizonDays: 0 }, 'horizonDays'],
    [{ serviceLevel: 1 }, 'serviceLevel'],
    [{ webhookUrl: 'ftp://example.com/hook' }, 'webhookUrl'],
    [{ webhookUrl: 'http://169.254.169.254/latest/meta-data' }, 'webhookUrl'],
    [{ supplierWeights: { price: 0, leadTime: 0, reliability: 0 } }, 'supplierWeights'],
    // Issue 12, finding 12: a nightly pipeline, not a poller — at most hourly.
    [{ orchestrationCron: '* * * * *' }, 'orchestrationCron'],
    [{ orchestrationCron: '*/30 * * * *' }, 'orchestrationCron'],
    [{ orchestrationCron: '0,59 5 * * *' }, 'orchestrationCron'],
    [{ orchestrationCron: '* 5 * * *' }, 'orchestrationCron'],
    // Issue 12, finding 5: literal addresses of the service's own host and networks; a CR/LF kept would be a header injection downstream.
    ...['http://127.0.0.1:4004/graphql', 'http://127.1/', 'http://2130706433/', 'http://localhost./', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.1/', 'http://192.168.1.1/', 'http://[fd00::1]/', 'http://168.63.129.16/', 'http://[64:ff9b::a9fe:a9fe]/',
      'https://hooks.example.com/a\r\nX-Injected: 1', 'https://hooks.example.com/\nb'].map((webhookUrl): [Record<string, unknown>, string] => [{ webhookUrl }, 'webhookUrl']),
  ])('rejects %j naming %s, and changes nothing', async (input, field) => {
    const response = await graphql(planning.url, UPDATE, { input: { horizonDays: 9, ...input } }, admin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(field);
    const after = await graphql(planning.url, SETTINGS, {}, admin);
    expect(after.data.planningSettings.horizonDays).toBe(7);
  });

  test('the time zone is stored as IANA spells it, the webhook URL trimmed and normalised, an hourly cron accepted', async () => {
    const response = await graphql(
      planning.url,
      UPDATE,
      { input: { timezone: 'europe/madrid', webhookUrl: '  HTTPS://Hooks.Example.COM/levain?x=1  ', orchestrationCron: '0 * * * *' } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.updatePlanningSettings).toMatchObject({
      timezone: 'Europe/Madrid',
      webhookUrl: 'https://hooks.example.com/levain?x=1',
      orchestrationCron: '0 * * * *',
    });
    const after = await graphql(planning.url, SETTINGS, {}, admin);
    expect(after.data.planningSettings).toMatchObject({ timezone: 'Europe/Madrid', webhookUrl: 'https://hooks.example.com/levain?x=1' });
    await graphql(planning.url, UPDATE, { input: { webhookUrl: null, orchestrationCron: '30 5 * * *' } }, admin);
  });

  test('a PLANNER may not change settings', async () => {
    const response = await graphql(planning.url, UPDATE, { input: { horizonDays: 3 } }, await tokenFor(tenant, ['PLANNER']));
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('without a token the subgraph refuses', async () => {
    const response = await graphql(planning.url, SETTINGS);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sales history', () => {
  const RECORD = `mutation ($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }`;
  const HISTORY = `query ($from: Date!, $to: Date!, $ids: [ID!]) { salesHistory(from: $from, to: $to, productIds: $ids) { product { id } date quantity soldOut } }`;
  const product = randomUUID();

  test('records, replaces and reads back daily sales', async () => {
    const planner = await tokenFor(tenant, ['PLANNER']);
    const first = await graphql(planning.url, RECORD, { records: [
      { productId: product, date: '2026-01-05', quantity: 120 },
      { productId: product, date: '2026-01-06', quantity: 95 },
    ] }, planner);
    expect(first.data.recordSales.recorded).toBe(2);
    await graphql(planning.url, RECORD, { records: [{ productId: product, date: '2026-01-06', quantity: 101, soldOut: true }] }, planner);
    const history = await graphql(planning.url, HISTORY, { from: '2026-01-01', to: '2026-01-31', ids: [product] }, planner);
    expect(history.data.salesHistory).toEqual([
      { product: { id: product }, date: '2026-01-05', quantity: 120, soldOut: false },
      { product: { id: product }, date: '2026-01-06', quantity: 101, soldOut: true },
    ]);
    const notBoolean = await graphql(planning.url, RECORD, { records: [{ productId: product, date: '2026-01-06', quantity: 1, soldOut: 'yes' }] }, planner);
    expect(notBoolean.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a batch with one bad record writes nothing', async () => {
    const planner = await tokenFor(tenant, ['PLANNER']);
    const other = randomUUID();
    const response = await graphql(planning.url, RECORD, { records: [
      { productId: other, date: '2026-02-01', quantity: 10 },
      { productId: other, date: '2026-02-02', quantity: -1 },
    ] }, planner);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('records.1.quantity');
    const rows = await planning.db('planning.sales').where({ tenant_id: tenant, product_id: other });
    expect(rows).toHaveLength(0);
  });

  test('future days, repeated days and long ranges are refused', async () => {
    const planner = await tokenFor(tenant, ['PLANNER']);
    const future = await graphql(planning.url, RECORD, { records: [{ productId: product, date: '2999-01-01', quantity: 1 }] }, planner);
    expect(future.errors?.[0].message).toContain('future');
    const twice = await graphql(planning.url, RECORD, { records: [
      { productId: product, date: '2026-01-07', quantity: 1 },
      { productId: product, date: '2026-01-07', quantity: 2 },
    ] }, planner);
    expect(twice.errors?.[0].message).toContain('repeats');
    const long = await graphql(planning.url, HISTORY, { from: '2024-01-01', to: '2026-01-01' }, planner);
    expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('5,000 records fit one call; 5,001 are refused, and nothing is written', async () => {
    const planner = await tokenFor(tenant, ['PLANNER']);
    const many = randomUUID();
    const records = (count: number) => Array.from({ length: count }, (_, index) => ({ productId: many, date: addDays('2010-01-01', index), quantity: 1 }));
    const refused = await graphql(planning.url, RECORD, { records: records(5_001) }, planner);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(refused.errors?.[0].message).toMatch(/records: Too big: .*5000/);
    expect(await planning.db('planning.sales').where({ tenant_id: tenant, product_id: many })).toHaveLength(0);
    const accepted = await graphql(planning.url, RECORD, { records: records(5_000) }, planner);
    expect(accepted.data.recordSales.recorded).toBe(5_000);
  });

  test('a VIEWER reads but cannot record, and other tenants see none of it', async () => {
    const viewer = await tokenFor(tenant, ['VIEWER']);
    const refused = await graphql(planning.url, RECORD, { records: [{ productId: product, date: '2026-01-08', quantity: 1 }] }, viewer);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const rival = await tokenFor(await tenantId(planning.db, 'rival'), ['ADMIN']);
    const history = await graphql(planning.url, HISTORY, { from: '2026-01-01', to: '2026-01-31', ids: [product] }, rival);
    expect(history.data.salesHistory).toEqual([]);
  });
});
