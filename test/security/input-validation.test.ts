import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { dateIn } from '../../platform/time-zones.ts';
import type { Role } from '../../platform/auth.ts';
import { GENERATE_FORECASTS, GENERATE_PLAN, GENERATE_SCHEDULE, ok, RECORD_SNAPSHOT, SNAPSHOT_QUERY, snapshotInput, START_RUN } from '../planning/pipeline-support.ts';
import type { OrchestrationRequests } from '../../jobs/queues.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { graphql, TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { composedRootFields, insertPrivateBakeries, tenantFingerprint, type PrivateBakery } from './support.ts';

/**
 * The input audit as a test: every mutation of the composed supergraph has cases of invalid input
 * (out of range, wrong unit or date, bad cron or time zone, forbidden webhook, a bad item among
 * good ones, a state it cannot move from), each refused with BAD_USER_INPUT naming the problem,
 * and every row the bakery has is unchanged afterwards — no partial write.
 */

let stack: TestStack;
let planningWithQueue: HttpService;
let planningDb: Db;
let enqueued = 0;
let db: Db;
let bakery: PrivateBakery;
const tokens = {} as Record<Role, string>;
/** A run that went through the whole pipeline, and one only started (QUEUED, no snapshot). */
const state = { runId: '', queuedRunId: '', scheduleId: '', planId: '', draftOrderId: '' };

const today = () => dateIn('Europe/Madrid');
const plusDays = (days: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'audit'));
  stack = await startTestStack(inject('databaseUrl'));
  for (const role of ['VIEWER', 'PLANNER', 'ADMIN', 'SERVICE'] as const) tokens[role] = await tokenFor(bakery.tenantId, [role]);
  const url = stack.gatewayUrl;
  const run = (await ok(url, START_RUN, { input: { planDate: today(), trigger: 'MANUAL', idempotencyKey: randomUUID() } }, tokens.SERVICE)).startOrchestrationRun;
  state.runId = run.id;
  await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, tokens.SERVICE)) }, tokens.SERVICE);
  await ok(url, GENERATE_FORECASTS, { runId: run.id }, tokens.SERVICE);
  state.scheduleId = (await ok(url, GENERATE_SCHEDULE, { runId: run.id }, tokens.SERVICE)).generateProductionSchedule.id;
  const plan = (await ok(url, GENERATE_PLAN, { runId: run.id }, tokens.SERVICE)).generateProcurementPlan;
  state.planId = plan.id;
  state.draftOrderId = plan.purchaseOrders[0].id;
  planningDb = createDb(inject('databaseUrl'), 2);
  const queues: OrchestrationRequests = {
    maxOpenRunsPerTenant: 3,
    enqueueManualRun: async () => void (enqueued += 1),
    enqueueEventRun: async () => ({ jobId: 'event', deduplicated: false }),
    syncTenantSchedule: async () => {},
    syncTenantSchedules: async () => ({}) as never,
  };
  const planning = ALL_SUBGRAPHS.find((definition) => definition.name === 'planning')!;
  planningWithQueue = await startSubgraph(planning, { db: planningDb, jwtSecret: TEST_JWT_SECRET, logger: createLogger('planning', 'silent'), maxBodyBytes: 1_048_576, queues }, 0);
  state.queuedRunId = (await ok(url, START_RUN, { input: { planDate: today(), trigger: 'EVENT', idempotencyKey: randomUUID() } }, tokens.SERVICE)).startOrchestrationRun.id;
}, 120_000);
afterAll(async () => {
  await planningWithQueue?.stop();
  await planningDb?.destroy();
  await stack?.stop();
  await db?.destroy();
});

interface InvalidInput {
  role: Role;
  /** Sent to this planning subgraph with a job queue instead of the gateway (the test stack has no queue). */
  withQueue?: true;
  query: string;
  variables?: () => Record<string, unknown>;
  /** What the error message must say. */
  says: RegExp;
}

const CREATE_INGREDIENT = `mutation ($input: CreateIngredientInput!) { createIngredient(input: $input) { id } }`;
const ingredient = (overrides: Record<string, unknown>) => ({ input: { sku: `AUD-${randomUUID().slice(0, 8)}`, name: 'Audit flour', category: 'flour', unit: 'KG', ...overrides } });
const UPDATE_INGREDIENT = `mutation ($id: ID!, $input: UpdateIngredientInput!) { updateIngredient(id: $id, input: $input) { id } }`;
const MOVEMENT = `mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }`;
const movement = (overrides: Record<string, unknown>) => ({ input: { ingredientId: bakery.ingredient('FLR-T65'), kind: 'RECEIPT', quantity: 1, ...overrides } });
const CREATE_SUPPLIER = `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }`;
const supplier = (overrides: Record<string, unknown>) => ({ input: { name: `Audit ${randomUUID().slice(0, 8)}`, leadTimeDays: 2, reliability: 0.9, ...overrides } });
const UPDATE_SUPPLIER = `mutation ($id: ID!, $input: UpdateSupplierInput!) { updateSupplier(id: $id, input: $input) { id } }`;
const UPSERT_OFFER = `mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { id } }`;
const offer = (overrides: Record<string, unknown>) => ({ input: { supplierId: bakery.supplier('Harinera La Meseta'), ingredientId: bakery.ingredient('FLR-T65'), unitPrice: 1, ...overrides } });
const CREATE_PRODUCT = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
const UPDATE_PRODUCT = `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const importing = (field: string) => `mutation ($input: ImportCsvInput!) { ${field}(input: $input) { rows } }`;
const csv = (text: string) => () => ({ input: { csv: text } });
const CREATE_RECIPE = `mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }`;
const UPDATE_RECIPE = `mutation ($id: ID!, $input: UpdateRecipeInput!) { updateRecipe(id: $id, input: $input) { id } }`;
const line = (sku: string, quantity = 1) => ({ ingredientId: bakery.ingredient(sku), quantity, unit: 'KG' });
const SETTINGS = `mutation ($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { timezone } }`;
const SALES = `mutation ($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }`;
const sale = (overrides: Record<string, unknown> = {}) => ({ productId: bakery.product('P-BAGUETTE'), date: plusDays(-1), quantity: 10, ...overrides });
const RECEIVE = `mutation ($input: ReceivePurchaseOrderInput!) { receivePurchaseOrder(input: $input) { id } }`;
const receipt = (line: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) => ({
  input: { id: state.draftOrderId, receivedOn: today(), lines: [{ ingredientId: bakery.ingredient('FLR-T65'), quantity: 1, ...line }], ...overrides },
});
const PRODUCTION = `mutation ($input: RecordProductionInput!) { recordProduction(input: $input) { id } }`;
const production = (overrides: Record<string, unknown>) => ({ input: { date: today(), batches: [{ productId: bakery.product('P-BAGUETTE'), batches: 1 }], ...overrides } });
const POST_MOVEMENTS = `mutation ($input: PostStockMovementsInput!) { postStockMovements(input: $input) { key } }`;
const posting = (overrides: Record<string, unknown>) => ({
  input: { key: randomUUID(), kind: 'RECEIPT', occurredOn: today(), lines: [{ ingredientId: bakery.ingredient('FLR-T65'), quantity: 1, lotCode: 'L-1' }], ...overrides },
});
const byId = (field: string) => `mutation ($id: ID!) { ${field}(id: $id) { id } }`;
const byRunId = (field: string, selection = '{ id }') => `mutation ($runId: ID!) { ${field}(runId: $runId) ${selection} }`;
const RUN_STEP = `mutation ($runId: ID!, $input: RecordRunStepInput!) { recordRunStep(runId: $runId, input: $input) { id } }`;
const FINISH = `mutation ($runId: ID!, $input: FinishOrchestrationRunInput!) { finishOrchestrationRun(runId: $runId, input: $input) { id } }`;
const SNAPSHOT = `mutation ($runId: ID!, $snapshot: SnapshotInput!) { recordSnapshot(runId: $runId, snapshot: $snapshot) { id } }`;
const snapshotWith = (lots: unknown[], lineIngredient: string = randomUUID()) => ({
  runId: state.queuedRunId,
  snapshot: {
    ingredients: [{ id: bakery.ingredient('FLR-T65'), name: 'Flour', unit: 'KG', perishable: false, lots }],
    suppliers: [],
    recipes: [{ id: randomUUID(), name: 'R', product: { id: randomUUID(), name: 'P' }, yieldQuantity: 1, ingredients: [{ ingredient: { id: lineIngredient }, quantity: 1, unit: 'KG' }] }],
  },
});

/** Invalid inputs by mutation; the coverage test fails for a mutation without any. */
const CASES: Record<string, Record<string, InvalidInput>> = {
  createIngredient: {
    'an empty sku': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ sku: '   ' }), says: /sku must not be empty/ },
    'a 65-character sku': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ sku: 'S'.repeat(65) }), says: /sku must be at most 64/ },
    'a sku the bakery already uses': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ sku: 'FLR-T65' }), says: /FLR-T65/ },
    'a perishable without a shelf life': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ perishable: true }), says: /shelfLifeDays/ },
    'a shelf life of 3,651 days': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ perishable: true, shelfLifeDays: 3651 }), says: /at most 3650/ },
    'a negative reorder point': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ reorderPoint: -1 }), says: /reorderPoint must be at least 0/ },
    'a reorder point of 1e12': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ reorderPoint: 1e12 }), says: /reorderPoint must be at most/ },
    'an unknown unit': { role: 'ADMIN', query: CREATE_INGREDIENT, variables: () => ingredient({ unit: 'POUND' }), says: /Unit/ },
  },
  updateIngredient: {
    'a malformed id': { role: 'ADMIN', query: UPDATE_INGREDIENT, variables: () => ({ id: "1' OR '1'='1", input: { name: 'x' } }), says: /must be a UUID/ },
    "another ingredient's sku": { role: 'ADMIN', query: UPDATE_INGREDIENT, variables: () => ({ id: bakery.ingredient('FLR-T65'), input: { sku: 'FLR-T55' } }), says: /FLR-T55/ },
    'a new unit while stock is on hand': { role: 'ADMIN', query: UPDATE_INGREDIENT, variables: () => ({ id: bakery.ingredient('FLR-T65'), input: { unit: 'G' } }), says: /unit/ },
    'a valid name with a negative reorder point': { role: 'ADMIN', query: UPDATE_INGREDIENT, variables: () => ({ id: bakery.ingredient('FLR-T65'), input: { name: 'Renamed', reorderPoint: -5 } }), says: /reorderPoint/ },
  },
  recordStockMovement: {
    'a receipt of 0': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ quantity: 0 }), says: /greater than 0/ },
    'a negative consumption': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ kind: 'CONSUMPTION', quantity: -3 }), says: /greater than 0/ },
    'consuming more than is on hand': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ kind: 'CONSUMPTION', quantity: 1_000_000 }), says: /Not enough stock/ },
    'a quantity of 1e10': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ quantity: 1e10 }), says: /at most/ },
    'an expiry on a consumption': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ kind: 'CONSUMPTION', expiresOn: plusDays(3) }), says: /expiresOn/ },
    'an impossible date': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ expiresOn: '2026-02-30' }), says: /YYYY-MM-DD/ },
    'a 1,001-character note': { role: 'PLANNER', query: MOVEMENT, variables: () => movement({ note: 'n'.repeat(1001) }), says: /note must be at most 1000/ },
  },
  createSupplier: {
    'a lead time of 366 days': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ leadTimeDays: 366 }), says: /leadTimeDays/ },
    'a negative lead time': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ leadTimeDays: -1 }), says: /leadTimeDays/ },
    'a reliability of 1.5': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ reliability: 1.5 }), says: /reliability/ },
    'a negative minimum order value': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ minimumOrderValue: -10 }), says: /minimumOrderValue/ },
    'a currency that is not ISO 4217': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ currency: 'euro' }), says: /currency/ },
    'a weekday twice': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ deliveryDays: ['MON', 'MON'] }), says: /deliveryDays/ },
    'a name the bakery already uses': { role: 'ADMIN', query: CREATE_SUPPLIER, variables: () => supplier({ name: 'Harinera La Meseta' }), says: /Harinera La Meseta/ },
  },
  updateSupplier: {
    'a reliability of -0.1': { role: 'ADMIN', query: UPDATE_SUPPLIER, variables: () => ({ id: bakery.supplier('Harinera La Meseta'), input: { name: 'Renamed', reliability: -0.1 } }), says: /reliability/ },
    'a malformed id': { role: 'ADMIN', query: UPDATE_SUPPLIER, variables: () => ({ id: 'supplier-1', input: {} }), says: /must be a UUID/ },
  },
  upsertSupplierOffer: {
    'a price of 0': { role: 'ADMIN', query: UPSERT_OFFER, variables: () => offer({ unitPrice: 0 }), says: /unitPrice/ },
    'a pack size of 0': { role: 'ADMIN', query: UPSERT_OFFER, variables: () => offer({ packSize: 0 }), says: /packSize/ },
    'a lead time of 400 days': { role: 'ADMIN', query: UPSERT_OFFER, variables: () => offer({ leadTimeDays: 400 }), says: /leadTimeDays/ },
    'an ingredient id that is not a UUID': { role: 'ADMIN', query: UPSERT_OFFER, variables: () => offer({ ingredientId: 'FLR-T65' }), says: /ingredientId/ },
  },
  removeSupplierOffer: {
    'a malformed id': { role: 'ADMIN', query: `mutation { removeSupplierOffer(id: "'; delete from suppliers.offers; --") }`, says: /must be a UUID/ },
  },
  createProduct: {
    'a sku with spaces': { role: 'ADMIN', query: CREATE_PRODUCT, variables: () => ({ input: { sku: 'PAIN AU LAIT', name: 'Pain au lait' } }), says: /sku/ },
    'an empty name': { role: 'ADMIN', query: CREATE_PRODUCT, variables: () => ({ input: { sku: 'AUD-EMPTY', name: '' } }), says: /name/ },
    'a sku the bakery already uses': { role: 'ADMIN', query: CREATE_PRODUCT, variables: () => ({ input: { sku: 'P-BAGUETTE', name: 'Again' } }), says: /P-BAGUETTE/ },
  },
  updateProduct: {
    'a 201-character name': { role: 'ADMIN', query: UPDATE_PRODUCT, variables: () => ({ id: bakery.product('P-BAGUETTE'), input: { name: 'n'.repeat(201) } }), says: /name/ },
  },
  createRecipe: {
    'a yield of 0': { role: 'ADMIN', query: CREATE_RECIPE, variables: () => ({ input: { productId: bakery.product('P-BAGUETTE'), name: 'R', yieldQuantity: 0, ingredients: [line('FLR-T65')] } }), says: /yieldQuantity/ },
    'no lines': { role: 'ADMIN', query: CREATE_RECIPE, variables: () => ({ input: { productId: bakery.product('P-BAGUETTE'), name: 'R', yieldQuantity: 1, ingredients: [] } }), says: /ingredients/ },
    'a good line and a negative one': {
      role: 'ADMIN',
      query: CREATE_RECIPE,
      variables: () => ({ input: { productId: bakery.product('P-BAGUETTE'), name: 'R', yieldQuantity: 1, ingredients: [line('FLR-T65'), line('SLT-FINE', -1)] } }),
      says: /quantity/,
    },
    'one ingredient twice': { role: 'ADMIN', query: CREATE_RECIPE, variables: () => ({ input: { productId: bakery.product('P-BAGUETTE'), name: 'R', yieldQuantity: 1, ingredients: [line('FLR-T65'), line('FLR-T65')] } }), says: /repeats ingredient/ },
    'a product that already has its recipe': { role: 'ADMIN', query: CREATE_RECIPE, variables: () => ({ input: { productId: bakery.product('P-BAGUETTE'), name: 'R', yieldQuantity: 1, ingredients: [line('FLR-T65')] } }), says: /recipe/ },
  },
  updateRecipe: {
    'new lines, one of them 0': { role: 'ADMIN', query: UPDATE_RECIPE, variables: () => ({ id: bakery.recipe('P-BAGUETTE'), input: { name: 'Renamed', ingredients: [line('FLR-T65'), line('SLT-FINE', 0)] } }), says: /quantity/ },
    'a negative yield': { role: 'ADMIN', query: UPDATE_RECIPE, variables: () => ({ id: bakery.recipe('P-BAGUETTE'), input: { yieldQuantity: -4 } }), says: /yieldQuantity/ },
  },
  updatePlanningSettings: {
    'a time zone that does not exist': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { timezone: 'Mars/Olympus_Mons' } }), says: /IANA time zone/ },
    'a time zone with SQL in it': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { timezone: "UTC'; drop table planning.tenants; --" } }), says: /IANA time zone/ },
    'a cron of 3 fields': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { orchestrationCron: '* * *' } }), says: /cron/ },
    'a cron at minute 99': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { orchestrationCron: '99 5 * * *' } }), says: /cron/ },
    'a cron of 6 fields (seconds)': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { orchestrationCron: '0 30 5 * * *' } }), says: /cron/ },
    'a horizon of 0 days': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { horizonDays: 0 } }), says: /horizonDays/ },
    'a horizon of 61 days': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { horizonDays: 61 } }), says: /horizonDays/ },
    'a service level of 1': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { serviceLevel: 1 } }), says: /serviceLevel/ },
    'a negative safety stock percent': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { safetyStockPercent: -0.5 } }), says: /safetyStockPercent/ },
    'all supplier weights 0': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { supplierWeights: { price: 0, leadTime: 0, reliability: 0 } } }), says: /weight/ },
    'a valid time zone with an invalid horizon (nothing half-saved)': { role: 'ADMIN', query: SETTINGS, variables: () => ({ input: { timezone: 'Asia/Tokyo', horizonDays: 1000 } }), says: /horizonDays/ },
    ...Object.fromEntries(
      [
        'ftp://hooks.example.com/',
        'javascript:alert(1)',
        'http://169.254.169.254/latest/meta-data/',
        'http://2852039166/',
        'http://[::ffff:169.254.169.254]/',
        'http://metadata.google.internal./computeMetadata/v1/',
        'http://[fe80::1%25eth0]/',
        'https://admin:secret@hooks.example.com/',
        `https://hooks.example.com/${'x'.repeat(2100)}`,
      ].map((webhookUrl) => [`webhook ${webhookUrl.slice(0, 60)}`, { role: 'ADMIN' as const, query: SETTINGS, variables: () => ({ input: { webhookUrl } }), says: /webhookUrl/ }]),
    ),
  },
  recordSales: {
    'a day in the future': { role: 'PLANNER', query: SALES, variables: () => ({ records: [sale({ date: plusDays(2) })] }), says: /future/ },
    'a negative quantity': { role: 'PLANNER', query: SALES, variables: () => ({ records: [sale({ quantity: -1 })] }), says: /quantity/ },
    'a quantity of 1e8': { role: 'PLANNER', query: SALES, variables: () => ({ records: [sale({ quantity: 1e8 })] }), says: /quantity/ },
    'no records': { role: 'PLANNER', query: SALES, variables: () => ({ records: [] }), says: /records/ },
    'one product and day twice': { role: 'PLANNER', query: SALES, variables: () => ({ records: [sale(), sale()] }), says: /repeats/ },
    'good records with one bad one last (none written)': {
      role: 'PLANNER',
      query: SALES,
      variables: () => ({ records: [sale({ date: plusDays(-3) }), sale({ date: plusDays(-2) }), sale({ productId: 'not-a-product' })] }),
      says: /productId/,
    },
  },
  // CSV imports (docs/IMPORT.md): one bad line after good ones refuses the whole file, naming the line.
  importIngredients: {
    'a unit that is none': { role: 'ADMIN', query: importing('importIngredients'), variables: csv('sku,name,category,unit\nAUD-A,A,flour,KG\nAUD-B,B,flour,KILO'), says: /line 3, unit/ },
    'an unknown column': { role: 'ADMIN', query: importing('importIngredients'), variables: csv('sku,name,category,unit,colour\nAUD-A,A,flour,KG,red'), says: /line 1, colour: unknown column/ },
  },
  importStockLots: {
    'a receipt dated tomorrow': { role: 'ADMIN', query: importing('importStockLots'), variables: () => csv(`sku,quantity,receivedOn\nFLR-T65,5,${plusDays(-1)}\nFLR-T65,5,${plusDays(1)}`)(), says: /line 3, receivedOn: .* in the future/ },
    'an unknown sku': { role: 'ADMIN', query: importing('importStockLots'), variables: csv('sku,quantity,receivedOn\nFLR-T65,5,2026-01-05\nNOPE,5,2026-01-05'), says: /line 3, sku: names no ingredient/ },
  },
  importSuppliers: {
    'a reliability of 2': { role: 'ADMIN', query: importing('importSuppliers'), variables: csv('name,leadTimeDays,reliability\nAudit A,1,0.5\nAudit B,1,2'), says: /line 3, reliability/ },
  },
  importOffers: {
    'an unknown ingredient sku': { role: 'ADMIN', query: importing('importOffers'), variables: csv('supplier,ingredientSku,unitPrice\nHarinera La Meseta,FLR-T65,1\nHarinera La Meseta,NOPE,1'), says: /line 3, ingredientSku: names no ingredient/ },
  },
  importRecipes: {
    'a quantity of 0': { role: 'ADMIN', query: importing('importRecipes'), variables: csv('productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nAUD-P,P,P,10,FLR-T65,0,KG'), says: /line 2, quantity/ },
  },
  importSales: {
    'a negative quantity': { role: 'ADMIN', query: importing('importSales'), variables: () => csv(`productSku,date,quantity\nP-BAGUETTE,${plusDays(-2)},5\nP-BAGUETTE,${plusDays(-1)},-5`)(), says: /line 3, quantity/ },
  },
  startOrchestrationRun: {
    'an empty idempotency key': { role: 'SERVICE', query: START_RUN, variables: () => ({ input: { planDate: today(), trigger: 'MANUAL', idempotencyKey: '  ' } }), says: /idempotencyKey/ },
    'a 201-character idempotency key': { role: 'SERVICE', query: START_RUN, variables: () => ({ input: { planDate: today(), trigger: 'MANUAL', idempotencyKey: 'k'.repeat(201) } }), says: /idempotencyKey/ },
    'an impossible plan date': { role: 'SERVICE', query: START_RUN, variables: () => ({ input: { planDate: '2026-13-01', trigger: 'MANUAL', idempotencyKey: randomUUID() } }), says: /YYYY-MM-DD/ },
  },
  recordSnapshot: {
    'a negative lot': { role: 'SERVICE', query: SNAPSHOT, variables: () => snapshotWith([{ id: randomUUID(), quantity: -5, receivedOn: today() }], bakery.ingredient('FLR-T65')), says: /quantity/ },
    // (A recipe line naming an ingredient outside the snapshot is accepted: planning skips that recipe with a warning.)
    'a lot listed twice': { role: 'SERVICE', query: SNAPSHOT, variables: () => { const lot = { id: randomUUID(), quantity: 1, receivedOn: today() }; return snapshotWith([lot, lot], bakery.ingredient('FLR-T65')); }, says: /more than once/ },
  },
  generateForecasts: {
    'a run without a snapshot': { role: 'SERVICE', query: byRunId('generateForecasts'), variables: () => ({ runId: state.queuedRunId }), says: /snapshot/ },
    'a malformed run id': { role: 'SERVICE', query: byRunId('generateForecasts'), variables: () => ({ runId: '../../etc/passwd' }), says: /UUID/ },
  },
  generateProductionSchedule: {
    'a run without forecasts': { role: 'SERVICE', query: byRunId('generateProductionSchedule'), variables: () => ({ runId: state.queuedRunId }), says: /forecast|snapshot/ },
  },
  generateProcurementPlan: {
    'a run without a schedule': { role: 'SERVICE', query: byRunId('generateProcurementPlan'), variables: () => ({ runId: state.queuedRunId }), says: /schedule|snapshot|forecast/ },
  },
  recordRunStep: {
    'negative attempts': { role: 'SERVICE', query: RUN_STEP, variables: () => ({ runId: state.queuedRunId, input: { name: 'snapshot', status: 'RUNNING', attempts: -1 } }), says: /attempts/ },
    'a 2,001-character error': { role: 'SERVICE', query: RUN_STEP, variables: () => ({ runId: state.queuedRunId, input: { name: 'snapshot', status: 'FAILED', error: 'e'.repeat(2001) } }), says: /error/ },
    'PENDING straight to COMPENSATED': { role: 'SERVICE', query: RUN_STEP, variables: () => ({ runId: state.queuedRunId, input: { name: 'forecast', status: 'COMPENSATED' } }), says: /PENDING|COMPENSATED/ },
  },
  finishOrchestrationRun: {
    'FAILED without an error': { role: 'SERVICE', query: FINISH, variables: () => ({ runId: state.queuedRunId, input: { status: 'FAILED', failedStep: 'snapshot' } }), says: /error/ },
    'COMPLETED with a failed step': { role: 'SERVICE', query: FINISH, variables: () => ({ runId: state.queuedRunId, input: { status: 'COMPLETED', failedStep: 'snapshot' } }), says: /failedStep/ },
    'back to RUNNING': { role: 'SERVICE', query: FINISH, variables: () => ({ runId: state.queuedRunId, input: { status: 'RUNNING' } }), says: /status/ },
  },
  cancelProductionSchedule: {
    'a malformed id': { role: 'SERVICE', query: byId('cancelProductionSchedule'), variables: () => ({ id: '0' }), says: /UUID/ },
  },
  cancelProcurementPlan: {
    'a malformed id': { role: 'SERVICE', query: byId('cancelProcurementPlan'), variables: () => ({ id: 'null' }), says: /UUID/ },
  },
  approveProcurementPlan: {
    'a malformed id': { role: 'PLANNER', query: byId('approveProcurementPlan'), variables: () => ({ id: '{"$ne":null}' }), says: /UUID/ },
  },
  submitPurchaseOrder: {
    'a malformed id': { role: 'PLANNER', query: byId('submitPurchaseOrder'), variables: () => ({ id: '' }), says: /UUID/ },
  },
  markPurchaseOrderReceived: {
    'a DRAFT order (never submitted)': { role: 'PLANNER', query: byId('markPurchaseOrderReceived'), variables: () => ({ id: state.draftOrderId }), says: /DRAFT|SUBMITTED/ },
  },
  receivePurchaseOrder: {
    'a DRAFT order (never submitted)': { role: 'PLANNER', query: RECEIVE, variables: () => receipt(), says: /input\.id.*DRAFT/ },
    'a quantity of 0': { role: 'PLANNER', query: RECEIVE, variables: () => receipt({ quantity: 0 }), says: /input\.lines\.0\.quantity/ },
    'a receipt dated tomorrow': { role: 'PLANNER', query: RECEIVE, variables: () => receipt({}, { receivedOn: plusDays(1) }), says: /input\.receivedOn/ },
    'a lot expiring the day it arrives': { role: 'PLANNER', query: RECEIVE, variables: () => receipt({ expiresOn: today() }), says: /input\.lines\.0\.expiresOn/ },
  },
  recordProduction: {
    'a day in the future': { role: 'PLANNER', query: PRODUCTION, variables: () => production({ date: plusDays(1) }), says: /input\.date/ },
    'a negative number of batches': { role: 'PLANNER', query: PRODUCTION, variables: () => production({ batches: [{ productId: bakery.product('P-BAGUETTE'), batches: -1 }] }), says: /input\.batches\.0\.batches/ },
    'more than the stock covers': { role: 'PLANNER', query: PRODUCTION, variables: () => production({ batches: [{ productId: bakery.product('P-BAGUETTE'), batches: 100_000 }] }), says: /cannot cover/ },
    'an ingredient id as a product': { role: 'PLANNER', query: PRODUCTION, variables: () => production({ batches: [{ productId: bakery.ingredient('FLR-T65'), batches: 1 }] }), says: /input\.batches\.0\.productId/ },
  },
  postStockMovements: {
    'a key that is not a UUID': { role: 'SERVICE', query: POST_MOVEMENTS, variables: () => posting({ key: 'k-1' }), says: /key must be a UUID/ },
    'a lot code on a PRODUCTION line': { role: 'SERVICE', query: POST_MOVEMENTS, variables: () => posting({ kind: 'PRODUCTION' }), says: /lines\.0\.lotCode/ },
    'no lines': { role: 'SERVICE', query: POST_MOVEMENTS, variables: () => posting({ lines: [] }), says: /lines must hold at least one line/ },
  },
  cancelPurchaseOrder: {
    'a malformed id': { role: 'PLANNER', query: byId('cancelPurchaseOrder'), variables: () => ({ id: 'x'.repeat(500) }), says: /UUID/ },
  },
  requestOrchestration: {
    'a plan date in the past': { role: 'PLANNER', withQueue: true, query: `mutation ($input: RequestOrchestrationInput) { requestOrchestration(input: $input) { id } }`, variables: () => ({ input: { planDate: plusDays(-3) } }), says: /planDate/ },
    'a plan date 60 days ahead': { role: 'PLANNER', withQueue: true, query: `mutation ($input: RequestOrchestrationInput) { requestOrchestration(input: $input) { id } }`, variables: () => ({ input: { planDate: plusDays(60) } }), says: /planDate/ },
  },
  sendPlanNotifications: {
    'a malformed run id': { role: 'SERVICE', query: byRunId('sendPlanNotifications', '{ webhookUrl }'), variables: () => ({ runId: 'run-1' }), says: /UUID/ },
  },
};

test('every mutation of the composed supergraph has invalid-input cases', () => {
  const mutations = composedRootFields().filter((root) => root.rootType === 'Mutation').map((root) => root.name);
  expect(mutations.filter((name) => !CASES[name] || Object.keys(CASES[name]).length === 0), 'add cases to test/security/input-validation.test.ts').toEqual([]);
});

describe.each(Object.entries(CASES).flatMap(([mutation, cases]) => Object.entries(cases).map(([name, invalid]) => [mutation, name, invalid] as const)))(
  '%s: %s',
  (_mutation, _name, invalid) => {
    test('BAD_USER_INPUT naming the problem, and nothing of the bakery changed', async () => {
      const before = await tenantFingerprint(db, bakery.tenantId);
      const response = await graphql(invalid.withQueue ? planningWithQueue.url : stack.gatewayUrl, invalid.query, invalid.variables?.() ?? {}, tokens[invalid.role]);
      expect(response.status).toBeLessThan(500);
      expect(response.errors?.map((error) => error.extensions?.code), JSON.stringify(response.errors)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(invalid.says);
      expect(response.data?.[Object.keys(response.data ?? {})[0]] ?? null).toBeNull();
      expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(before);
      expect(enqueued).toBe(0);
    });
  },
);
