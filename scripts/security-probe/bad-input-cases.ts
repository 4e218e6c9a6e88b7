import { randomUUID } from 'node:crypto';
import { errorCodes, postGraphql, type Exchange } from './exchange.ts';
import { judge, type ProbeCase } from './probe-case.ts';
import { ownState } from './role-cases.ts';
import { serverFault } from './tenant-isolation.ts';
import { SUBGRAPHS, type Target } from './target.ts';
import type { ProbeRole } from './tokens.ts';

const NUL = '\u0000';
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Input an attacker or a buggy client sends: U+0000 in every kind of string argument, tampered
 * cursors, impossible dates, huge and negative numbers, enum values in the wrong case, and
 * subscriptions. Each is a client error (BAD_USER_INPUT or a 400 validation error), never an
 * internal error, and changes nothing of the bakery.
 */
export function badInputCases(target: Target): ProbeCase[] {
  let ingredientId = '';
  const refused = (what: string, query: string, variables: () => Record<string, unknown>, { role = 'ADMIN', codes = ['BAD_USER_INPUT'], names, url }: { role?: ProbeRole; codes?: string[]; names?: string; url?: string } = {}): ProbeCase => ({
    area: 'bad-input',
    what,
    expected: `${codes.join(' or ')}${names ? ` naming ${names}` : ''}, nothing changed`,
    async run() {
      const before = await ownState(target);
      const exchange = await postGraphql(url ?? target.options.gateway, query, variables(), target.a.tokens[role]);
      const after = await ownState(target);
      if (after !== before) return judge(exchange, false, `A's records changed (${errorCodes(exchange).join(',') || 'no error'})`);
      return judge(exchange, isRefusal(exchange, codes) && (!names || JSON.stringify(exchange.json?.errors ?? []).includes(names)));
    },
  });
  const validation = ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'];
  const mine = (): Record<string, unknown> => ({ id: ingredientId });

  const nul: ProbeCase[] = [
    refused('NUL in createIngredient.sku', 'mutation ($v: String!) { createIngredient(input: { sku: $v, name: "n", category: "c", unit: KG }) { id } }', () => ({ v: `NUL${NUL}1` }), { names: 'sku' }),
    refused('NUL in createIngredient.name', 'mutation ($v: String!) { createIngredient(input: { sku: "NUL-2", name: $v, category: "c", unit: KG }) { id } }', () => ({ v: `Flour${NUL}` }), { names: 'name' }),
    refused('NUL in createIngredient.category', 'mutation ($v: String!) { createIngredient(input: { sku: "NUL-3", name: "n", category: $v, unit: KG }) { id } }', () => ({ v: `${NUL}` }), { names: 'category' }),
    refused('NUL in updateIngredient.name', 'mutation ($id: ID!, $v: String) { updateIngredient(id: $id, input: { name: $v }) { id } }', () => ({ ...mine(), v: `a${NUL}b` }), { names: 'name' }),
    refused('NUL in recordStockMovement.note', 'mutation ($id: ID!, $v: String) { recordStockMovement(input: { ingredientId: $id, kind: RECEIPT, quantity: 1, note: $v }) { movement { id } } }', () => ({ ...mine(), v: `note${NUL}` }), { role: 'PLANNER', names: 'note' }),
    refused('NUL in the ingredients search filter', 'query ($v: String) { ingredients(first: 5, filter: { search: $v }) { totalCount } }', () => ({ v: `fl${NUL}our` }), { role: 'VIEWER' }),
    refused('NUL in the ingredients category filter', 'query ($v: String) { ingredients(first: 5, filter: { category: $v }) { totalCount } }', () => ({ v: `${NUL}` }), { role: 'VIEWER' }),
    refused('NUL in ingredientsBySkus', 'query ($v: [String!]!) { ingredientsBySkus(skus: $v) { missingSkus } }', () => ({ v: [`A${NUL}`] }), { role: 'VIEWER' }),
    refused('NUL in productsBySkus', 'query ($v: [String!]!) { productsBySkus(skus: $v) { missingSkus } }', () => ({ v: [`P${NUL}`] }), { role: 'VIEWER' }),
    refused('NUL in an ID argument', 'query ($v: ID!) { ingredient(id: $v) { id } }', () => ({ v: `${randomUUID()}${NUL}` }), { role: 'VIEWER' }),
    refused('NUL in createSupplier.name', 'mutation ($v: String!) { createSupplier(input: { name: $v, leadTimeDays: 1, reliability: 0.5 }) { id } }', () => ({ v: `S${NUL}` }), { names: 'name' }),
    refused('NUL in createSupplier.currency', 'mutation ($v: String) { createSupplier(input: { name: "NUL currency", leadTimeDays: 1, reliability: 0.5, currency: $v }) { id } }', () => ({ v: `EU${NUL}` }), { names: 'currency' }),
    refused('NUL in createProduct.sku', 'mutation ($v: String!) { createProduct(input: { sku: $v, name: "n" }) { id } }', () => ({ v: `P${NUL}` }), { names: 'sku' }),
    refused('NUL in createRecipe.name', 'mutation ($v: String!, $id: ID!) { createRecipe(input: { productId: $id, name: $v, yieldQuantity: 1, ingredients: [] }) { id } }', () => ({ v: `R${NUL}`, id: randomUUID() }), { names: 'name' }),
    refused('NUL in updatePlanningSettings.timezone', 'mutation ($v: String) { updatePlanningSettings(input: { timezone: $v }) { timezone } }', () => ({ v: `Europe/Madrid${NUL}` }), { names: 'timezone' }),
    refused('NUL in updatePlanningSettings.orchestrationCron', 'mutation ($v: String) { updatePlanningSettings(input: { orchestrationCron: $v }) { timezone } }', () => ({ v: `30 5 * * *${NUL}` }), { names: 'orchestrationCron' }),
    refused('NUL in updatePlanningSettings.currency', 'mutation ($v: String) { updatePlanningSettings(input: { currency: $v }) { timezone } }', () => ({ v: `EU${NUL}` }), { names: 'currency' }),
    refused('NUL in an import CSV', 'mutation ($v: String!) { importIngredients(input: { csv: $v }) { rows } }', () => ({ v: `sku,name,category,unit\nNUL-CSV,Bad${NUL}name,probe,KG\n` }), {}),
    refused('NUL in startOrchestrationRun.idempotencyKey (SERVICE)', 'mutation ($v: String!) { startOrchestrationRun(input: { planDate: "2030-01-01", trigger: MANUAL, idempotencyKey: $v }) { id } }', () => ({ v: `k${NUL}` }), { role: 'SERVICE', names: 'idempotencyKey' }),
    refused('NUL in a name-sorted cursor', 'query ($v: String) { ingredients(first: 5, after: $v) { totalCount } }', () => ({ v: cursor([`Flour${NUL}`, randomUUID()]) }), { role: 'VIEWER' }),
  ];

  const cursors: ProbeCase[] = [
    refused('runs cursor whose sort key is a name, not a time', 'query ($v: String) { orchestrationRuns(first: 5, after: $v) { totalCount } }', () => ({ v: cursor(['Barley malt syrup', randomUUID()]) }), { role: 'VIEWER' }),
    refused('notifications cursor whose sort key is not a time', 'query ($v: String) { notifications(first: 5, after: $v) { totalCount } }', () => ({ v: cursor(['not-a-date', randomUUID()]) }), { role: 'VIEWER' }),
    refused('notifications cursor on 2026-02-30', 'query ($v: String) { notifications(first: 5, after: $v) { totalCount } }', () => ({ v: cursor(['2026-02-30T10:00:00.000Z', randomUUID()]) }), { role: 'VIEWER' }),
    refused('stockMovements cursor on 2026-02-30', 'query ($id: ID!, $v: String) { stockMovements(ingredientId: $id, first: 5, after: $v) { totalCount } }', () => ({ ...mine(), v: cursor(['2026-02-30T10:00:00.000Z', randomUUID()]) }), { role: 'VIEWER' }),
    refused('ingredients cursor whose sort key is a number', 'query ($v: String) { ingredients(first: 5, after: $v) { totalCount } }', () => ({ v: cursor([12345, randomUUID()]) }), { role: 'VIEWER' }),
    refused('ingredients cursor that is not base64 JSON', 'query ($v: String) { ingredients(first: 5, after: $v) { totalCount } }', () => ({ v: '!!not a cursor!!' }), { role: 'VIEWER' }),
    refused('suppliers cursor with a malformed id', 'query ($v: String) { suppliers(first: 5, after: $v) { totalCount } }', () => ({ v: cursor(['Mill', "x' OR '1'='1"]) }), { role: 'VIEWER' }),
    refused('products cursor holding a __proto__ object', 'query ($v: String) { products(first: 5, after: $v) { totalCount } }', () => ({ v: Buffer.from('{"__proto__":{"admin":true}}').toString('base64url') }), { role: 'VIEWER' }),
  ];

  const numbers: ProbeCase[] = [
    refused('RECEIPT of 1e308', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: RECEIPT, quantity: 1e308 }) { movement { id } } }', mine, { role: 'PLANNER', names: 'quantity' }),
    refused('RECEIPT of 1e10 (above 1e9)', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: RECEIPT, quantity: 10000000000 }) { movement { id } } }', mine, { role: 'PLANNER', names: 'quantity' }),
    refused('negative RECEIPT', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: RECEIPT, quantity: -5 }) { movement { id } } }', mine, { role: 'PLANNER', names: 'quantity' }),
    refused('CONSUMPTION larger than stock', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: CONSUMPTION, quantity: 999999999 }) { movement { id } } }', mine, { role: 'PLANNER' }),
    refused('negative sales quantity', 'mutation ($id: ID!) { recordSales(records: [{ productId: $id, date: "2020-01-03", quantity: -1 }]) { __typename } }', () => ({ id: randomUUID() }), { role: 'PLANNER' }),
    refused('leadTimeDays 2^31 (Int overflow)', 'mutation { createSupplier(input: { name: "Overflow", leadTimeDays: 2147483648, reliability: 0.5 }) { id } }', () => ({}), { codes: validation }),
    refused('negative leadTimeDays', 'mutation { createSupplier(input: { name: "Negative", leadTimeDays: -1, reliability: 0.5 }) { id } }', () => ({}), { names: 'leadTimeDays' }),
    refused('reliability 1.5', 'mutation { createSupplier(input: { name: "Too reliable", leadTimeDays: 1, reliability: 1.5 }) { id } }', () => ({}), { names: 'reliability' }),
    refused('reorderPoint 1e308', 'mutation { createIngredient(input: { sku: "HUGE-1", name: "Huge", category: "c", unit: KG, reorderPoint: 1e308 }) { id } }', () => ({}), { names: 'reorderPoint' }),
    refused('horizonDays 0', 'mutation { updatePlanningSettings(input: { horizonDays: 0 }) { horizonDays } }', () => ({}), { names: 'horizonDays' }),
    refused('horizonDays 100000', 'mutation { updatePlanningSettings(input: { horizonDays: 100000 }) { horizonDays } }', () => ({}), { names: 'horizonDays' }),
    refused('serviceLevel 1.5', 'mutation { updatePlanningSettings(input: { serviceLevel: 1.5 }) { serviceLevel } }', () => ({}), { names: 'serviceLevel' }),
    refused('first: -1', '{ ingredients(first: -1) { totalCount } }', () => ({}), { role: 'VIEWER' }),
    refused('first: 0', '{ suppliers(first: 0) { totalCount } }', () => ({}), { role: 'VIEWER' }),
  ];

  const enumsAndDates: ProbeCase[] = [
    refused('unit "kg" in lower case (variable)', 'mutation ($u: Unit!) { createIngredient(input: { sku: "CASE-1", name: "n", category: "c", unit: $u }) { id } }', () => ({ u: 'kg' }), { codes: validation }),
    refused('kind "receipt" in lower case (variable)', 'mutation ($id: ID!, $k: StockMovementKind!) { recordStockMovement(input: { ingredientId: $id, kind: $k, quantity: 1 }) { movement { id } } }', () => ({ ...mine(), k: 'receipt' }), { role: 'PLANNER', codes: validation }),
    refused('closedWeekdays "Mon" (inline)', 'mutation { updatePlanningSettings(input: { closedWeekdays: [Mon] }) { timezone } }', () => ({}), { codes: validation }),
    refused('salesHistory from 2026-02-30', '{ salesHistory(from: "2026-02-30", to: "2026-03-02") { quantity } }', () => ({}), { role: 'VIEWER', codes: validation }),
    refused('salesHistory over ten years', '{ salesHistory(from: "2015-01-01", to: "2025-01-01") { quantity } }', () => ({}), { role: 'VIEWER' }),
    refused('recordSales on 2026-02-30', 'mutation ($id: ID!) { recordSales(records: [{ productId: $id, date: "2026-02-30", quantity: 1 }]) { __typename } }', () => ({ id: randomUUID() }), { role: 'PLANNER', codes: validation }),
    refused('requestOrchestration for 2026-02-30', 'mutation { requestOrchestration(input: { planDate: "2026-02-30" }) { id } }', () => ({}), { role: 'PLANNER', codes: validation }),
    refused('requestOrchestration a year ahead', 'mutation ($d: Date) { requestOrchestration(input: { planDate: $d }) { id } }', () => ({ d: new Date(Date.now() + 366 * 86_400_000).toISOString().slice(0, 10) }), { role: 'PLANNER', names: 'planDate' }),
    refused('expiresOn 2026-13-01', 'mutation ($id: ID!) { recordStockMovement(input: { ingredientId: $id, kind: RECEIPT, quantity: 1, expiresOn: "2026-13-01" }) { movement { id } } }', mine, { role: 'PLANNER', codes: validation }),
    refused('orchestrationCron firing every minute', 'mutation { updatePlanningSettings(input: { orchestrationCron: "* * * * *" }) { orchestrationCron } }', () => ({}), { names: 'orchestrationCron' }),
    refused('timezone Mars/Olympus_Mons', 'mutation { updatePlanningSettings(input: { timezone: "Mars/Olympus_Mons" }) { timezone } }', () => ({}), { names: 'timezone' }),
    refused('a 100,000-character ingredient name', 'mutation ($v: String!) { createIngredient(input: { sku: "LONG-1", name: $v, category: "c", unit: KG }) { id } }', () => ({ v: 'x'.repeat(100_000) }), { names: 'name' }),
  ];

  const subscription = 'subscription { tenant { id } }';
  const subscriptions: ProbeCase[] = [
    { url: target.options.gateway, where: 'the gateway' },
    ...SUBGRAPHS.map((name) => ({ url: target.options.subgraphs[name], where: `${name} directly` })),
  ].map(({ url, where }) => ({
    area: 'bad-input' as const,
    what: `a subscription sent to ${where}`,
    expected: '400, no server fault',
    async run() {
      const exchange = await postGraphql(url, subscription, undefined, target.a.tokens.VIEWER);
      return judge(exchange, exchange.status === 400 && !serverFault(exchange) && !exchange.json?.data);
    },
  }));

  const lookup: ProbeCase = {
    area: 'bad-input',
    what: 'SQL in the search filter (\' OR 1=1 --) finds nothing',
    expected: 'totalCount 0',
    async run() {
      const own = await target.gql('{ ingredients(first: 1) { edges { node { id } } } }', undefined, target.a.tokens.VIEWER);
      ingredientId = own.json?.data?.ingredients.edges[0]?.node.id ?? randomUUID();
      const exchange = await target.gql('query ($v: String) { ingredients(first: 5, filter: { search: $v }) { totalCount } }', { v: "' OR 1=1 --" }, target.a.tokens.VIEWER);
      return judge(exchange, exchange.json?.data?.ingredients?.totalCount === 0);
    },
  };
  return [lookup, ...nul, ...cursors, ...numbers, ...enumsAndDates, ...subscriptions];
}

/** A client error with one of `codes`, no data for the field, no server fault. */
function isRefusal(exchange: Exchange, codes: string[]): boolean {
  const data = exchange.json?.data;
  const noData = data === null || data === undefined || Object.values(data).every((value) => value === null);
  return !serverFault(exchange) && noData && errorCodes(exchange).some((code) => codes.includes(code));
}
