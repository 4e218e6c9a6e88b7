import { randomUUID } from 'node:crypto';
import { errorCodes, postGraphql } from './exchange.ts';
import { judge, type ProbeCase } from './probe-case.ts';
import type { Target } from './target.ts';
import type { ProbeRole } from './tokens.ts';

/**
 * Role escalation inside one bakery: each role tries what only a higher (or another) role may do
 * (README: VIEWER reads; PLANNER records, requests runs, approves; ADMIN edits master data and
 * settings; SERVICE reads and runs the pipeline steps — and nobody else does).
 */
export function roleCases(target: Target): ProbeCase[] {
  const id = randomUUID();
  const attempt = (role: ProbeRole, what: string, operation: string, url?: string): ProbeCase => ({
    area: 'roles',
    what: `${role} ${what}${url ? ' (at the subgraph directly)' : ''}`,
    expected: 'FORBIDDEN, nothing done',
    async run() {
      const before = await ownState(target);
      const exchange = await postGraphql(url ?? target.options.gateway, operation, undefined, target.a.tokens[role]);
      const after = await ownState(target);
      if (after !== before) return judge(exchange, false, `A's records changed (${errorCodes(exchange).join(',') || 'no error'})`);
      const forbidden = errorCodes(exchange).includes('FORBIDDEN') && (exchange.json?.data === null || exchange.json?.data === undefined);
      return judge(exchange, forbidden);
    },
  });
  const createIngredient = `mutation { createIngredient(input: { sku: "ESC-${id.slice(0, 8)}", name: "Escalated", category: "probe", unit: KG }) { id } }`;
  const settings = 'mutation { updatePlanningSettings(input: { horizonDays: 3 }) { horizonDays } }';
  const { subgraphs } = target.options;
  return [
    attempt('VIEWER', 'records a stock movement', `mutation { recordStockMovement(input: { ingredientId: "${id}", kind: RECEIPT, quantity: 1 }) { movement { id } } }`),
    attempt('VIEWER', 'records sales', `mutation { recordSales(records: [{ productId: "${id}", date: "2020-01-02", quantity: 1 }]) { __typename } }`),
    attempt('VIEWER', 'requests an orchestration run', 'mutation { requestOrchestration { id } }'),
    attempt('VIEWER', 'approves a plan', `mutation { approveProcurementPlan(id: "${id}") { id } }`),
    attempt('VIEWER', 'submits a purchase order', `mutation { submitPurchaseOrder(id: "${id}") { id } }`),
    attempt('VIEWER', 'creates an ingredient', createIngredient),
    attempt('VIEWER', 'creates an ingredient', createIngredient, subgraphs.inventory),
    attempt('VIEWER', 'changes planning settings', settings),
    attempt('PLANNER', 'creates an ingredient', createIngredient),
    attempt('PLANNER', 'creates a supplier', 'mutation { createSupplier(input: { name: "Escalated", leadTimeDays: 1, reliability: 0.9 }) { id } }'),
    attempt('PLANNER', 'creates a product', `mutation { createProduct(input: { sku: "ESC-${id.slice(0, 8)}", name: "Escalated" }) { id } }`),
    attempt('PLANNER', 'changes planning settings (webhook)', 'mutation { updatePlanningSettings(input: { webhookUrl: "https://attacker.example/hook" }) { webhookUrl } }'),
    attempt('PLANNER', 'imports ingredients', 'mutation { importIngredients(input: { csv: "sku,name,category,unit\\nESC-CSV,Escalated,probe,KG\\n" }) { rows } }'),
    attempt('ADMIN', 'starts a pipeline run (SERVICE only)', `mutation { startOrchestrationRun(input: { planDate: "2030-01-01", trigger: MANUAL, idempotencyKey: "probe-${id}" }) { id } }`),
    attempt('ADMIN', 'starts a pipeline run (SERVICE only)', `mutation { startOrchestrationRun(input: { planDate: "2030-01-01", trigger: MANUAL, idempotencyKey: "probe-${id}" }) { id } }`, subgraphs.planning),
    attempt('ADMIN', 'records a snapshot (SERVICE only)', `mutation { recordSnapshot(runId: "${id}", snapshot: { ingredients: [], suppliers: [], recipes: [] }) { id } }`),
    attempt('ADMIN', 'generates forecasts (SERVICE only)', `mutation { generateForecasts(runId: "${id}") { id } }`),
    attempt('ADMIN', 'cancels a procurement plan (SERVICE only)', `mutation { cancelProcurementPlan(id: "${id}") { id } }`),
    attempt('ADMIN', 'sends plan notifications (SERVICE only)', `mutation { sendPlanNotifications(runId: "${id}") { webhookUrl } }`),
    attempt('ADMIN', 'finishes a run (SERVICE only)', `mutation { finishOrchestrationRun(runId: "${id}", input: { status: COMPLETED }) { id } }`),
    attempt('SERVICE', 'changes planning settings (webhook)', 'mutation { updatePlanningSettings(input: { webhookUrl: "https://attacker.example/hook" }) { webhookUrl } }'),
    attempt('SERVICE', 'creates an ingredient', createIngredient),
    attempt('SERVICE', 'approves a plan', `mutation { approveProcurementPlan(id: "${id}") { id } }`),
  ];
}

/** A's settings, catalogue sizes and first ingredients' stock: what an escalated or bad write would change. */
export async function ownState(target: Target): Promise<string> {
  const answer = await target.gql(
    `{ planningSettings { timezone orchestrationCron horizonDays serviceLevel currency webhookUrl }
       ingredients(first: 3) { totalCount edges { node { name stock { onHand } } } }
       suppliers(first: 1) { totalCount } products(first: 1) { totalCount } recipes(first: 1) { totalCount }
       orchestrationRuns(first: 1) { totalCount } salesHistory(from: "2020-01-01", to: "2020-12-31") { quantity } }`,
    undefined,
    target.a.tokens.ADMIN,
  );
  return JSON.stringify(answer.json?.data ?? answer.text);
}
