import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../platform/logger.ts';

/**
 * Apollo plugin: the non-null violations @apollo/gateway finds while shaping a response become
 * the response's `errors`.
 *
 * When every subgraph answers without errors but a value the schema declares non-null is
 * missing — typically an entity its owner does not know, such as an offer naming a deleted
 * ingredient, for which inventory's `_entities` answers null — @apollo/gateway nulls the
 * nearest nullable parent as graphql-js would, but reports why only under
 * `extensions.valueCompletion`, never in `errors`. Since most of Levain's lists and fields are
 * non-null, the null often reaches the root: HTTP 200 `{"data":null}` with no error at all.
 * graphql-js and Apollo Router state the same violation as an error with its path; so does
 * Levain. The message is graphql-js's own ("Cannot return null for non-nullable field
 * Ingredient.name."), which names a schema field and nothing internal; the code is
 * INTERNAL_SERVER_ERROR, as for any fault the caller cannot fix.
 *
 * It runs after `formatError` (which would mask the message), so it must come before any
 * plugin that reads the final errors (requestMetricsPlugin).
 */
export function valueCompletionPlugin(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const { valueCompletion, ...extensions } = result.extensions ?? {};
          if (!Array.isArray(valueCompletion) || valueCompletion.length === 0) return;
          const errors = valueCompletion.map(asFormattedError);
          logger.warn({ errors }, 'non-null field without a value (a reference its owner does not resolve?)');
          result.errors = [...(result.errors ?? []), ...errors];
          result.extensions = Object.keys(extensions).length ? extensions : undefined;
        },
      };
    },
  };
}

function asFormattedError(error: unknown): GraphQLFormattedError {
  const { message, path } = error as { message?: unknown; path?: unknown };
  return {
    message: typeof message === 'string' ? message : 'A non-null field has no value',
    ...(Array.isArray(path) ? { path: path as (string | number)[] } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
