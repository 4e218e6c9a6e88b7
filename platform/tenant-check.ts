import { createRequire } from 'node:module';
import type { ApolloServerPlugin } from '@apollo/server';
import type { TenantDirectory } from './tenant-directory.ts';

/**
 * graphql as @apollo/server loads it (CommonJS): an error thrown from an Apollo plugin keeps its
 * code and HTTP status only when it is an instance of Apollo's own GraphQLError (a test runner may
 * hand this file graphql's ESM build; gateway/graphql-runtime.ts says more).
 */
const { GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * Refuses a mutation whose token names a tenant that does not exist (issue 12, finding 9): a
 * subgraph reached directly with a validly signed token of a made-up tenant would otherwise write
 * rows no bakery owns. Reads need no check — they find nothing. The answer is remembered per
 * tenant (TENANT_CACHE_SECONDS), so a bakery's writes cost one lookup per period.
 */
export function tenantWritePlugin(tenants: TenantDirectory): ApolloServerPlugin<{ caller: { tenantId: string }; requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, request }) {
          if (operation?.operation !== 'mutation') return;
          const authorization = request.http?.headers.get('authorization') ?? '';
          const tenant = await tenants.find(contextValue.caller.tenantId, authorization, contextValue.requestId);
          if (!tenant) {
            throw new GraphQLError('The tenant of this token does not exist', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
        },
      };
    },
  };
}

/** The subgraph cannot tell whether the caller's tenant exists right now (planning down, nothing remembered). */
export function tenantCheckUnavailable(): Error {
  return new GraphQLError('Levain cannot check this token right now; try again shortly', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
  });
}
