import type { Target } from './target.ts';

/** Bakery B's records, read with B's own token: the ids and cursors bakery A will try. */
export interface Victim {
  ingredientIds: string[];
  supplierIds: string[];
  offerIds: string[];
  productIds: string[];
  recipeIds: string[];
  runId: string;
  scheduleId: string;
  planId: string;
  purchaseOrderIds: string[];
  /** A sku, an ingredient name and a supplier name that B has and A has not. */
  onlySku: string;
  onlyProductSku: string;
  onlyIngredientName: string;
  onlySupplierName: string;
  cursors: { ingredients: string; suppliers: string; products: string; recipes: string; runs: string; notifications: string; stockMovements: string };
  /** Every id of B seen: none may appear in an answer to A, unless A's request named it. */
  secretIds: string[];
  /** B's names found nowhere in A: none may appear as a value in an answer to A. */
  secretNames: string[];
}

const CATALOGUE = `{
  ingredients(first: 500) { edges { cursor node { id sku name } } }
  suppliers(first: 500) { edges { cursor node { id name offers { id } } } }
  products(first: 500) { edges { cursor node { id sku name recipe { id } } } }
  recipes(first: 2) { edges { cursor } }
}`;

/** Reads B's records; when B has no run with a plan yet, asks for one (as B's PLANNER) and waits for it. */
export async function readVictim(target: Target, timeoutMs = 90_000): Promise<Victim> {
  const { b, a } = target;
  const theirs = (await target.gql(CATALOGUE, undefined, b.tokens.ADMIN)).json?.data;
  const ours = (await target.gql(CATALOGUE, undefined, a.tokens.ADMIN)).json?.data;
  if (!theirs || !ours) throw new Error('could not read the two bakeries’ catalogues');
  const ingredients = theirs.ingredients.edges.map((edge: any) => edge.node);
  const suppliers = theirs.suppliers.edges.map((edge: any) => edge.node);
  const products = theirs.products.edges.map((edge: any) => edge.node);
  if (ingredients.length === 0 || suppliers.length === 0 || products.length === 0) throw new Error('bakery B needs ingredients, suppliers and products (the seeded rival bakery has them)');
  const ourStrings = new Set<string>([
    ...ours.ingredients.edges.flatMap((edge: any) => [edge.node.sku, edge.node.name]),
    ...ours.suppliers.edges.map((edge: any) => edge.node.name),
    ...ours.products.edges.flatMap((edge: any) => [edge.node.sku, edge.node.name]),
  ]);
  const only = (values: string[], what: string) => {
    const found = values.find((value) => !ourStrings.has(value));
    if (!found) throw new Error(`bakery B has no ${what} that bakery A lacks`);
    return found;
  };
  const run = await completedRun(target, timeoutMs);
  const movements = (await target.gql('query ($id: ID!) { stockMovements(ingredientId: $id, first: 1) { edges { cursor } } }', { id: ingredients[0].id }, b.tokens.ADMIN)).json?.data;
  const notifications = (await target.gql('{ notifications(first: 1) { edges { cursor node { id } } } }', undefined, b.tokens.ADMIN)).json?.data;
  const victim: Victim = {
    ingredientIds: ingredients.map((node: any) => node.id),
    supplierIds: suppliers.map((node: any) => node.id),
    offerIds: suppliers.flatMap((node: any) => node.offers.map((offer: any) => offer.id)),
    productIds: products.map((node: any) => node.id),
    recipeIds: products.flatMap((node: any) => (node.recipe ? [node.recipe.id] : [])),
    runId: run.id,
    scheduleId: run.productionSchedule.id,
    planId: run.procurementPlan.id,
    purchaseOrderIds: run.procurementPlan.purchaseOrders.map((order: any) => order.id),
    onlySku: only(ingredients.map((node: any) => node.sku), 'ingredient sku'),
    onlyProductSku: only(products.map((node: any) => node.sku), 'product sku'),
    onlyIngredientName: only(ingredients.map((node: any) => node.name), 'ingredient name'),
    onlySupplierName: only(suppliers.map((node: any) => node.name), 'supplier name'),
    cursors: {
      ingredients: theirs.ingredients.edges[0].cursor,
      suppliers: theirs.suppliers.edges[0].cursor,
      products: theirs.products.edges[0].cursor,
      recipes: theirs.recipes.edges[0]?.cursor ?? theirs.products.edges[0].cursor,
      runs: run.cursor,
      notifications: notifications?.notifications.edges[0]?.cursor ?? run.cursor,
      stockMovements: movements?.stockMovements.edges[0]?.cursor ?? theirs.ingredients.edges[0].cursor,
    },
    secretIds: [],
    secretNames: [ingredients, suppliers, products].flatMap((nodes) => nodes.map((node: any) => node.name as string)).filter((name) => !ourStrings.has(name)),
  };
  victim.secretIds = [
    ...victim.ingredientIds, ...victim.supplierIds, ...victim.offerIds, ...victim.productIds, ...victim.recipeIds,
    victim.runId, victim.scheduleId, victim.planId, ...victim.purchaseOrderIds, b.id,
  ];
  return victim;
}

const RUNS = `{ orchestrationRuns(first: 20) { edges { cursor node { id status
  productionSchedule { id } procurementPlan { id status purchaseOrders { id status } } } } } }`;

async function completedRun(target: Target, timeoutMs: number) {
  const token = target.b.tokens.PLANNER;
  const withPlan = async () => {
    const edges = (await target.gql(RUNS, undefined, token)).json?.data?.orchestrationRuns.edges ?? [];
    const edge = edges.find((candidate: any) => candidate.node.status === 'COMPLETED' && candidate.node.procurementPlan?.purchaseOrders.length > 0 && candidate.node.productionSchedule);
    return edge && { ...edge.node, cursor: edge.cursor };
  };
  const found = await withPlan();
  if (found) return found;
  const requested = await target.gql('mutation { requestOrchestration { id } }', undefined, token);
  if (!requested.json?.data) throw new Error(`bakery B has no completed run and requesting one failed: ${requested.text.slice(0, 200)}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const done = await withPlan();
    if (done) return done;
  }
  throw new Error('bakery B’s orchestration run did not complete with a plan in time (is the worker running?)');
}

const FINGERPRINT = `query Fingerprint($plan: ID!, $schedule: ID!, $run: ID!) {
  ingredients(first: 500) { totalCount edges { node { id sku name category unit reorderPoint stock { onHand } lots { id quantity expiresOn } } } }
  suppliers(first: 500) { totalCount edges { node { id name leadTimeDays reliability minimumOrderValue currency deliveryDays offers { id unitPrice packSize minimumOrderQuantity } } } }
  products(first: 500) { totalCount edges { node { id sku name recipe { id name yieldQuantity ingredients { quantity unit ingredient { id } } } } } }
  planningSettings { timezone orchestrationCron horizonDays serviceLevel webhookUrl currency closedWeekdays closedDates }
  orchestrationRuns(first: 100) { totalCount edges { node { id status planDate steps { name status attempts } } } }
  orchestrationRun(id: $run) { status error }
  procurementPlan(id: $plan) { status purchaseOrders { id status } }
  productionSchedule(id: $schedule) { status }
  notifications(first: 1) { totalCount }
}`;

/** Everything of B a cross-tenant write could change, as B reads it. */
export async function fingerprint(target: Target, victim: Victim): Promise<string> {
  const answer = await target.gql(FINGERPRINT, { plan: victim.planId, schedule: victim.scheduleId, run: victim.runId }, target.b.tokens.ADMIN);
  if (!answer.json?.data) throw new Error(`could not read bakery B’s fingerprint: ${answer.text.slice(0, 200)}`);
  return JSON.stringify(answer.json.data);
}

/**
 * B's ids and B-only names found in an answer to A: ids anywhere in `answer` (an echo of what
 * A's own `request` named does not count), names as whole JSON string values.
 */
export function leaks(victim: Victim, answer: string, request: string): string[] {
  return [
    ...victim.secretIds.filter((id) => answer.includes(id) && !request.includes(id)),
    ...victim.secretNames.filter((name) => answer.includes(JSON.stringify(name))),
  ];
}
