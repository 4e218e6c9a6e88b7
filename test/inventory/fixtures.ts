import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Db } from '../../db/client.ts';
import type { Role } from '../../platform/auth.ts';
import { inventorySubgraph } from '../../subgraphs/inventory/server.ts';
import { graphql, tenantId, tokenFor, type GraphQLResponse } from '../support/graphql.ts';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph.ts';

/** A running inventory subgraph with the two seeded tenants and a token helper. */
export interface InventoryHarness {
  sub: TestSubgraph;
  demo: string;
  rival: string;
  /** Sends `query` as `roles` of `tenant` (default demo ADMIN). */
  as(roles: Role[], query: string, variables?: Record<string, unknown>, tenant?: string): Promise<GraphQLResponse>;
}

export async function startInventory(): Promise<InventoryHarness> {
  const sub = await startTestSubgraph(inventorySubgraph, inject('databaseUrl'));
  const demo = await tenantId(sub.db, 'demo');
  const rival = await tenantId(sub.db, 'rival');
  return {
    sub,
    demo,
    rival,
    async as(roles, query, variables = {}, tenant = demo) {
      return graphql(sub.url, query, variables, await tokenFor(tenant, roles));
    },
  };
}

/** A random tag that keeps one test's SKUs and names apart from every other test's. */
export function uniqueTag(): string {
  return randomBytes(5).toString('hex');
}

export interface IngredientFixture {
  sku: string;
  name: string;
  category?: string;
  unit?: string;
  perishable?: boolean;
  shelfLifeDays?: number | null;
  reorderPoint?: number;
}

/**
 * Inserts ingredients straight into the table (fast, for the batch tests) and returns their ids
 * in the order given. Goes around the API on purpose: these rows are only read back.
 */
export async function insertIngredients(db: Db, tenant: string, ingredients: IngredientFixture[]): Promise<string[]> {
  const rows: { id: string }[] = await db('inventory.ingredients')
    .insert(
      ingredients.map((ingredient) => ({
        tenant_id: tenant,
        sku: ingredient.sku,
        name: ingredient.name,
        category: ingredient.category ?? 'test',
        unit: ingredient.unit ?? 'KG',
        perishable: ingredient.perishable ?? false,
        shelf_life_days: ingredient.shelfLifeDays ?? null,
        reorder_point: ingredient.reorderPoint ?? 0,
      })),
    )
    .returning('id');
  return rows.map((row) => row.id);
}

/** `count` ingredients named `<tag> 0000`, `<tag> 0001`, … (sorted by name in insertion order). */
export function manyIngredients(tag: string, count: number): IngredientFixture[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index).padStart(4, '0');
    return { sku: `${tag}-${number}`, name: `${tag} ${number}` };
  });
}

export const CREATE_INGREDIENT = /* GraphQL */ `
  mutation Create($input: CreateIngredientInput!) {
    createIngredient(input: $input) { id sku name category unit perishable shelfLifeDays reorderPoint }
  }
`;

export const RECORD_MOVEMENT = /* GraphQL */ `
  mutation Record($input: RecordStockMovementInput!) {
    recordStockMovement(input: $input) {
      movement { id kind quantity change expiresOn note recordedBy ingredientId }
      stock { onHand belowReorderPoint }
      crossedReorderPoint
    }
  }
`;

/** Creates one ingredient through the API as a demo ADMIN and returns its id. */
export async function createIngredient(harness: InventoryHarness, input: Record<string, unknown>, tenant?: string): Promise<string> {
  const response = await harness.as(['ADMIN'], CREATE_INGREDIENT, { input }, tenant);
  if (response.errors) throw new Error(`createIngredient failed: ${JSON.stringify(response.errors)}`);
  return response.data.createIngredient.id as string;
}

/** Records one movement as a demo PLANNER, failing the test on any error. */
export async function recordMovement(harness: InventoryHarness, input: Record<string, unknown>) {
  const response = await harness.as(['PLANNER'], RECORD_MOVEMENT, { input });
  if (response.errors) throw new Error(`recordStockMovement failed: ${JSON.stringify(response.errors)}`);
  return response.data.recordStockMovement as {
    movement: { id: string; kind: string; quantity: number; change: number; expiresOn: string | null; note: string | null; recordedBy: string };
    stock: { onHand: number; belowReorderPoint: boolean };
    crossedReorderPoint: boolean;
  };
}

/** Every lot and movement row of an ingredient, in a stable order, for before/after comparisons. */
export async function stockRows(db: Db, ingredientId: string) {
  const lots = await db('inventory.stock_lots').where('ingredient_id', ingredientId).orderBy('id');
  const movements = await db('inventory.stock_movements').where('ingredient_id', ingredientId).orderBy('id');
  return { lots, movements };
}
