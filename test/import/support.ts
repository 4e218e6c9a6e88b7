import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Db } from '../../db/client.ts';
import { createTenant } from '../../subgraphs/planning/repository/tenants.ts';
import { IMPORT_MUTATIONS, importOperation, type ImportKind } from '../../scripts/import-kinds.ts';
import { graphql, tokenFor } from '../support/graphql.ts';

export { IMPORT_KINDS, IMPORT_MUTATIONS, type ImportKind } from '../../scripts/import-kinds.ts';

/** An example file of docs/examples, as text. */
export function exampleFile(kind: ImportKind): string {
  return readFileSync(new URL(`../../docs/examples/${kind}.csv`, import.meta.url), 'utf8');
}

/** A new, empty bakery (Europe/Madrid) with an ADMIN, a PLANNER and a SERVICE token. */
export async function newBakery(db: Db, prefix = 'import') {
  const tenant = await createTenant(db, { slug: `${prefix}-${randomUUID().slice(0, 8)}`, name: 'Imported bakery', timezone: 'Europe/Madrid' });
  if (!tenant) throw new Error('tenant slug taken');
  return {
    tenantId: tenant.id,
    timezone: tenant.timezone,
    admin: await tokenFor(tenant.id, ['ADMIN']),
    planner: await tokenFor(tenant.id, ['PLANNER']),
    service: await tokenFor(tenant.id, ['SERVICE']),
  };
}

/** Sends one import of `kind` with `csv` as `token`; returns the raw response. */
export function sendImport(url: string, kind: ImportKind, csv: string, token: string) {
  return graphql(url, importOperation(kind), { input: { csv } }, token);
}

/** Imports `csv` expecting success; returns the ImportResult. */
export async function imported(url: string, kind: ImportKind, csv: string, token: string) {
  const response = await sendImport(url, kind, csv, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data[IMPORT_MUTATIONS[kind]] as { kind: string; rows: number; created: number; updated: number };
}

export interface Problem {
  line: number;
  column: string | null;
  message: string;
}

/** Imports `csv` expecting a refusal: one BAD_USER_INPUT error; returns its problems and message. */
export async function refusedImport(url: string, kind: ImportKind, csv: string, token: string) {
  const response = await sendImport(url, kind, csv, token);
  expect(response.errors, `expected a refusal, got ${JSON.stringify(response.data)}`).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions?.code, error.message).toBe('BAD_USER_INPUT');
  expect(response.data).toBeNull();
  return { message: error.message, problems: error.extensions?.problems as Problem[], problemCount: error.extensions?.problemCount as number };
}
