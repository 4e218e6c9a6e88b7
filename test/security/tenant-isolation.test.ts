import { readSubgraphSdl } from '../../subgraphs/sdl.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { createDb, type Db } from '../../db/client.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { SUBGRAPH_SCHEMAS } from '../../gateway/supergraph.ts';
import type { Role } from '../../platform/auth.ts';
import type { SubgraphName } from '../../platform/config.ts';
import { GENERATE_FORECASTS, GENERATE_PLAN, GENERATE_SCHEDULE, ok, RECORD_SNAPSHOT, SNAPSHOT_QUERY, snapshotInput, START_RUN } from '../planning/pipeline-support.ts';
import { graphql, isOutage, tokenFor, type GraphQLResponse } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { composedRootFields, insertPrivateBakeries, tenantFingerprint, type PrivateBakery } from './support.ts';

/**
 * Tenant `demo` calls every root field of the composed supergraph on tenant `rival`'s ids (and
 * sends rival's entity references to every subgraph's `_entities`): nothing of rival's comes
 * back, and every row rival has is byte-for-byte the same afterwards. Fields without an id
 * argument are shown to answer with demo's data only.
 *
 * Both bakeries are private copies of the seeded demo and rival (same data, fresh slugs), so the
 * writes this file makes never disturb the other test files sharing the run's database.
 */

let stack: TestStack;
let db: Db;
let demo: PrivateBakery;
let rival: PrivateBakery;
const demoTokens = {} as Record<Role, string>;

/** Rival's pipeline records, made by rival's own SERVICE and PLANNER tokens. */
const rivalPipeline = { runId: '', idempotencyKey: '', scheduleId: '', planId: '', draftOrderId: '', submittedOrderId: '' };
/** Every id of a rival row and every rival name demo does not share: none may appear in an answer to demo. */
let rivalSecrets: { ids: string[]; names: string[] } = { ids: [], names: [] };
let demoIds: Set<string>;

const today = () => dateIn('Europe/Madrid');
const daysAgo = (days: number) => new Date(Date.parse(`${today()}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function secretsOf(tenantId: string, exceptNamesOf: string): Promise<{ ids: string[]; names: string[] }> {
  const tables = await db('information_schema.columns')
    .where({ column_name: 'tenant_id' })
    .whereIn('table_schema', ['inventory', 'suppliers', 'recipes', 'planning'])
    .select<{ table_schema: string; table_name: string }[]>('table_schema', 'table_name');
  const ids = new Set<string>([tenantId]);
  for (const { table_schema: schema, table_name: table } of tables) {
    const columns = await db('information_schema.columns').where({ table_schema: schema, table_name: table }).pluck('column_name');
    if (columns.includes('id')) for (const id of await db(`${schema}.${table}`).where('tenant_id', tenantId).pluck('id')) ids.add(String(id));
  }
  // Names a bakery chose (not the saga's fixed step names), unless demo chose the same.
  const names = new Set<string>();
  for (const table of ['inventory.ingredients', 'suppliers.suppliers', 'recipes.products', 'recipes.recipes']) {
    const shared = new Set(await db(table).where('tenant_id', exceptNamesOf).pluck('name'));
    for (const value of await db(table).where('tenant_id', tenantId).pluck('name')) if (!shared.has(value)) names.add(String(value));
  }
  const tenant = await db('planning.tenants').where({ id: tenantId }).first('slug', 'name');
  names.add(tenant.slug);
  names.add(tenant.name);
  return { ids: [...ids], names: [...names] };
}

async function idsOf(tenantId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const table of ['inventory.ingredients', 'suppliers.suppliers', 'suppliers.offers', 'recipes.products', 'recipes.recipes']) {
    for (const id of await db(table).where('tenant_id', tenantId).pluck('id')) ids.add(String(id));
  }
  return ids;
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo, rival } = await insertPrivateBakeries(db, 'isolation'));
  stack = await startTestStack(inject('databaseUrl'));
  for (const role of ['VIEWER', 'PLANNER', 'ADMIN', 'SERVICE'] as const) demoTokens[role] = await tokenFor(demo.tenantId, [role]);

  // Rival runs its own pipeline and submits one of its purchase orders.
  const url = stack.gatewayUrl;
  const service = await tokenFor(rival.tenantId, ['SERVICE']);
  rivalPipeline.idempotencyKey = `nightly-${randomUUID()}`;
  const planDate = dateIn('America/New_York');
  const { startOrchestrationRun: run } = await ok(url, START_RUN, { input: { planDate, trigger: 'SCHEDULED', idempotencyKey: rivalPipeline.idempotencyKey } }, service);
  rivalPipeline.runId = run.id;
  await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot: snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, service)) }, service);
  await ok(url, GENERATE_FORECASTS, { runId: run.id }, service);
  rivalPipeline.scheduleId = (await ok(url, GENERATE_SCHEDULE, { runId: run.id }, service)).generateProductionSchedule.id;
  const plan = (await ok(url, GENERATE_PLAN, { runId: run.id }, service)).generateProcurementPlan;
  rivalPipeline.planId = plan.id;
  expect(plan.purchaseOrders.length, 'rival needs two purchase orders for these tests').toBeGreaterThanOrEqual(2);
  rivalPipeline.draftOrderId = plan.purchaseOrders[0].id;
  rivalPipeline.submittedOrderId = plan.purchaseOrders[1].id;
  await ok(url, `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id } }`, { id: rivalPipeline.submittedOrderId }, await tokenFor(rival.tenantId, ['PLANNER']));

  if (composedRootFields().some((root) => root.name === 'sendPlanNotifications')) {
    await ok(url, `mutation ($runId: ID!) { sendPlanNotifications(runId: $runId) { notifications { id } } }`, { runId: run.id }, service);
  }

  rivalSecrets = await secretsOf(rival.tenantId, demo.tenantId);
  demoIds = await idsOf(demo.tenantId);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

/** Every string inside `value` (the variables demo sent). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Fails when `response` carries any rival id (anywhere, even inside a message) or any rival-only
 * name (as a whole string value), other than what demo itself sent.
 */
function expectNothingOfRival(response: GraphQLResponse, sent: Record<string, unknown>) {
  const echoed = new Set(stringsIn(sent));
  let body = JSON.stringify({ data: response.data, errors: response.errors });
  for (const value of echoed) if (/^[0-9a-f-]{36}$/i.test(value)) body = body.replaceAll(value, '<sent>');
  const leakedIds = rivalSecrets.ids.filter((id) => body.includes(id));
  const leakedNames = rivalSecrets.names.filter((name) => !echoed.has(name) && body.includes(JSON.stringify(name)));
  expect([...leakedIds, ...leakedNames], `rival data in ${body.slice(0, 500)}`).toEqual([]);
}

const codes = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);
const expectNotFound = (response: GraphQLResponse) => expect(codes(response), JSON.stringify(response.errors)).toEqual(['NOT_FOUND']);
const expectNoErrors = (response: GraphQLResponse) => expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
const nodes = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

interface IsolationCase {
  /** What the case tries. */
  title: string;
  role: Role;
  query: string;
  variables: () => Record<string, unknown>;
  /** What demo must see; every case also checks that no rival data came back and rival's rows did not change. */
  expectDemoSees: (response: GraphQLResponse) => void | Promise<void>;
}

const rivalIngredient = () => rival.ingredient('FLOUR-HIGH-GLUTEN');
const rivalSupplier = () => rival.supplier('Empire Baking Supply');
const rivalProduct = () => rival.product('BAGEL-PLAIN');
const rivalRecipe = () => rival.recipe('BAGEL-PLAIN');
const demoOwns = (ids: string[]) => expect(ids.filter((id) => !demoIds.has(id))).toEqual([]);

/** One or more cases per root field: the coverage test below fails when a field has none. */
const CASES: Record<string, IsolationCase[]> = {
  // ── inventory ───────────────────────────────────────────────────────────────────────────────
  'Query.ingredient': [{
    title: "rival's ingredient is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { ingredient(id: $id) { id name stock { onHand } lots { id } } }`,
    variables: () => ({ id: rivalIngredient() }),
    expectDemoSees: (response) => expect(response.data).toEqual({ ingredient: null }),
  }],
  'Query.ingredients': [{
    title: "lists demo's ingredients only",
    role: 'VIEWER',
    query: `{ ingredients(first: 500) { totalCount edges { node { id name } } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      demoOwns(nodes(response.data.ingredients));
      expect(response.data.ingredients.totalCount).toBeGreaterThan(0);
    },
  }, {
    title: "a search for rival's ingredient names finds nothing",
    role: 'VIEWER',
    query: `{ ingredients(first: 500, filter: { search: "gluten" }) { totalCount edges { node { id } } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => expect(response.data.ingredients).toEqual({ totalCount: 0, edges: [] }),
  }],
  'Query.ingredientsByIds': [{
    title: "rival's ids are missing, demo's are found",
    role: 'VIEWER',
    query: `query ($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id name } missingIds } }`,
    variables: () => ({ ids: [rivalIngredient(), demo.ingredient('FLR-T65'), rival.ingredient('SLT-FINE')] }),
    expectDemoSees: (response) => {
      expect(response.data.ingredientsByIds.ingredients.map((ingredient: { id: string }) => ingredient.id)).toEqual([demo.ingredient('FLR-T65')]);
      expect(response.data.ingredientsByIds.missingIds).toEqual([rivalIngredient(), rival.ingredient('SLT-FINE')]);
    },
  }],
  'Query.ingredientsBySkus': [{
    title: "rival's skus are missing, demo's are found",
    role: 'VIEWER',
    query: `query ($skus: [String!]!) { ingredientsBySkus(skus: $skus) { ingredients { id name } missingSkus } }`,
    variables: () => ({ skus: ['STARTER', 'FLR-T65', 'MALT-SYRUP'] }),
    expectDemoSees: (response) => {
      expect(response.data.ingredientsBySkus.ingredients.map((ingredient: { id: string }) => ingredient.id)).toEqual([demo.ingredient('FLR-T65')]);
      expect(response.data.ingredientsBySkus.missingSkus).toEqual(['STARTER', 'MALT-SYRUP']);
    },
  }],
  'Query.stockLevels': [{
    title: "rival's stock is missing",
    role: 'VIEWER',
    query: `query ($ids: [ID!]!) { stockLevels(ingredientIds: $ids) { levels { ingredientId onHand } missingIds } }`,
    variables: () => ({ ids: [rivalIngredient(), rival.ingredient('STARTER')] }),
    expectDemoSees: (response) => expect(response.data.stockLevels).toEqual({ levels: [], missingIds: [rivalIngredient(), rival.ingredient('STARTER')] }),
  }],
  'Query.stockMovements': [{
    title: "rival's ledger is empty",
    role: 'VIEWER',
    query: `query ($id: ID!) { stockMovements(ingredientId: $id, first: 500) { totalCount edges { node { id quantity } } } }`,
    variables: () => ({ id: rivalIngredient() }),
    expectDemoSees: (response) => expect(response.data.stockMovements).toEqual({ totalCount: 0, edges: [] }),
  }],
  'Mutation.createIngredient': [{
    title: "a sku rival uses is free in demo: created in demo, rival's ingredient untouched",
    role: 'ADMIN',
    query: `mutation ($input: CreateIngredientInput!) { createIngredient(input: $input) { id sku } }`,
    variables: () => ({ input: { sku: 'FLOUR-HIGH-GLUTEN', name: 'Demo high-gluten', category: 'flour', unit: 'KG' } }),
    expectDemoSees: async (response) => {
      expectNoErrors(response);
      const row = await db('inventory.ingredients').where({ id: response.data.createIngredient.id }).first('tenant_id');
      expect(row.tenant_id).toBe(demo.tenantId);
    },
  }],
  'Mutation.updateIngredient': [{
    title: "rival's ingredient is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($id: ID!) { updateIngredient(id: $id, input: { name: "mine now", reorderPoint: 0 }) { id name } }`,
    variables: () => ({ id: rivalIngredient() }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.recordStockMovement': [{
    title: "consuming rival's stock is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }`,
    variables: () => ({ input: { ingredientId: rivalIngredient(), kind: 'CONSUMPTION', quantity: 1 } }),
    expectDemoSees: expectNotFound,
  }, {
    title: "receiving into rival's ingredient is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }`,
    variables: () => ({ input: { ingredientId: rival.ingredient('STARTER'), kind: 'RECEIPT', quantity: 5 } }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.importIngredients': [{
    title: "a sku only rival uses is created in demo, rival's ingredient untouched",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importIngredients(input: $input) { created updated } }`,
    variables: () => ({ input: { csv: 'sku,name,category,unit\nVANILLA,Demo vanilla,Flavour,ML' } }),
    expectDemoSees: async (response) => {
      expect(response.data).toEqual({ importIngredients: { created: 1, updated: 0 } });
      expect(await db('inventory.ingredients').where({ sku: 'VANILLA', tenant_id: demo.tenantId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    },
  }],
  'Mutation.importStockLots': [{
    title: "a lot of rival's sku names no ingredient of demo",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importStockLots(input: $input) { created } }`,
    variables: () => ({ input: { csv: `sku,quantity,receivedOn\nFLOUR-BREAD,5,${daysAgo(1)}` } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],

  // ── suppliers ───────────────────────────────────────────────────────────────────────────────
  'Query.supplier': [{
    title: "rival's supplier is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { supplier(id: $id) { id name offers { id } } }`,
    variables: () => ({ id: rivalSupplier() }),
    expectDemoSees: (response) => expect(response.data).toEqual({ supplier: null }),
  }],
  'Query.suppliers': [{
    title: "lists demo's suppliers only",
    role: 'VIEWER',
    query: `{ suppliers(first: 500) { totalCount edges { node { id name offers { id } } } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      demoOwns(nodes(response.data.suppliers));
      demoOwns(response.data.suppliers.edges.flatMap((edge: any) => edge.node.offers.map((offer: { id: string }) => offer.id)));
    },
  }],
  'Query.suppliersByIds': [{
    title: "rival's suppliers are missing",
    role: 'VIEWER',
    query: `query ($ids: [ID!]!) { suppliersByIds(ids: $ids) { suppliers { id } missingIds } }`,
    variables: () => ({ ids: [rivalSupplier(), rival.supplier('Hudson Valley Dairy Co-op')] }),
    expectDemoSees: (response) => expect(response.data.suppliersByIds).toEqual({ suppliers: [], missingIds: [rivalSupplier(), rival.supplier('Hudson Valley Dairy Co-op')] }),
  }],
  'Query.supplierOffers': [{
    title: "offers for rival's ingredients are none",
    role: 'VIEWER',
    query: `query ($ids: [ID!]) { supplierOffers(ingredientIds: $ids) { id unitPrice } }`,
    variables: () => ({ ids: [rivalIngredient(), rival.ingredient('DAI-EGG')] }),
    expectDemoSees: (response) => expect(response.data.supplierOffers).toEqual([]),
  }, {
    title: "every offer means demo's offers",
    role: 'VIEWER',
    query: `{ supplierOffers { id supplier { id } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      demoOwns(response.data.supplierOffers.map((offer: { id: string }) => offer.id));
      demoOwns(response.data.supplierOffers.map((offer: { supplier: { id: string } }) => offer.supplier.id));
    },
  }],
  'Mutation.createSupplier': [{
    title: "a name rival uses is free in demo: created in demo",
    role: 'ADMIN',
    query: `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id name } }`,
    variables: () => ({ input: { name: 'Empire Baking Supply', leadTimeDays: 1, reliability: 0.5 } }),
    expectDemoSees: async (response) => {
      expectNoErrors(response);
      const row = await db('suppliers.suppliers').where({ id: response.data.createSupplier.id }).first('tenant_id');
      expect(row.tenant_id).toBe(demo.tenantId);
    },
  }],
  'Mutation.updateSupplier': [{
    title: "rival's supplier is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($id: ID!) { updateSupplier(id: $id, input: { leadTimeDays: 30, reliability: 0 }) { id } }`,
    variables: () => ({ id: rivalSupplier() }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.upsertSupplierOffer': [{
    title: "an offer on rival's supplier is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { id } }`,
    // Demo's own ingredient, so that the supplier is what is refused.
    variables: () => ({ input: { supplierId: rivalSupplier(), ingredientId: demo.ingredient('FLR-T65'), unitPrice: 0.01 } }),
    expectDemoSees: expectNotFound,
  }, {
    title: "demo's supplier naming rival's ingredient id is BAD_USER_INPUT: inventory, asked as demo, does not know it",
    role: 'ADMIN',
    query: `mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { id ingredient { id name sku stock { onHand } } } }`,
    variables: () => ({ input: { supplierId: demo.supplier('Harinera La Meseta'), ingredientId: rivalIngredient(), unitPrice: 1 } }),
    expectDemoSees: async (response) => {
      expect(response.data).toBeNull();
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      const rows = await db('suppliers.offers').where({ ingredient_id: rivalIngredient() }).select('tenant_id');
      expect(new Set(rows.map((row) => row.tenant_id))).toEqual(new Set([rival.tenantId]));
    },
  }],
  'Mutation.removeSupplierOffer': [{
    title: "removing rival's offer removes nothing",
    role: 'ADMIN',
    query: `mutation ($id: ID!) { removeSupplierOffer(id: $id) }`,
    variables: () => ({ id: rival.offer('Empire Baking Supply', 'FLOUR-HIGH-GLUTEN') }),
    expectDemoSees: (response) => expect(response.data).toEqual({ removeSupplierOffer: false }),
  }],
  'Mutation.importSuppliers': [{
    title: "rival's supplier name is demo's own to use: written in demo (rival's supplier of that name unchanged)",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importSuppliers(input: $input) { rows created updated } }`,
    variables: () => ({ input: { csv: 'name,leadTimeDays,reliability\nEmpire Baking Supply,2,0.9' } }),
    expectDemoSees: async (response) => {
      // createSupplier's case may have made demo's namesake already: then this updates it.
      expect(response.data.importSuppliers.rows).toBe(1);
      const rows = await db('suppliers.suppliers').where({ name: 'Empire Baking Supply', tenant_id: demo.tenantId }).select('lead_time_days');
      expect(rows).toEqual([{ lead_time_days: 2 }]);
    },
  }],
  'Mutation.importOffers': [{
    title: "an offer for rival's sku names no ingredient of demo",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importOffers(input: $input) { created } }`,
    variables: () => ({ input: { csv: 'supplier,ingredientSku,unitPrice\nHarinera La Meseta,FLOUR-BREAD,1' } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],

  // ── recipes ─────────────────────────────────────────────────────────────────────────────────
  'Query.recipe': [{
    title: "rival's recipe is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { recipe(id: $id) { id name ingredients { quantity } } }`,
    variables: () => ({ id: rivalRecipe() }),
    expectDemoSees: (response) => expect(response.data).toEqual({ recipe: null }),
  }],
  'Query.recipes': [{
    title: "lists demo's recipes only",
    role: 'VIEWER',
    query: `{ recipes(first: 500) { totalCount edges { node { id product { id } ingredients { ingredient { id } } } } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      demoOwns(nodes(response.data.recipes));
      demoOwns(response.data.recipes.edges.flatMap((edge: any) => edge.node.ingredients.map((line: any) => line.ingredient.id)));
    },
  }],
  'Query.recipesByIds': [{
    title: "rival's recipes are missing",
    role: 'VIEWER',
    query: `query ($ids: [ID!]!) { recipesByIds(ids: $ids) { recipes { id } missingIds } }`,
    variables: () => ({ ids: [rivalRecipe()] }),
    expectDemoSees: (response) => expect(response.data.recipesByIds).toEqual({ recipes: [], missingIds: [rivalRecipe()] }),
  }],
  'Query.product': [{
    title: "rival's product is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { product(id: $id) { id name recipe { id } } }`,
    variables: () => ({ id: rivalProduct() }),
    expectDemoSees: (response) => expect(response.data).toEqual({ product: null }),
  }],
  'Query.products': [{
    title: "lists demo's products only",
    role: 'VIEWER',
    query: `{ products(first: 500) { totalCount edges { node { id recipe { id } } } } }`,
    variables: () => ({}),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      demoOwns(nodes(response.data.products));
    },
  }],
  'Query.productsByIds': [{
    title: "rival's products are missing",
    role: 'VIEWER',
    query: `query ($ids: [ID!]!) { productsByIds(ids: $ids) { products { id } missingIds } }`,
    variables: () => ({ ids: [rivalProduct()] }),
    expectDemoSees: (response) => expect(response.data.productsByIds).toEqual({ products: [], missingIds: [rivalProduct()] }),
  }],
  'Query.productsBySkus': [{
    title: "rival's skus are missing, demo's are found",
    role: 'VIEWER',
    query: `query ($skus: [String!]!) { productsBySkus(skus: $skus) { products { id } missingSkus } }`,
    variables: () => ({ skus: ['SOURDOUGH-BOULE', 'P-BAGUETTE', 'COOKIE-CHOC-CHIP'] }),
    expectDemoSees: (response) =>
      expect(response.data.productsBySkus).toEqual({ products: [{ id: demo.product('P-BAGUETTE') }], missingSkus: ['SOURDOUGH-BOULE', 'COOKIE-CHOC-CHIP'] }),
  }],
  'Mutation.createProduct': [{
    title: "a sku rival uses is free in demo: created in demo",
    role: 'ADMIN',
    query: `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    variables: () => ({ input: { sku: 'BAGEL-PLAIN', name: 'Demo bagel' } }),
    expectDemoSees: async (response) => {
      expectNoErrors(response);
      const row = await db('recipes.products').where({ id: response.data.createProduct.id }).first('tenant_id');
      expect(row.tenant_id).toBe(demo.tenantId);
    },
  }],
  'Mutation.updateProduct': [{
    title: "rival's product is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($id: ID!) { updateProduct(id: $id, input: { name: "mine now" }) { id } }`,
    variables: () => ({ id: rivalProduct() }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.createRecipe': [{
    title: "a recipe for rival's product is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }`,
    // Demo's own ingredient, so that the product is what is refused.
    variables: () => ({ input: { productId: rivalProduct(), name: 'stolen', yieldQuantity: 1, ingredients: [{ ingredientId: demo.ingredient('FLR-T65'), quantity: 1, unit: 'KG' }] } }),
    expectDemoSees: expectNotFound,
  }, {
    title: "a recipe line naming rival's ingredient is BAD_USER_INPUT",
    role: 'ADMIN',
    query: `mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }`,
    // An unknown product would be NOT_FOUND: the ingredient is checked first, and refused.
    variables: () => ({ input: { productId: randomUUID(), name: 'borrowed', yieldQuantity: 1, ingredients: [{ ingredientId: rivalIngredient(), quantity: 1, unit: 'KG' }] } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],
  'Mutation.updateRecipe': [{
    title: "rival's recipe is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($id: ID!) { updateRecipe(id: $id, input: { yieldQuantity: 1, ingredients: [] }) { id } }`,
    variables: () => ({ id: rivalRecipe() }),
    expectDemoSees: (response) => {
      // An empty line list is refused before the lookup; either way nothing of rival's changes.
      expect(codes(response)).toEqual([expect.stringMatching(/^(NOT_FOUND|BAD_USER_INPUT)$/)]);
    },
  }, {
    title: "rival's recipe with valid lines is NOT_FOUND",
    role: 'ADMIN',
    query: `mutation ($id: ID!, $line: ID!) { updateRecipe(id: $id, input: { name: "mine", ingredients: [{ ingredientId: $line, quantity: 1, unit: KG }] }) { id } }`,
    variables: () => ({ id: rivalRecipe(), line: demo.ingredient('FLR-T65') }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.importRecipes': [{
    title: "a recipe line of rival's sku names no ingredient of demo",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importRecipes(input: $input) { created } }`,
    variables: () => ({ input: { csv: 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nP-NEW,New,New,10,FLOUR-BREAD,1,KG' } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],

  // ── planning ────────────────────────────────────────────────────────────────────────────────
  'Query.tenant': [{
    title: 'is demo',
    role: 'VIEWER',
    query: `{ tenant { id slug name timezone } }`,
    variables: () => ({}),
    expectDemoSees: (response) => expect(response.data.tenant).toMatchObject({ id: demo.tenantId, slug: demo.slug, timezone: 'Europe/Madrid' }),
  }],
  'Query.planningSettings': [{
    title: "are demo's",
    role: 'VIEWER',
    query: `{ planningSettings { timezone horizonDays webhookUrl } }`,
    variables: () => ({}),
    expectDemoSees: (response) => expect(response.data.planningSettings.timezone).toBe('Europe/Madrid'),
  }],
  'Query.salesHistory': [{
    title: "rival's products have no sales for demo",
    role: 'VIEWER',
    query: `query ($from: Date!, $to: Date!, $ids: [ID!]) { salesHistory(from: $from, to: $to, productIds: $ids) { product { id } quantity } }`,
    variables: () => ({ from: daysAgo(60), to: today(), ids: [rivalProduct(), rival.product('SOURDOUGH-BOULE')] }),
    expectDemoSees: (response) => expect(response.data.salesHistory).toEqual([]),
  }, {
    title: "every product means demo's products",
    role: 'VIEWER',
    query: `query ($from: Date!, $to: Date!) { salesHistory(from: $from, to: $to) { product { id } } }`,
    variables: () => ({ from: daysAgo(60), to: today() }),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      expect(response.data.salesHistory.length).toBeGreaterThan(0);
      demoOwns([...new Set<string>(response.data.salesHistory.map((sale: any) => sale.product.id))]);
    },
  }],
  'Query.forecasts': [{
    title: "rival's forecasts are not demo's",
    role: 'VIEWER',
    query: `query ($from: Date!, $to: Date!) { forecasts(from: $from, to: $to) { product { id } quantity } }`,
    variables: () => ({ from: daysAgo(3), to: daysAgo(-14) }),
    expectDemoSees: (response) => expect(response.data.forecasts).toEqual([]),
  }, {
    title: "asking for rival's products by id finds none",
    role: 'VIEWER',
    query: `query ($from: Date!, $to: Date!, $ids: [ID!]) { forecasts(from: $from, to: $to, productIds: $ids) { quantity } }`,
    variables: () => ({ from: daysAgo(3), to: daysAgo(-14), ids: [rivalProduct()] }),
    expectDemoSees: (response) => expect(response.data.forecasts).toEqual([]),
  }],
  'Query.forecastAccuracy': [{
    title: "rival's products have no accuracy figures for demo",
    role: 'VIEWER',
    query: `query ($ids: [ID!]) { forecastAccuracy(productIds: $ids) { products { product { id } } bakery { last28 { observedDays forecast } } } }`,
    variables: () => ({ ids: [rivalProduct()] }),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      expect(response.data.forecastAccuracy.products).toEqual([]);
      expect(response.data.forecastAccuracy.bakery.last28).toEqual({ observedDays: 0, forecast: 0 });
    },
  }],
  'Query.supplierPerformance': [{
    title: "rival's suppliers have no figures for demo, asked by id or not",
    role: 'VIEWER',
    query: `query ($ids: [ID!]) { asked: supplierPerformance(supplierIds: $ids) { supplier { id } } all: supplierPerformance { supplier { id } deliveries } }`,
    variables: () => ({ ids: [rivalSupplier()] }),
    expectDemoSees: (response) => {
      expectNoErrors(response);
      expect(response.data.asked).toEqual([]);
      expect(response.data.all.map((entry: { supplier: { id: string } }) => entry.supplier.id)).not.toContain(rivalSupplier());
    },
  }],
  'Query.productionSchedule': [{
    title: "rival's schedule is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { productionSchedule(id: $id) { id batches { quantity } } }`,
    variables: () => ({ id: rivalPipeline.scheduleId }),
    expectDemoSees: (response) => expect(response.data).toEqual({ productionSchedule: null }),
  }],
  'Query.procurementPlan': [{
    title: "rival's plan is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { procurementPlan(id: $id) { id totalCost } }`,
    variables: () => ({ id: rivalPipeline.planId }),
    expectDemoSees: (response) => expect(response.data).toEqual({ procurementPlan: null }),
  }],
  'Query.latestProcurementPlan': [{
    title: "is none while only rival has a plan",
    role: 'VIEWER',
    query: `{ latestProcurementPlan { id } }`,
    variables: () => ({}),
    expectDemoSees: (response) => expect(response.data).toEqual({ latestProcurementPlan: null }),
  }],
  'Query.orchestrationRun': [{
    title: "rival's run is null",
    role: 'VIEWER',
    query: `query ($id: ID!) { orchestrationRun(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.runId }),
    expectDemoSees: (response) => expect(response.data).toEqual({ orchestrationRun: null }),
  }],
  'Query.orchestrationRuns': [{
    title: "lists demo's runs only",
    role: 'VIEWER',
    query: `{ orchestrationRuns(first: 500) { totalCount edges { node { id } } } }`,
    variables: () => ({}),
    expectDemoSees: async (response) => {
      const demoRuns = new Set(await db('planning.orchestration_runs').where('tenant_id', demo.tenantId).pluck('id'));
      const listed = nodes(response.data.orchestrationRuns);
      expect(listed.filter((id) => !demoRuns.has(id))).toEqual([]);
      expect(listed).not.toContain(rivalPipeline.runId);
    },
  }],
  'Mutation.updatePlanningSettings': [{
    title: "changes demo's settings, not rival's",
    role: 'ADMIN',
    query: `mutation { updatePlanningSettings(input: { horizonDays: 9, timezone: "Europe/Lisbon" }) { horizonDays timezone } }`,
    variables: () => ({}),
    expectDemoSees: async (response) => {
      expect(response.data.updatePlanningSettings).toEqual({ horizonDays: 9, timezone: 'Europe/Lisbon' });
      await db('planning.planning_settings').where('tenant_id', demo.tenantId).update({ horizon_days: 7 });
    },
  }],
  'Mutation.recordSales': [{
    title: "sales for rival's product id are demo's rows, never rival's",
    role: 'PLANNER',
    query: `mutation ($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }`,
    variables: () => ({ records: [{ productId: rivalProduct(), date: daysAgo(1), quantity: 999 }] }),
    expectDemoSees: async (response) => {
      // Planning does not read recipes' tables (DESIGN.md §1): the id is kept as demo's own record.
      expect(response.data).toEqual({ recordSales: { recorded: 1 } });
      const rows = await db('planning.sales').where({ product_id: rivalProduct(), quantity: 999 }).pluck('tenant_id');
      expect(rows).toEqual([demo.tenantId]);
    },
  }],
  'Mutation.importSales': [{
    title: "sales of rival's product sku name no product of demo",
    role: 'ADMIN',
    query: `mutation ($input: ImportCsvInput!) { importSales(input: $input) { created } }`,
    variables: () => ({ input: { csv: `productSku,date,quantity\nSOURDOUGH-BOULE,${daysAgo(1)},5` } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],
  'Mutation.startOrchestrationRun': [{
    title: "rival's idempotency key starts demo's own run, never returns rival's",
    role: 'SERVICE',
    query: `mutation ($input: StartOrchestrationRunInput!) { startOrchestrationRun(input: $input) { id trigger } }`,
    variables: () => ({ input: { planDate: dateIn('America/New_York'), trigger: 'SCHEDULED', idempotencyKey: rivalPipeline.idempotencyKey } }),
    expectDemoSees: async (response) => {
      expectNoErrors(response);
      expect(response.data.startOrchestrationRun.id).not.toBe(rivalPipeline.runId);
      const row = await db('planning.orchestration_runs').where({ id: response.data.startOrchestrationRun.id }).first('tenant_id');
      expect(row.tenant_id).toBe(demo.tenantId);
    },
  }],
  'Mutation.recordSnapshot': [{
    title: "a snapshot for rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!, $snapshot: SnapshotInput!) { recordSnapshot(runId: $runId, snapshot: $snapshot) { id } }`,
    variables: () => ({ runId: rivalPipeline.runId, snapshot: { ingredients: [], suppliers: [], recipes: [] } }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.generateForecasts': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { generateForecasts(runId: $runId) { id forecasts { quantity } } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.generateProductionSchedule': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { generateProductionSchedule(runId: $runId) { id } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.generateProcurementPlan': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { generateProcurementPlan(runId: $runId) { id } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.recordRunStep': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { recordRunStep(runId: $runId, input: { name: notify, status: FAILED, error: "x" }) { id } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.finishOrchestrationRun': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { finishOrchestrationRun(runId: $runId, input: { status: FAILED, error: "x", failedStep: notify }) { id } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.cancelProductionSchedule': [{
    title: "rival's schedule is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($id: ID!) { cancelProductionSchedule(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.scheduleId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.cancelProcurementPlan': [{
    title: "rival's plan is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.planId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.approveProcurementPlan': [{
    title: "rival's plan is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($id: ID!) { approveProcurementPlan(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.planId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.submitPurchaseOrder': [{
    title: "rival's draft order is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.draftOrderId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.markPurchaseOrderReceived': [{
    title: "rival's submitted order is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($id: ID!) { markPurchaseOrderReceived(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.submittedOrderId }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.receivePurchaseOrder': [{
    title: "receiving rival's submitted order is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($input: ReceivePurchaseOrderInput!) { receivePurchaseOrder(input: $input) { id } }`,
    variables: () => ({ input: { id: rivalPipeline.submittedOrderId, receivedOn: dateIn('UTC'), lines: [{ ingredientId: rivalIngredient(), quantity: 1 }] } }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.recordProduction': [{
    title: "baking rival's product is BAD_USER_INPUT (no such product here), nothing consumed",
    role: 'PLANNER',
    query: `mutation ($input: RecordProductionInput!) { recordProduction(input: $input) { id } }`,
    variables: () => ({ input: { date: addDays(dateIn('UTC'), -2), batches: [{ productId: rivalProduct(), batches: 1 }] } }),
    expectDemoSees: (response) => expect(codes(response)).toEqual(['BAD_USER_INPUT']),
  }],
  'Query.productionRecord': [{
    title: 'reads demo’s own day only',
    role: 'VIEWER',
    query: `query ($date: Date!) { productionRecord(date: $date) { id } }`,
    variables: () => ({ date: addDays(dateIn('UTC'), -2) }),
    expectDemoSees: (response) => expect(response.data).toEqual({ productionRecord: null }),
  }],
  'Mutation.postStockMovements': [{
    title: "posting into rival's ingredient is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($input: PostStockMovementsInput!) { postStockMovements(input: $input) { key } }`,
    variables: () => ({ input: { key: randomUUID(), kind: 'RECEIPT', occurredOn: dateIn('UTC'), lines: [{ ingredientId: rivalIngredient(), quantity: 1 }] } }),
    expectDemoSees: expectNotFound,
  }],
  'Mutation.cancelPurchaseOrder': [{
    title: "rival's submitted order is NOT_FOUND",
    role: 'PLANNER',
    query: `mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { id status } }`,
    variables: () => ({ id: rivalPipeline.submittedOrderId }),
    expectDemoSees: expectNotFound,
  }],
  'Query.notifications': [{
    title: "lists demo's notifications only",
    role: 'VIEWER',
    query: `{ notifications(first: 500) { totalCount edges { node { id run { id } } } } }`,
    variables: () => ({}),
    expectDemoSees: async (response) => {
      expectNoErrors(response);
      const demoRuns = new Set(await db('planning.orchestration_runs').where('tenant_id', demo.tenantId).pluck('id'));
      const runs = response.data.notifications.edges.map((edge: any) => edge.node.run.id);
      expect(runs.filter((id: string) => !demoRuns.has(id))).toEqual([]);
    },
  }],
  'Mutation.requestOrchestration': [{
    title: "queues demo's own run, never touches rival's",
    role: 'PLANNER',
    query: `mutation { requestOrchestration { id trigger } }`,
    variables: () => ({}),
    expectDemoSees: async (response) => {
      // Without a queue backend the subgraph answers SERVICE_UNAVAILABLE; either way nothing of rival's.
      if (response.errors) return expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
      const row = await db('planning.orchestration_runs').where({ id: response.data.requestOrchestration.id }).first('tenant_id');
      expect(row.tenant_id).toBe(demo.tenantId);
    },
  }],
  'Mutation.sendPlanNotifications': [{
    title: "rival's run is NOT_FOUND",
    role: 'SERVICE',
    query: `mutation ($runId: ID!) { sendPlanNotifications(runId: $runId) { webhookUrl notifications { id } } }`,
    variables: () => ({ runId: rivalPipeline.runId }),
    expectDemoSees: expectNotFound,
  }],
};

describe('coverage', () => {
  test('every root field of the composed supergraph has an isolation case', () => {
    const missing = composedRootFields().map((root) => `${root.rootType}.${root.name}`).filter((name) => !CASES[name]?.length);
    expect(missing, 'add a case for these fields to test/security/tenant-isolation.test.ts').toEqual([]);
  });
});

describe.each(Object.entries(CASES).flatMap(([field, cases]) => cases.map((one) => [field, one.title, one] as const)))(
  '%s: %s',
  (_field, _title, isolationCase) => {
    test('demo learns nothing of rival and rival is unchanged', async () => {
      const before = await tenantFingerprint(db, rival.tenantId);
      const variables = isolationCase.variables();
      const response = await graphql(stack.gatewayUrl, isolationCase.query, variables, demoTokens[isolationCase.role]);
      // A 5xx only for an outage (SERVICE_UNAVAILABLE everywhere answers 503), never a masked error.
      expect(response.status).toBeLessThan(isOutage(response) ? 504 : 500);
      expect(codes(response)).not.toContain('FORBIDDEN');
      expectNothingOfRival(response, variables);
      await isolationCase.expectDemoSees(response);
      expect(await tenantFingerprint(db, rival.tenantId)).toEqual(before);
    });
  },
);

// ── _entities: every entity each subgraph resolves, asked directly with rival's ids ────────────

/** The (subgraph, entity) pairs whose `@key` is resolvable, read from each subgraph's SDL file. */
function resolvableEntities(): { subgraph: SubgraphName; typename: string }[] {
  return (Object.keys(SUBGRAPH_SCHEMAS) as SubgraphName[]).flatMap((subgraph) =>
    parse(readSubgraphSdl(SUBGRAPH_SCHEMAS[subgraph]))
      .definitions.filter((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION)
      .filter((definition) =>
        definition.directives?.some(
          (directive) =>
            directive.name.value === 'key' &&
            !directive.arguments?.some((argument) => argument.name.value === 'resolvable' && argument.value.kind === Kind.BOOLEAN && !argument.value.value),
        ),
      )
      .map((definition) => ({ subgraph, typename: definition.name.value })),
  );
}

interface EntityCase {
  selection: string;
  ids: () => string[];
  /** What one representation of rival's resolves to for demo. */
  expected: (id: string) => unknown;
}

const ENTITY_CASES: Record<string, EntityCase> = {
  'inventory.Ingredient': { selection: 'id name sku stock { onHand } lots { id }', ids: () => [rivalIngredient(), rival.ingredient('STARTER')], expected: () => null },
  'suppliers.Supplier': { selection: 'id name offers { id unitPrice }', ids: () => [rivalSupplier()], expected: () => null },
  'suppliers.Ingredient': { selection: 'id offers { id unitPrice supplier { id name } }', ids: () => [rival.ingredient('MALT-SYRUP'), rival.ingredient('DAI-EGG')], expected: (id) => ({ id, offers: [] }) },
  'recipes.Product': { selection: 'id name recipe { id }', ids: () => [rivalProduct()], expected: () => null },
  'recipes.Recipe': { selection: 'id name ingredients { quantity }', ids: () => [rivalRecipe()], expected: () => null },
  'recipes.Ingredient': { selection: 'id usedIn { id name }', ids: () => [rivalIngredient()], expected: (id) => ({ id, usedIn: [] }) },
  'planning.ProductionSchedule': { selection: 'id status batches { quantity }', ids: () => [rivalPipeline.scheduleId], expected: () => null },
  'planning.ProcurementPlan': { selection: 'id status totalCost', ids: () => [rivalPipeline.planId], expected: () => null },
  'planning.OrchestrationRun': { selection: 'id status', ids: () => [rivalPipeline.runId], expected: () => null },
};

describe('_entities sent directly to each subgraph', () => {
  test('every resolvable entity of every subgraph has a case', () => {
    const missing = resolvableEntities().map(({ subgraph, typename }) => `${subgraph}.${typename}`).filter((name) => !ENTITY_CASES[name]);
    expect(missing, 'add these to ENTITY_CASES').toEqual([]);
  });

  test.each(Object.keys(ENTITY_CASES))("%s: rival's references resolve to nothing for demo", async (name) => {
    const [subgraph, typename] = name.split('.') as [SubgraphName, string];
    const entityCase = ENTITY_CASES[name];
    const ids = entityCase.ids();
    const representations = ids.map((id) => ({ __typename: typename, id }));
    const before = await tenantFingerprint(db, rival.tenantId);
    const response = await graphql(
      stack.subgraphs[subgraph].url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${entityCase.selection} } } }`,
      { representations },
      demoTokens.VIEWER,
    );
    expectNoErrors(response);
    expect(response.data._entities).toEqual(ids.map((id) => entityCase.expected(id)));
    expectNothingOfRival(response, { ids });
    expect(await tenantFingerprint(db, rival.tenantId)).toEqual(before);
  });

  test('the gateway does not expose _entities at all', async () => {
    const response = await graphql(stack.gatewayUrl, `{ _entities(representations: [{ __typename: "Ingredient", id: "${rivalIngredient()}" }]) { __typename } }`, {}, demoTokens.VIEWER);
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.data).toBeUndefined();
  });
});

describe('identical queries from two bakeries at once', () => {
  test("each bakery gets its own answer (the gateway's in-flight deduplication never shares across tokens)", async () => {
    const rivalViewer = await tokenFor(rival.tenantId, ['VIEWER']);
    const query = `{ ingredients(first: 500) { edges { node { id stock { onHand } offers { id } } } } tenant { id } }`;
    const calls = Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? (['demo', demoTokens.VIEWER] as const) : (['rival', rivalViewer] as const)));
    const responses = await Promise.all(calls.map(([, token]) => graphql(stack.gatewayUrl, query, {}, token)));
    // Read now: the cases above created rows in demo.
    const [demoNow, rivalIds] = [await idsOf(demo.tenantId), await idsOf(rival.tenantId)];
    responses.forEach((response, index) => {
      const [who] = calls[index];
      expectNoErrors(response);
      const owner = who === 'demo' ? demo : rival;
      const owned = who === 'demo' ? demoNow : rivalIds;
      expect(response.data.tenant.id).toBe(owner.tenantId);
      const ids = response.data.ingredients.edges.flatMap((edge: any) => [edge.node.id, ...edge.node.offers.map((offer: { id: string }) => offer.id)]);
      expect(ids.filter((id: string) => !owned.has(id))).toEqual([]);
    });
  });
});
