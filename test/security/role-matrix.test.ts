import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { minimumRole, ROLE_MATRIX } from '../../gateway/role-matrix.ts';
import { hasRole, ROLES, type Role } from '../../platform/auth.ts';
import { graphql, isOutage, tokenFor, type GraphQLResponse } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { composedRootFields, insertPrivateBakeries, operationFor, type PrivateBakery } from './support.ts';

/**
 * Every root field of the composed supergraph × every role: FORBIDDEN exactly when the role is
 * below the field's declared minimum (gateway/role-matrix.ts), both through the gateway and
 * against the owning subgraph reached directly (so the subgraph enforces it, not the gateway).
 *
 * Arguments are valid-shaped (they pass GraphQL coercion) with unknown ids, so an allowed call
 * answers with data, null, NOT_FOUND or BAD_USER_INPUT; a role check placed after a lookup or
 * after validation would answer those to a forbidden role too, and fail here.
 */

const ROOT_FIELDS = composedRootFields();

let stack: TestStack;
let db: Db;
let bakery: PrivateBakery;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  ({ demo: bakery } = await insertPrivateBakeries(db, 'roles'));
  stack = await startTestStack(inject('databaseUrl'));
  for (const role of ROLES) tokens[role] = await tokenFor(bakery.tenantId, [role]);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

describe('the matrix covers the composed supergraph', () => {
  test('every root field has a declared minimum role', () => {
    const missing = ROOT_FIELDS.filter((root) => !minimumRole(root.rootType, root.name)).map((root) => `${root.rootType}.${root.name}`);
    expect(missing, 'add these fields to gateway/role-matrix.ts').toEqual([]);
  });

  test('every matrix entry is a root field of the supergraph (no stale entries)', () => {
    const present = new Set(ROOT_FIELDS.map((root) => `${root.rootType}.${root.name}`));
    const declared = Object.entries(ROLE_MATRIX).flatMap(([rootType, fields]) => Object.keys(fields).map((name) => `${rootType}.${name}`));
    expect(declared.filter((name) => !present.has(name))).toEqual([]);
  });
});

/** The one outcome that matters here: refused for the role, or let through to the resolver's own answer. */
function outcome(response: GraphQLResponse): 'FORBIDDEN' | 'ALLOWED' {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  return 'ALLOWED';
}

function expectNoFailure(response: GraphQLResponse, where: string) {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  // A 5xx only for an outage: without a job queue requestOrchestration answers SERVICE_UNAVAILABLE (503).
  expect(response.status, `${where}: ${JSON.stringify(response.errors)}`).toBeLessThan(isOutage(response) ? 504 : 500);
  expect(codes, `${where}: ${JSON.stringify(response.errors)}`).not.toContain('INTERNAL_SERVER_ERROR');
  expect(codes, where).not.toContain('UNAUTHENTICATED');
}

describe.each(ROOT_FIELDS.map((root) => [`${root.rootType}.${root.name}`, root] as const))('%s', (_name, root) => {
  test('each role is refused exactly when below the declared minimum, at the gateway and at the owning subgraph', async () => {
    const declared = minimumRole(root.rootType, root.name);
    expect(declared, `${root.rootType}.${root.name} is missing from gateway/role-matrix.ts`).toBeDefined();
    const observed: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const role of ROLES) {
      const allowed = hasRole({ userId: 'matrix', tenantId: bakery.tenantId, roles: [role] }, declared!);
      const { query, variables } = operationFor(root);
      for (const [where, url] of [
        ['gateway', stack.gatewayUrl],
        [root.subgraph, stack.subgraphs[root.subgraph].url],
      ] as const) {
        const response = await graphql(url, query, variables, tokens[role]);
        expectNoFailure(response, `${role} via ${where}`);
        observed[`${role} via ${where}`] = outcome(response);
        expected[`${role} via ${where}`] = allowed ? 'ALLOWED' : 'FORBIDDEN';
        if (outcome(response) === 'FORBIDDEN') expect(response.errors?.[0].message).toBe(`This operation requires the ${declared} role`);
      }
    }
    expect(observed).toEqual(expected);
  });
});
