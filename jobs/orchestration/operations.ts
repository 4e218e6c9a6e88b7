import { MAX_SERVICE_PAGE_SIZE } from '../../platform/pagination.ts';

/**
 * Every GraphQL operation the worker sends. Apart from the snapshot, each selects only fields
 * the planning subgraph owns (ids, statuses, numbers), so after the snapshot the gateway never
 * calls inventory, suppliers or recipes for a run.
 */

/**
 * The snapshot's page: the largest the subgraphs serve the pipeline's token
 * (platform/pagination.ts), so a bakery of up to 5,000 of each kind takes one page of each.
 */
export const SNAPSHOT_PAGE_SIZE = MAX_SERVICE_PAGE_SIZE;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const INGREDIENT_FIELDS = 'id name unit perishable shelfLifeDays lots { id quantity receivedOn expiresOn }';
const SUPPLIER_FIELDS = `id name leadTimeDays reliability minimumOrderValue currency deliveryDays
  offers { id ingredient { id } unitPrice minimumOrderQuantity packSize leadTimeDays }`;
const RECIPE_FIELDS = 'id name yieldQuantity product { id name } ingredients { ingredient { id } quantity unit }';
const PRODUCT_FIELDS = 'id name';

/**
 * The snapshot: one query, which the gateway answers with one fetch to each of inventory,
 * suppliers and recipes, in parallel (recipes and products come from the same subgraph).
 */
export const SNAPSHOT = `query OrchestrationSnapshot {
  ingredients(first: ${SNAPSHOT_PAGE_SIZE}) { ${PAGE_INFO} edges { node { ${INGREDIENT_FIELDS} } } }
  suppliers(first: ${SNAPSHOT_PAGE_SIZE}) { ${PAGE_INFO} edges { node { ${SUPPLIER_FIELDS} } } }
  recipes(first: ${SNAPSHOT_PAGE_SIZE}) { ${PAGE_INFO} edges { node { ${RECIPE_FIELDS} } } }
  products(first: ${SNAPSHOT_PAGE_SIZE}) { ${PAGE_INFO} edges { node { ${PRODUCT_FIELDS} } } }
}`;

export type SnapshotList = 'ingredients' | 'suppliers' | 'recipes' | 'products';

/** A later page of one list, only for bakeries with more than 5,000 of something. */
export const SNAPSHOT_PAGE: Record<SnapshotList, string> = {
  ingredients: `query SnapshotIngredients($after: String) { ingredients(first: ${SNAPSHOT_PAGE_SIZE}, after: $after) { ${PAGE_INFO} edges { node { ${INGREDIENT_FIELDS} } } } }`,
  suppliers: `query SnapshotSuppliers($after: String) { suppliers(first: ${SNAPSHOT_PAGE_SIZE}, after: $after) { ${PAGE_INFO} edges { node { ${SUPPLIER_FIELDS} } } } }`,
  recipes: `query SnapshotRecipes($after: String) { recipes(first: ${SNAPSHOT_PAGE_SIZE}, after: $after) { ${PAGE_INFO} edges { node { ${RECIPE_FIELDS} } } } }`,
  products: `query SnapshotProducts($after: String) { products(first: ${SNAPSHOT_PAGE_SIZE}, after: $after) { ${PAGE_INFO} edges { node { ${PRODUCT_FIELDS} } } } }`,
};

const RUN_STATE = `id planDate trigger status error failedStep durationMs
  steps { name status attempts error durationMs }
  snapshot { takenAt }
  productionSchedule { id status }
  procurementPlan { id status }`;

export const RUN = `query OrchestrationRunState($id: ID!) { orchestrationRun(id: $id) { ${RUN_STATE} } }`;

/*
 * The stage mutations each record their own step and answer with the run's state, so a run costs
 * one call per stage (issue 15): start, snapshot, recordSnapshot, three generates, notifications
 * and finish — 8 gateway calls.
 */

export const START_RUN = `mutation StartOrchestrationRun($input: StartOrchestrationRunInput!) {
  startOrchestrationRun(input: $input) { ${RUN_STATE} }
}`;

export const RECORD_STEP = `mutation RecordRunStep($runId: ID!, $input: RecordRunStepInput!) {
  recordRunStep(runId: $runId, input: $input) { id status steps { name status attempts } }
}`;

export const FINISH_RUN = `mutation FinishOrchestrationRun($runId: ID!, $input: FinishOrchestrationRunInput!) {
  finishOrchestrationRun(runId: $runId, input: $input) { ${RUN_STATE} }
}`;

export const RECORD_SNAPSHOT = `mutation RecordSnapshot($runId: ID!, $snapshot: SnapshotInput!, $attempt: Int) {
  recordSnapshot(runId: $runId, snapshot: $snapshot, attempt: $attempt) { ${RUN_STATE} }
}`;

export const GENERATE_FORECASTS = `mutation GenerateForecasts($runId: ID!, $attempt: Int) {
  generateForecasts(runId: $runId, attempt: $attempt) { ${RUN_STATE} }
}`;

export const GENERATE_SCHEDULE = `mutation GenerateProductionSchedule($runId: ID!, $attempt: Int) {
  generateProductionSchedule(runId: $runId, attempt: $attempt) { run { ${RUN_STATE} } }
}`;

export const GENERATE_PLAN = `mutation GenerateProcurementPlan($runId: ID!, $attempt: Int) {
  generateProcurementPlan(runId: $runId, attempt: $attempt) { run { ${RUN_STATE} } }
}`;

export const SEND_NOTIFICATIONS = `mutation SendPlanNotifications($runId: ID!, $attempt: Int) {
  sendPlanNotifications(runId: $runId, attempt: $attempt) {
    webhookUrl
    notifications { id kind severity title message createdAt }
    run {
      ${RUN_STATE}
      procurementPlan { id status totalCost currency purchaseOrders { id total } lines { urgent } warnings { code message } }
    }
  }
}`;

export const CANCEL_SCHEDULE = `mutation CancelProductionSchedule($id: ID!) { cancelProductionSchedule(id: $id) { id status } }`;

export const CANCEL_PLAN = `mutation CancelProcurementPlan($id: ID!) { cancelProcurementPlan(id: $id) { id status } }`;

export type StepName = 'snapshot' | 'forecast' | 'production' | 'procurement' | 'notify';
export type StepStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'COMPENSATED' | 'SKIPPED';
export type RunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'COMPENSATED';

/** What the worker knows of a run (the RUN_STATE selection). */
export interface RunState {
  id: string;
  planDate: string;
  trigger: 'SCHEDULED' | 'MANUAL' | 'EVENT';
  status: RunStatus;
  error: string | null;
  failedStep: StepName | null;
  /** finishedAt − startedAt, once the run has both (for the worker's metrics). */
  durationMs?: number | null;
  steps: { name: StepName; status: StepStatus; attempts: number; error: string | null; durationMs?: number | null }[];
  snapshot: { takenAt: string } | null;
  productionSchedule: { id: string; status: 'DRAFT' | 'CANCELLED' | 'SUPERSEDED' } | null;
  procurementPlan: { id: string; status: 'DRAFT' | 'APPROVED' | 'CANCELLED' | 'SUPERSEDED' } | null;
}
