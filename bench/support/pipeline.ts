/**
 * The orchestration saga's happy path as plain gateway calls, for fixtures: the gateway
 * benchmark needs procurement plans to query. (The orchestration benchmark runs the real
 * worker instead.) Every call goes through the gateway with a SERVICE token, as the worker's do.
 */

/** POSTs one operation; throws on HTTP or GraphQL errors. */
export async function gatewayCall<T>(url: string, authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (body.errors?.length) {
    throw new Error(`HTTP ${response.status}: ${body.errors.map((error) => `${error.extensions?.code ?? ''} ${error.message}`).join('; ')}`);
  }
  return body.data as T;
}

const PAGE = 'pageInfo { hasNextPage endCursor }';
const LISTS = {
  ingredients: 'id name unit perishable shelfLifeDays lots { id quantity receivedOn expiresOn }',
  suppliers: 'id name leadTimeDays reliability minimumOrderValue currency deliveryDays offers { id ingredient { id } unitPrice minimumOrderQuantity packSize leadTimeDays }',
  recipes: 'id name yieldQuantity product { id name } ingredients { ingredient { id } quantity unit }',
  products: 'id name',
} as const;
type List = keyof typeof LISTS;
type Connection = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Record<string, unknown> }[] };

/**
 * Runs one MANUAL orchestration run for the token's tenant and plan date: start, snapshot,
 * forecast, production, procurement. Returns the procurement plan's id and line count.
 */
export async function runPipelineDirectly(
  url: string,
  serviceAuthorization: string,
  planDate: string,
  idempotencyKey: string,
): Promise<{ planId: string; lines: number }> {
  const call = <T>(query: string, variables?: Record<string, unknown>) => gatewayCall<T>(url, serviceAuthorization, query, variables);
  const { startOrchestrationRun: run } = await call<{ startOrchestrationRun: { id: string } }>(
    `mutation($input: StartOrchestrationRunInput!) { startOrchestrationRun(input: $input) { id } }`,
    { input: { planDate, trigger: 'MANUAL', idempotencyKey } },
  );
  const snapshot: Record<List, Record<string, unknown>[]> = { ingredients: [], suppliers: [], recipes: [], products: [] };
  for (const list of Object.keys(LISTS) as List[]) {
    let after: string | null = null;
    do {
      const page: Record<List, Connection> = await call<Record<List, Connection>>(
        `query($after: String) { ${list}(first: 500, after: $after) { ${PAGE} edges { node { ${LISTS[list]} } } } }`,
        { after },
      );
      snapshot[list].push(...page[list].edges.map((edge) => edge.node));
      after = page[list].pageInfo.hasNextPage ? page[list].pageInfo.endCursor : null;
    } while (after);
  }
  await call(`mutation($runId: ID!, $snapshot: SnapshotInput!) { recordSnapshot(runId: $runId, snapshot: $snapshot) { id } }`, {
    runId: run.id,
    snapshot: { takenAt: new Date().toISOString(), ...snapshot },
  });
  await call(`mutation($runId: ID!) { generateForecasts(runId: $runId) { id } }`, { runId: run.id });
  await call(`mutation($runId: ID!) { generateProductionSchedule(runId: $runId) { id } }`, { runId: run.id });
  const { generateProcurementPlan: plan } = await call<{ generateProcurementPlan: { id: string; lines: unknown[] } }>(
    `mutation($runId: ID!) { generateProcurementPlan(runId: $runId) { id lines { urgent } } }`,
    { runId: run.id },
  );
  return { planId: plan.id, lines: plan.lines.length };
}
