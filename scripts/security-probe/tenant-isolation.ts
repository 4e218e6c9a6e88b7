import { errorCodes, postGraphql, type Exchange } from './exchange.ts';
import { judge, type ProbeCase, type Verdict } from './probe-case.ts';
import type { Target } from './target.ts';
import { fingerprint, leaks, type Victim } from './victim.ts';

const area = 'tenant-isolation' as const;

/** A server fault: a 5xx or an INTERNAL_SERVER_ERROR. Never an acceptable answer to anything. */
export function serverFault(exchange: Exchange): boolean {
  return exchange.status >= 500 || exchange.status === 0 || errorCodes(exchange).includes('INTERNAL_SERVER_ERROR');
}

/**
 * Bakery A (the attacker, with its own valid tokens) names bakery B's ids, skus, names and cursors
 * in every root query and mutation, and in `_entities` at each subgraph directly. Nothing of B may
 * come back, and B's records (as B reads them) must be the same after every write.
 */
export function tenantIsolationCases(target: Target, victim: () => Victim): ProbeCase[] {
  const { a } = target;
  let baseline: string | undefined;
  const v = () => victim();

  const verdictFor = (exchange: Exchange, pass: boolean): Verdict => {
    const leaked = leaks(v(), exchange.text, String(exchange.request.body ?? ''));
    if (leaked.length > 0) return judge(exchange, false, `answer holds B's ${leaked.slice(0, 3).join(', ')}`);
    if (serverFault(exchange)) return judge(exchange, false);
    return judge(exchange, pass);
  };

  /** A read by A naming B's things: the answer must satisfy `holds` and hold nothing of B. */
  const read = (what: string, expected: string, query: string, variables: () => Record<string, unknown>, holds: (data: any) => boolean, token = a.tokens.ADMIN): ProbeCase => ({
    area,
    what,
    expected: `${expected}, nothing of B`,
    async run() {
      const exchange = await target.gql(query, variables(), token);
      const data = exchange.json?.data;
      return verdictFor(exchange, data !== undefined && data !== null && holds(data));
    },
  });

  /** A write by A naming B's things: refused (or harmless where `harmless` says so), B unchanged. */
  const write = (what: string, query: string, variables: () => Record<string, unknown>, token: string, harmless: (data: any) => boolean = () => false, url?: string): ProbeCase => ({
    area,
    what,
    expected: 'refused, B unchanged',
    async run() {
      baseline ??= await fingerprint(target, v());
      const exchange = url ? await postGraphql(url, query, variables(), token) : await target.gql(query, variables(), token);
      const after = await fingerprint(target, v());
      const changed = after !== baseline;
      baseline = after;
      if (changed) return judge(exchange, false, `B's records changed (${errorCodes(exchange).join(',') || 'no error'})`);
      const refused = errorCodes(exchange).length > 0 && (exchange.json?.data === null || exchange.json?.data === undefined || Object.values(exchange.json.data).every((value) => value === null));
      return verdictFor(exchange, refused || harmless(exchange.json?.data));
    },
  });

  const empty = (list: unknown[]) => Array.isArray(list) && list.length === 0;
  const noneOf = (ids: string[]) => (data: any) => !ids.some((id) => JSON.stringify(data).includes(id));

  const reads: ProbeCase[] = [
    read('ingredient(id) with B\'s ingredient', 'null', 'query ($id: ID!) { ingredient(id: $id) { id name } }', () => ({ id: v().ingredientIds[0] }), (d) => d.ingredient === null),
    read('ingredientsByIds with B\'s ids', 'all in missingIds', 'query ($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id } missingIds } }', () => ({ ids: v().ingredientIds.slice(0, 5) }), (d) => empty(d.ingredientsByIds.ingredients) && d.ingredientsByIds.missingIds.length === Math.min(5, v().ingredientIds.length)),
    read('ingredientsBySkus with a sku only B has', 'in missingSkus', 'query ($skus: [String!]!) { ingredientsBySkus(skus: $skus) { ingredients { id } missingSkus } }', () => ({ skus: [v().onlySku] }), (d) => empty(d.ingredientsBySkus.ingredients)),
    read('stockLevels with B\'s ingredient ids', 'all in missingIds', 'query ($ids: [ID!]!) { stockLevels(ingredientIds: $ids) { levels { ingredientId onHand } missingIds } }', () => ({ ids: v().ingredientIds.slice(0, 3) }), (d) => empty(d.stockLevels.levels)),
    read('stockMovements of B\'s ingredient', 'empty', 'query ($id: ID!) { stockMovements(ingredientId: $id, first: 10) { totalCount edges { node { id note } } } }', () => ({ id: v().ingredientIds[0] }), (d) => empty(d.stockMovements.edges)),
    read('stockMovements after B\'s movement cursor', 'refused or A\'s only', 'query ($id: ID!, $after: String) { stockMovements(ingredientId: $id, first: 10, after: $after) { edges { node { id } } } }', () => ({ id: v().ingredientIds[0], after: v().cursors.stockMovements }), (d) => empty(d.stockMovements.edges)),
    read('ingredients search for a name only B has', 'empty', 'query ($s: String) { ingredients(first: 50, filter: { search: $s }) { totalCount edges { node { id name } } } }', () => ({ s: v().onlyIngredientName }), (d) => d.ingredients.totalCount === 0),
    read('ingredients after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { ingredients(first: 50, after: $after) { edges { node { id name } } } }', () => ({ after: v().cursors.ingredients }), () => true),
    read('supplier(id) with B\'s supplier', 'null', 'query ($id: ID!) { supplier(id: $id) { id name } }', () => ({ id: v().supplierIds[0] }), (d) => d.supplier === null),
    read('suppliersByIds with B\'s ids', 'all in missingIds', 'query ($ids: [ID!]!) { suppliersByIds(ids: $ids) { suppliers { id } missingIds } }', () => ({ ids: v().supplierIds }), (d) => empty(d.suppliersByIds.suppliers)),
    read('suppliers after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { suppliers(first: 50, after: $after) { edges { node { id name } } } }', () => ({ after: v().cursors.suppliers }), () => true),
    read('supplierOffers for B\'s ingredients', 'empty', 'query ($ids: [ID!]) { supplierOffers(ingredientIds: $ids) { id unitPrice } }', () => ({ ids: v().ingredientIds.slice(0, 10) }), (d) => empty(d.supplierOffers)),
    read('recipe(id) with B\'s recipe', 'null', 'query ($id: ID!) { recipe(id: $id) { id name } }', () => ({ id: v().recipeIds[0] }), (d) => d.recipe === null),
    read('recipesByIds with B\'s ids', 'all in missingIds', 'query ($ids: [ID!]!) { recipesByIds(ids: $ids) { recipes { id } missingIds } }', () => ({ ids: v().recipeIds }), (d) => empty(d.recipesByIds.recipes)),
    read('recipes after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { recipes(first: 50, after: $after) { edges { node { id name } } } }', () => ({ after: v().cursors.recipes }), () => true),
    read('product(id) with B\'s product', 'null', 'query ($id: ID!) { product(id: $id) { id name } }', () => ({ id: v().productIds[0] }), (d) => d.product === null),
    read('productsByIds with B\'s ids', 'all in missingIds', 'query ($ids: [ID!]!) { productsByIds(ids: $ids) { products { id } missingIds } }', () => ({ ids: v().productIds }), (d) => empty(d.productsByIds.products)),
    read('productsBySkus with a sku only B has', 'in missingSkus', 'query ($skus: [String!]!) { productsBySkus(skus: $skus) { products { id } missingSkus } }', () => ({ skus: [v().onlyProductSku] }), (d) => empty(d.productsBySkus.products)),
    read('products after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { products(first: 50, after: $after) { edges { node { id name } } } }', () => ({ after: v().cursors.products }), () => true),
    read('orchestrationRun(id) with B\'s run', 'null', 'query ($id: ID!) { orchestrationRun(id: $id) { id status } }', () => ({ id: v().runId }), (d) => d.orchestrationRun === null),
    read('orchestrationRuns after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { orchestrationRuns(first: 50, after: $after) { edges { node { id } } } }', () => ({ after: v().cursors.runs }), () => true),
    read('productionSchedule(id) with B\'s schedule', 'null', 'query ($id: ID) { productionSchedule(id: $id) { id status } }', () => ({ id: v().scheduleId }), (d) => d.productionSchedule === null),
    read('procurementPlan(id) with B\'s plan', 'null', 'query ($id: ID) { procurementPlan(id: $id) { id status purchaseOrders { id } } }', () => ({ id: v().planId }), (d) => d.procurementPlan === null),
    read('notifications after B\'s cursor', 'refused or A\'s only', 'query ($after: String) { notifications(first: 50, after: $after) { edges { node { id title } } } }', () => ({ after: v().cursors.notifications }), () => true),
    read('salesHistory for B\'s products', 'empty', 'query ($ids: [ID!]) { salesHistory(from: "2020-01-01", to: "2020-12-31", productIds: $ids) { quantity } }', () => ({ ids: v().productIds }), () => true),
    read('forecasts for B\'s products', 'empty', 'query ($ids: [ID!]) { forecasts(from: "2020-01-01", to: "2020-12-31", productIds: $ids) { quantity } }', () => ({ ids: v().productIds }), (d) => empty(d.forecasts)),
    read('forecastAccuracy for B\'s products', 'no product of B', 'query ($ids: [ID!]) { forecastAccuracy(productIds: $ids) { products { product { id } } } }', () => ({ ids: v().productIds }), (d) => empty(d.forecastAccuracy.products)),
    read('tenant, planningSettings and latestProcurementPlan', 'A\'s own', '{ tenant { id } planningSettings { timezone webhookUrl } latestProcurementPlan { id purchaseOrders { id } } }', () => ({}), (d) => d.tenant.id === a.id),
    read('an id of B\'s plan as a schedule id and of B\'s run as a plan id', 'null', 'query ($p: ID, $r: ID) { productionSchedule(id: $p) { id } procurementPlan(id: $r) { id } }', () => ({ p: v().planId, r: v().runId }), (d) => d.productionSchedule === null && d.procurementPlan === null),
  ];

  /** A's own supplier, read by the positive control before the writes. */
  let ownSupplierId = '';
  const writes: ProbeCase[] = [
    write('updateIngredient on B\'s ingredient', 'mutation ($id: ID!) { updateIngredient(id: $id, input: { name: "pwned" }) { id } }', () => ({ id: v().ingredientIds[0] }), a.tokens.ADMIN),
    write('recordStockMovement on B\'s ingredient', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: WASTE, quantity: 0.001 }) { movement { id } } }', () => ({ id: v().ingredientIds[0] }), a.tokens.PLANNER),
    write('updateSupplier on B\'s supplier', 'mutation ($id: ID!) { updateSupplier(id: $id, input: { name: "pwned" }) { id } }', () => ({ id: v().supplierIds[0] }), a.tokens.ADMIN),
    write('upsertSupplierOffer for B\'s supplier and B\'s ingredient', 'mutation ($s: ID!, $i: ID!) { upsertSupplierOffer(input: { supplierId: $s, ingredientId: $i, unitPrice: 0.01 }) { id } }', () => ({ s: v().supplierIds[0], i: v().ingredientIds[0] }), a.tokens.ADMIN),
    write('upsertSupplierOffer naming B\'s ingredient under A\'s own supplier', 'mutation ($s: ID!, $i: ID!) { upsertSupplierOffer(input: { supplierId: $s, ingredientId: $i, unitPrice: 0.01 }) { id } }', () => ({ s: ownSupplierId, i: v().ingredientIds[0] }), a.tokens.ADMIN),
    write('removeSupplierOffer on B\'s offer', 'mutation ($id: ID!) { removeSupplierOffer(id: $id) }', () => ({ id: v().offerIds[0] }), a.tokens.ADMIN, (d) => d?.removeSupplierOffer === false),
    write('updateProduct on B\'s product', 'mutation ($id: ID!) { updateProduct(id: $id, input: { name: "pwned" }) { id } }', () => ({ id: v().productIds[0] }), a.tokens.ADMIN),
    write('createRecipe for B\'s product', 'mutation ($p: ID!, $i: ID!) { createRecipe(input: { productId: $p, name: "pwned", yieldQuantity: 1, ingredients: [{ ingredientId: $i, quantity: 1, unit: G }] }) { id } }', () => ({ p: v().productIds[0], i: v().ingredientIds[0] }), a.tokens.ADMIN),
    write('updateRecipe on B\'s recipe', 'mutation ($id: ID!) { updateRecipe(id: $id, input: { name: "pwned" }) { id } }', () => ({ id: v().recipeIds[0] }), a.tokens.ADMIN),
    write('recordSales naming B\'s product', 'mutation ($p: ID!) { recordSales(records: [{ productId: $p, date: "2020-01-01", quantity: 1 }]) { __typename } }', () => ({ p: v().productIds[0] }), a.tokens.PLANNER, () => true),
    write('approveProcurementPlan on B\'s plan', 'mutation ($id: ID!) { approveProcurementPlan(id: $id) { id status } }', () => ({ id: v().planId }), a.tokens.PLANNER),
    write('submitPurchaseOrder on B\'s order', 'mutation ($id: ID!) { submitPurchaseOrder(id: $id) { id status } }', () => ({ id: v().purchaseOrderIds[0] }), a.tokens.PLANNER),
    write('markPurchaseOrderReceived on B\'s order', 'mutation ($id: ID!) { markPurchaseOrderReceived(id: $id) { id status } }', () => ({ id: v().purchaseOrderIds[0] }), a.tokens.PLANNER),
    write('cancelPurchaseOrder on B\'s order', 'mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { id status } }', () => ({ id: v().purchaseOrderIds[0] }), a.tokens.PLANNER),
    write('A\'s SERVICE token: generateForecasts on B\'s run', 'mutation ($id: ID!) { generateForecasts(runId: $id) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: generateProductionSchedule on B\'s run', 'mutation ($id: ID!) { generateProductionSchedule(runId: $id) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: generateProcurementPlan on B\'s run', 'mutation ($id: ID!) { generateProcurementPlan(runId: $id) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: recordRunStep on B\'s run', 'mutation ($id: ID!) { recordRunStep(runId: $id, input: { name: notify, status: FAILED, error: "pwned" }) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: finishOrchestrationRun on B\'s run', 'mutation ($id: ID!) { finishOrchestrationRun(runId: $id, input: { status: FAILED, error: "pwned" }) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: cancelProductionSchedule on B\'s schedule', 'mutation ($id: ID!) { cancelProductionSchedule(id: $id) { id status } }', () => ({ id: v().scheduleId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: cancelProcurementPlan on B\'s plan', 'mutation ($id: ID!) { cancelProcurementPlan(id: $id) { id status } }', () => ({ id: v().planId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: sendPlanNotifications on B\'s run', 'mutation ($id: ID!) { sendPlanNotifications(runId: $id) { notifications { id } } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('A\'s SERVICE token: recordSnapshot on B\'s run', 'mutation ($id: ID!) { recordSnapshot(runId: $id, snapshot: { ingredients: [], suppliers: [], recipes: [] }) { id } }', () => ({ id: v().runId }), a.tokens.SERVICE),
    write('importOffers naming a supplier only B has', 'mutation ($csv: String!) { importOffers(input: { csv: $csv }) { rows } }', () => ({ csv: `supplier,sku,unit_price\n${csvField(v().onlySupplierName)},${csvField(v().onlySku)},0.01\n` }), a.tokens.ADMIN),
  ];
  const loadOwn: ProbeCase = {
    area,
    what: 'A\'s own supplier is readable (positive control)',
    expected: 'A\'s supplier',
    async run() {
      const exchange = await target.gql('{ suppliers(first: 1) { edges { node { id } } } }', undefined, a.tokens.VIEWER);
      ownSupplierId = exchange.json?.data?.suppliers.edges[0]?.node.id ?? '';
      return verdictFor(exchange, ownSupplierId !== '');
    },
  };

  return [...reads, loadOwn, ...writes, ...entityCases(target, v, verdictFor), sameQueryCase(target)];
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `_entities` at each subgraph directly, A's token, B's ids: every entity resolves to null or to nothing of B. */
function entityCases(target: Target, v: () => Victim, verdictFor: (exchange: Exchange, pass: boolean) => Verdict): ProbeCase[] {
  const { subgraphs } = target.options;
  const entity = (subgraph: keyof typeof subgraphs, typename: string, selection: string, ids: () => string[], holds: (entities: any[]) => boolean): ProbeCase => ({
    area,
    what: `_entities ${typename} at ${subgraph} directly with B's ids`,
    expected: 'null or empty, nothing of B',
    async run() {
      const representations = ids().map((id) => ({ __typename: typename, id }));
      const exchange = await postGraphql(subgraphs[subgraph], `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${selection} } } }`, { r: representations }, target.a.tokens.ADMIN);
      const entities = exchange.json?.data?._entities;
      return verdictFor(exchange, Array.isArray(entities) && entities.length === representations.length && holds(entities));
    },
  });
  const allNull = (entities: any[]) => entities.every((entity) => entity === null);
  const emptyField = (field: string) => (entities: any[]) => entities.every((entity) => entity === null || (Array.isArray(entity[field]) && entity[field].length === 0));
  return [
    entity('inventory', 'Ingredient', 'id name stock { onHand }', () => v().ingredientIds.slice(0, 3), allNull),
    entity('suppliers', 'Supplier', 'id name', () => v().supplierIds.slice(0, 3), allNull),
    entity('suppliers', 'Ingredient', 'offers { id unitPrice }', () => v().ingredientIds.slice(0, 3), emptyField('offers')),
    entity('recipes', 'Product', 'id name', () => v().productIds.slice(0, 3), allNull),
    entity('recipes', 'Recipe', 'id name', () => v().recipeIds.slice(0, 3), allNull),
    entity('recipes', 'Ingredient', 'usedIn { id name }', () => v().ingredientIds.slice(0, 3), emptyField('usedIn')),
    entity('planning', 'OrchestrationRun', 'id status', () => [v().runId], allNull),
    entity('planning', 'ProductionSchedule', 'id status', () => [v().scheduleId], allNull),
    entity('planning', 'ProcurementPlan', 'id status', () => [v().planId], allNull),
  ];
}

/** The same query from both bakeries at once, many times: each answer names its own bakery only. */
function sameQueryCase(target: Target): ProbeCase {
  return {
    area,
    what: '24 concurrent identical queries from A and B (no shared answer)',
    expected: 'each its own tenant',
    async run() {
      const query = '{ tenant { id } ingredients(first: 5) { edges { node { id } } } }';
      const bakeries = Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? target.a : target.b));
      const answers = await Promise.all(bakeries.map((bakery) => target.gql(query, undefined, bakery.tokens.VIEWER)));
      const wrong = answers.findIndex((answer, index) => answer.json?.data?.tenant?.id !== bakeries[index].id);
      return judge(answers[Math.max(wrong, 0)], wrong === -1, wrong === -1 ? '24 own answers' : `answer ${wrong} named another tenant`);
    },
  };
}
