import { signToken, type Role } from '../../platform/auth.ts';
import type { Db } from '../../db/client.ts';

/** The secret every in-process test service is started with. */
export const TEST_JWT_SECRET = 'levain-test-secret-0123456789abcdef-0123456789';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs one GraphQL operation (with any extra `headers`) and returns the HTTP status with the parsed body. */
export async function graphql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * True when the answer is an outage: errors, every one SERVICE_UNAVAILABLE (the gateway answers such a
 * request 503). Any other 5xx is a failure a test should report.
 */
export function isOutage(response: GraphQLResponse): boolean {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  return codes.length > 0 && codes.every((code) => code === 'SERVICE_UNAVAILABLE');
}

/** The id of a seeded tenant, by slug. */
export async function tenantId(db: Db, slug: string): Promise<string> {
  const row = await db('planning.tenants').where({ slug }).first('id');
  if (!row) throw new Error(`tenant ${slug} is not seeded`);
  return row.id as string;
}

/** A token for `tenantId` with `roles`, signed with {@link TEST_JWT_SECRET}. */
export function tokenFor(tenantId: string, roles: Role[] = ['ADMIN'], expiresIn: string | number = '1h'): Promise<string> {
  return signToken({ userId: `test-${roles.join('-').toLowerCase()}`, tenantId, roles }, TEST_JWT_SECRET, expiresIn);
}
