import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../db/client.ts';
import type { BakeryDescription } from '../../db/seeds/bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { graphql, tokenFor } from '../support/graphql.ts';

/**
 * The snapshot step as the worker takes it: ONE gateway query, answered by one fetch to each
 * of inventory, suppliers and recipes, whose result (connections unwrapped) is recordSnapshot's
 * input as it is.
 */
export const SNAPSHOT_QUERY = `query Snapshot {
  ingredients(first: 500) { edges { node { id name unit perishable shelfLifeDays lots { id quantity receivedOn expiresOn } } } }
  suppliers(first: 500) { edges { node {
    id name leadTimeDays reliability minimumOrderValue currency deliveryDays
    offers { id ingredient { id } unitPrice minimumOrderQuantity packSize leadTimeDays }
  } } }
  recipes(first: 500) { edges { node { id name yieldQuantity product { id name } ingredients { ingredient { id } quantity unit } } } }
  products(first: 500) { edges { node { id name } } }
}`;

type Connection<T> = { edges: { node: T }[] };

/** The snapshot query's answer with its connections unwrapped: a SnapshotInput. */
export function snapshotInput(data: Record<'ingredients' | 'suppliers' | 'recipes' | 'products', Connection<unknown>>) {
  const nodes = <T>(connection: Connection<T>) => connection.edges.map((edge) => edge.node);
  return {
    ingredients: nodes(data.ingredients),
    suppliers: nodes(data.suppliers),
    recipes: nodes(data.recipes),
    products: nodes(data.products),
  };
}

/** Sends one operation and fails the test on any error. */
export async function ok<T = any>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await graphql<T>(url, query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

/** Sends one operation expecting exactly one error; returns its code and message. */
export async function refused(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const response = await graphql(url, query, variables, token);
  expect(response.errors, `expected an error, got ${JSON.stringify(response.data)}`).toHaveLength(1);
  return { code: response.errors![0].extensions?.code, message: response.errors![0].message, data: response.data };
}

const PLANNING_TABLES = [
  'orchestration_runs',
  'run_steps',
  'snapshots',
  'forecast_sets',
  'forecasts',
  'production_schedules',
  'production_batches',
  'ingredient_requirements',
  'procurement_plans',
  'purchase_orders',
  'procurement_lines',
] as const;

/** Rows of each pipeline table that belong to `tenantId`. */
export async function pipelineRowCounts(db: Db, tenantId: string): Promise<Record<(typeof PLANNING_TABLES)[number], number>> {
  const counts = await Promise.all(
    PLANNING_TABLES.map(async (table) => {
      const [{ count }] = await db(`planning.${table}`).where('tenant_id', tenantId).count<{ count: number }[]>({ count: '*' });
      return [table, Number(count)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<(typeof PLANNING_TABLES)[number], number>;
}

export const START_RUN = `mutation ($input: StartOrchestrationRunInput!) {
  startOrchestrationRun(input: $input) { id planDate trigger status steps { name status attempts } snapshot { takenAt } }
}`;
export const RECORD_SNAPSHOT = `mutation ($runId: ID!, $snapshot: SnapshotInput!) {
  recordSnapshot(runId: $runId, snapshot: $snapshot) { id status startedAt snapshot { takenAt ingredients lots suppliers offers recipes products } }
}`;
export const GENERATE_FORECASTS = `mutation ($runId: ID!) {
  generateForecasts(runId: $runId) { id status forecasts { product { id } date quantity lower upper sigma method error } }
}`;
export const GENERATE_SCHEDULE = `mutation ($runId: ID!) {
  generateProductionSchedule(runId: $runId) {
    id planDate status horizonDays
    batches { date recipe { id } product { id } batches quantity forecastQuantity }
    ingredientRequirements { ingredient { id } unit totalQuantity demandSigma days { date quantity } }
  }
}`;
export const GENERATE_PLAN = `mutation ($runId: ID!) {
  generateProcurementPlan(runId: $runId) {
    id status totalCost
    purchaseOrders { id supplier { id } total lines { ingredient { id } quantity deliveryDate } }
  }
}`;

/** A tenant seeded from `description` under a slug of its own, with a token per role. */
export interface SeededBakery {
  tenantId: string;
  service: string;
  planner: string;
  viewer: string;
  admin: string;
}

export async function seedOwnBakery(db: Db, description: BakeryDescription, prefix: string): Promise<SeededBakery> {
  const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
  const { tenantId } = await insertBakery(db, { ...description, tenant: { ...description.tenant, slug } });
  return {
    tenantId,
    service: await tokenFor(tenantId, ['SERVICE']),
    planner: await tokenFor(tenantId, ['PLANNER']),
    viewer: await tokenFor(tenantId, ['VIEWER']),
    admin: await tokenFor(tenantId, ['ADMIN']),
  };
}

/**
 * One whole MANUAL run for `planDate` as the worker drives it, each step one gateway operation;
 * the snapshot is read through the same gateway. `planMutation` selects what the plan returns.
 */
export async function runPipelineThroughGateway(
  url: string,
  serviceToken: string,
  planDate: string,
  options: { idempotencyKey?: string; planMutation?: string } = {},
) {
  const { idempotencyKey = randomUUID(), planMutation = GENERATE_PLAN } = options;
  const { startOrchestrationRun: run } = await ok(url, START_RUN, { input: { planDate, trigger: 'MANUAL', idempotencyKey } }, serviceToken);
  const snapshot = snapshotInput(await ok(url, SNAPSHOT_QUERY, {}, serviceToken));
  const { recordSnapshot } = await ok(url, RECORD_SNAPSHOT, { runId: run.id, snapshot }, serviceToken);
  const { generateForecasts } = await ok(url, GENERATE_FORECASTS, { runId: run.id }, serviceToken);
  const { generateProductionSchedule: schedule } = await ok(url, GENERATE_SCHEDULE, { runId: run.id }, serviceToken);
  const { generateProcurementPlan: plan } = await ok(url, planMutation, { runId: run.id }, serviceToken);
  return { run, snapshot, recorded: recordSnapshot, forecasted: generateForecasts, schedule, plan };
}
