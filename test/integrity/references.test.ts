import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { recipesSubgraph } from '../../subgraphs/recipes/server.ts';
import { GENERATE_FORECASTS, GENERATE_PLAN, GENERATE_SCHEDULE, ok, RECORD_SNAPSHOT, SNAPSHOT_QUERY, snapshotInput, START_RUN } from '../planning/pipeline-support.ts';
import { graphql, TEST_JWT_SECRET, tokenFor, type GraphQLResponse } from '../support/graphql.ts';
import { type TestStack, useGatewayStack } from '../support/stack.ts';
import { startTestSubgraph } from '../support/subgraph.ts';

/**
 * Referential integrity across subgraphs (issue 11, point 7), through the gateway: writes that
 * name an ingredient inventory does not have are refused after one lookup; references that
 * dangle anyway (written straight to SQL here, as data from before the check or an ingredient
 * deleted since) neither fail a planning run nor answer `{"data":null}` without an error.
 */

let stack: TestStack;
let db: Db;
let url: string;

interface Bakery {
  tenantId: string;
  admin: string;
  service: string;
  viewer: string;
  ingredientIds: string[];
  productIds: string[];
  supplierId: string;
}

/** A copy of the demo bakery under its own slug: its rows, runs and dangling references are this file's alone. */
async function ownBakery(prefix: string): Promise<Bakery> {
  const { tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug: `${prefix}-${randomUUID().slice(0, 8)}` } });
  const ingredients = await db('inventory.ingredients').where({ tenant_id: tenantId }).orderBy('id').select('id');
  const products = await db('recipes.products').where({ tenant_id: tenantId }).orderBy('id').select('id');
  const supplier = await db('suppliers.suppliers').where({ tenant_id: tenantId }).orderBy('id').first('id');
  return {
    tenantId,
    admin: await tokenFor(tenantId, ['ADMIN']),
    service: await tokenFor(tenantId, ['SERVICE']),
    viewer: await tokenFor(tenantId, ['VIEWER']),
    ingredientIds: ingredients.map((row) => row.id),
    productIds: products.map((row) => row.id),
    supplierId: supplier.id,
  };
}

const UPSERT_OFFER = 'mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { id ingredient { id name } } }';
const CREATE_PRODUCT = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }';
const CREATE_RECIPE = 'mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id ingredients { ingredient { id name } } } }';
const UPDATE_RECIPE = 'mutation ($id: ID!, $input: UpdateRecipeInput!) { updateRecipe(id: $id, input: $input) { id } }';

const line = (ingredientId: string) => ({ ingredientId, quantity: 1, unit: 'G' });

async function newProduct(bakery: Bakery): Promise<string> {
  const { createProduct } = await ok(url, CREATE_PRODUCT, { input: { sku: `INT-${randomUUID().slice(0, 8)}`, name: `Integrity ${randomUUID().slice(0, 8)}` } }, bakery.admin);
  return createProduct.id;
}

/** The response's only error is BAD_USER_INPUT naming `field`. */
function expectRefusedField(response: GraphQLResponse, field: string) {
  expect(response.errors, JSON.stringify(response.data)).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.extensions?.field).toBe(field);
  expect(error.message).toContain(field);
}

const offerRows = (bakery: Bakery, ingredientId: string) => db('suppliers.offers').where({ tenant_id: bakery.tenantId, ingredient_id: ingredientId });
const recipeRows = (productId: string) => db('recipes.recipes').where({ product_id: productId });

useGatewayStack((started) => ({ stack, url, db } = started));

describe('writes naming an ingredient are checked with its owner', () => {
  let bakery: Bakery;
  beforeAll(async () => {
    bakery = await ownBakery('integrity-writes');
  });

  test('an offer for an unknown ingredient, or for a product id, is BAD_USER_INPUT naming input.ingredientId and writes nothing', async () => {
    for (const ingredientId of [randomUUID(), bakery.productIds[0]]) {
      const response = await graphql(url, UPSERT_OFFER, { input: { supplierId: bakery.supplierId, ingredientId, unitPrice: 2 } }, bakery.admin);
      expectRefusedField(response, 'input.ingredientId');
      expect(response.errors![0].message).toContain(ingredientId);
      expect(await offerRows(bakery, ingredientId)).toHaveLength(0);
    }
  });

  test("another bakery's ingredient is unknown here", async () => {
    const other = await ownBakery('integrity-other');
    const theirs = other.ingredientIds[0];
    expectRefusedField(await graphql(url, UPSERT_OFFER, { input: { supplierId: bakery.supplierId, ingredientId: theirs, unitPrice: 2 } }, bakery.admin), 'input.ingredientId');
    expect(await offerRows(bakery, theirs)).toHaveLength(0);
  });

  test('an offer for a known ingredient is written after exactly one lookup at inventory', async () => {
    const ingredientId = bakery.ingredientIds[0];
    // Selecting only the offer's id: `ingredient { name }` would be a second request to inventory, the gateway's.
    stack.resetCounts();
    await ok(url, 'mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { id } }', { input: { supplierId: bakery.supplierId, ingredientId, unitPrice: 1.4 } }, bakery.admin);
    expect(stack.subgraphs.inventory.requests).toBe(1);
    expect(await offerRows(bakery, ingredientId).where({ supplier_id: bakery.supplierId })).toMatchObject([{ unit_price: 1.4 }]);

    const { upsertSupplierOffer } = await ok(url, UPSERT_OFFER, { input: { supplierId: bakery.supplierId, ingredientId, unitPrice: 1.5 } }, bakery.admin);
    expect(upsertSupplierOffer.ingredient).toEqual({ id: ingredientId, name: expect.any(String) });
  });

  test('createRecipe with an unknown ingredient or a product id among good lines is BAD_USER_INPUT naming each bad line, and writes nothing', async () => {
    const [a, b, c] = bakery.ingredientIds;
    const unknown = randomUUID();
    const productId = await newProduct(bakery);
    const response = await graphql(
      url,
      CREATE_RECIPE,
      { input: { productId, name: 'Mixed', yieldQuantity: 10, ingredients: [line(a), line(b), line(unknown), line(c), line(bakery.productIds[1])] } },
      bakery.admin,
    );
    expectRefusedField(response, 'input.ingredients.2.ingredientId');
    expect(response.errors![0].message).toContain('input.ingredients.4.ingredientId');
    expect(response.errors![0].extensions?.problems).toEqual([
      { path: 'input.ingredients.2.ingredientId', message: expect.stringContaining(unknown) },
      { path: 'input.ingredients.4.ingredientId', message: expect.stringContaining(bakery.productIds[1]) },
    ]);
    expect(await recipeRows(productId)).toHaveLength(0);
    expect(await db('recipes.recipe_ingredients').where({ tenant_id: bakery.tenantId }).whereIn('ingredient_id', [unknown, bakery.productIds[1]])).toHaveLength(0);
  });

  test('createRecipe with N lines makes one lookup at inventory, not N, whether it is refused or written', async () => {
    const lines = bakery.ingredientIds.slice(0, 8).map(line);
    expect(lines).toHaveLength(8);

    stack.resetCounts();
    const refused = await graphql(url, CREATE_RECIPE.replace(' ingredients { ingredient { id name } }', ''), { input: { productId: await newProduct(bakery), name: 'Refused', yieldQuantity: 1, ingredients: [...lines, line(randomUUID())] } }, bakery.admin);
    expectRefusedField(refused, 'input.ingredients.8.ingredientId');
    expect(stack.subgraphs.inventory.requests).toBe(1);

    const productId = await newProduct(bakery);
    stack.resetCounts();
    const created = await ok(url, 'mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }', { input: { productId, name: 'Eight', yieldQuantity: 1, ingredients: lines } }, bakery.admin);
    expect(stack.subgraphs.inventory.requests).toBe(1);
    expect(await db('recipes.recipe_ingredients').where({ recipe_id: created.createRecipe.id })).toHaveLength(8);
  });

  test('updateRecipe with a bad line among good ones is refused and keeps the old lines; without new lines it asks nothing', async () => {
    const [a, b, c] = bakery.ingredientIds;
    const productId = await newProduct(bakery);
    const { createRecipe } = await ok(url, CREATE_RECIPE, { input: { productId, name: 'Before', yieldQuantity: 1, ingredients: [line(a)] } }, bakery.admin);
    expect(createRecipe.ingredients).toEqual([{ ingredient: { id: a, name: expect.any(String) } }]);

    const response = await graphql(url, UPDATE_RECIPE, { id: createRecipe.id, input: { name: 'After', ingredients: [line(b), line(bakery.productIds[0]), line(c)] } }, bakery.admin);
    expectRefusedField(response, 'input.ingredients.1.ingredientId');
    expect((await db('recipes.recipes').where({ id: createRecipe.id }))[0].name).toBe('Before');
    expect((await db('recipes.recipe_ingredients').where({ recipe_id: createRecipe.id })).map((row) => row.ingredient_id)).toEqual([a]);

    stack.resetCounts();
    await ok(url, UPDATE_RECIPE, { id: createRecipe.id, input: { name: 'Renamed' } }, bakery.admin);
    expect(stack.subgraphs.inventory.requests).toBe(0);
  });

  test('a recipe for a product id that is an ingredient id is refused by recipes itself (NOT_FOUND for input.productId) and writes nothing', async () => {
    const response = await graphql(url, CREATE_RECIPE, { input: { productId: bakery.ingredientIds[0], name: 'Wrong type', yieldQuantity: 1, ingredients: [line(bakery.ingredientIds[1])] } }, bakery.admin);
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(response.errors?.[0].message).toContain(bakery.ingredientIds[0]);
    expect(await recipeRows(bakery.ingredientIds[0])).toHaveLength(0);
  });

  test('when inventory cannot be reached the write is SERVICE_UNAVAILABLE and writes nothing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const recipes = await startTestSubgraph(recipesSubgraph, inject('databaseUrl'), { inventoryUrl: `http://127.0.0.1:${port}/graphql` });
    try {
      const productId = await newProduct(bakery);
      // Straight to the subgraph, which knows no Ingredient.name: select the id only.
      const response = await graphql(recipes.url, 'mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }', { input: { productId, name: 'Unchecked', yieldQuantity: 1, ingredients: [line(bakery.ingredientIds[0])] } }, bakery.admin);
      expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.errors?.[0].message).toContain('inventory');
      expect(await recipeRows(productId)).toHaveLength(0);
    } finally {
      await recipes.stop();
    }
  });
});

describe('references that dangle anyway', () => {
  let bakery: Bakery;
  /** An ingredient id nobody has, named by an offer and a recipe line written straight to SQL. */
  const ghost = randomUUID();
  let danglingRecipe: { id: string; productId: string };

  beforeAll(async () => {
    bakery = await ownBakery('integrity-dangling');
    await db('suppliers.offers').insert({ tenant_id: bakery.tenantId, supplier_id: bakery.supplierId, ingredient_id: ghost, unit_price: 1 });
    const recipe = await db('recipes.recipes').where({ tenant_id: bakery.tenantId }).orderBy('id').first('id', 'product_id');
    danglingRecipe = { id: recipe.id, productId: recipe.product_id };
    await db('recipes.recipe_ingredients').insert({ tenant_id: bakery.tenantId, recipe_id: recipe.id, ingredient_id: ghost, quantity: 5, unit: 'G', position: 99 });
  });

  test('reading the dangling offer through the gateway states the error with its path, never a bare {"data":null}', async () => {
    const query = '{ suppliers { edges { node { offers { ingredient { name } } } } } }';
    const response = await graphql(url, query, {}, bakery.viewer);
    expect(response.status).toBe(200);
    expect(response.data).toBeNull();
    expect(response.errors).toEqual([
      {
        message: 'Cannot return null for non-nullable field Ingredient.name.',
        path: ['suppliers', 'edges', expect.any(Number), 'node', 'offers', expect.any(Number), 'ingredient', 'name'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(response).not.toHaveProperty('extensions.valueCompletion');

    // The same answer with @apollo/gateway's own executor as with Levain's plan route.
    const stock = await stockGateway();
    try {
      const fromStock = await graphql(stock.url, query, {}, bakery.viewer);
      expect(fromStock).toEqual(response);
    } finally {
      await stock.stop();
    }
  });

  test('under a nullable field, the null stops there and the error says why', async () => {
    const response = await graphql(url, 'query ($id: ID!) { recipe(id: $id) { name ingredients { ingredient { name } } } }', { id: danglingRecipe.id }, bakery.viewer);
    expect(response.data).toEqual({ recipe: null });
    expect(response.errors).toEqual([
      {
        message: 'Cannot return null for non-nullable field Ingredient.name.',
        path: ['recipe', 'ingredients', expect.any(Number), 'ingredient', 'name'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
  });

  test('a run completes: the dangling recipe and offer are skipped with DANGLING_REFERENCE warnings, the valid recipes are planned', async () => {
    const planDate = dateIn(DEMO_BAKERY.tenant.timezone);
    const { startOrchestrationRun: run } = await ok(url, START_RUN, { input: { planDate, trigger: 'MANUAL', idempotencyKey: randomUUID() } }, bakery.service);
    const snapshot = snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, bakery.service));
    const { recordSnapshot } = await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot }, bakery.service);
    expect(recordSnapshot.status).toBe('RUNNING');
    await ok(url, GENERATE_FORECASTS, { runId: run.id }, bakery.service);
    const { generateProductionSchedule: schedule } = await ok(url, GENERATE_SCHEDULE, { runId: run.id }, bakery.service);
    await ok(url, GENERATE_PLAN, { runId: run.id }, bakery.service);

    const plannedProducts = new Set(schedule.batches.map((batch: { product: { id: string } }) => batch.product.id));
    expect(plannedProducts.has(danglingRecipe.productId)).toBe(false);
    expect(plannedProducts.size).toBeGreaterThan(1);
    const requirementIds = schedule.ingredientRequirements.map((requirement: { ingredient: { id: string } }) => requirement.ingredient.id);
    expect(requirementIds).not.toContain(ghost);

    const { orchestrationRun } = await ok(
      url,
      `query ($id: ID!) { orchestrationRun(id: $id) { procurementPlan {
        status lines { ingredient { id } } warnings { code message product { id } supplier { id } } } } }`,
      { id: run.id },
      bakery.viewer,
    );
    const procurementPlan = orchestrationRun.procurementPlan;
    expect(procurementPlan.status).toBe('DRAFT');
    expect(procurementPlan.lines.length).toBeGreaterThan(0);
    expect(procurementPlan.lines.map((planned: { ingredient: { id: string } }) => planned.ingredient.id)).not.toContain(ghost);
    const dangling = procurementPlan.warnings.filter((warning: { code: string }) => warning.code === 'DANGLING_REFERENCE');
    expect(dangling).toEqual([
      { code: 'DANGLING_REFERENCE', message: expect.stringContaining(ghost), product: { id: danglingRecipe.productId }, supplier: null },
      { code: 'DANGLING_REFERENCE', message: expect.stringContaining(ghost), product: null, supplier: { id: bakery.supplierId } },
    ]);
  });
});

/** A second gateway over the stack's subgraphs, with @apollo/gateway's own executor for every query (no plan route). */
async function stockGateway(): Promise<HttpService> {
  const config = loadConfig(
    { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_TENANT: '0', RATE_LIMIT_PER_ADDRESS: '0' },
    { exitOnError: false },
  );
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, entry]) => [name, entry.url])) as Record<SubgraphName, string>;
  return startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'silent'), tuning: { planRoute: false } }, 0);
}
