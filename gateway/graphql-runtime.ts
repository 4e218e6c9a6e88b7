import { createRequire } from 'node:module';
import type { GraphQLError } from 'graphql';

/**
 * graphql exactly as @apollo/server and @apollo/gateway load it (its CommonJS build).
 *
 * Node resolves `import 'graphql'` to that same build, but a Vite-based runner (vitest) gives our
 * own source files graphql's ESM build: a second copy whose `instanceof` checks throw on the
 * gateway's schema ("from another module or realm") and whose GraphQLErrors Apollo does not
 * recognize (losing their HTTP status). Gateway code that touches the gateway's schema, or throws
 * from an Apollo plugin, takes graphql from here so it always shares Apollo's copy.
 */
export const graphqlRuntime = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** `error` re-created in Apollo's copy of graphql, same message and extensions (to throw from an Apollo plugin). */
export function apolloError(error: GraphQLError): GraphQLError {
  return new graphqlRuntime.GraphQLError(error.message, { extensions: error.extensions });
}
