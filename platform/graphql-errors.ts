import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.ts';

const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'PAYLOAD_TOO_LARGE',
  // Gateway refusals (gateway/limits.ts, gateway/admission.ts) and outages.
  'TOO_MANY_ROOT_FIELDS',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_LARGE',
  'TOO_MANY_DEFINITIONS',
  'TOO_MANY_VARIABLES',
  'TOO_MANY_OPERATIONS',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Apollo reports every failed validation rule as GRAPHQL_VALIDATION_FAILED; a limit rule's own
 * code (QUERY_TOO_DEEP, TOO_MANY_ALIASES…) says more, so it is kept.
 */
function refusalCode(error: unknown): string | undefined {
  // Duck-typed: graphql's CommonJS and ESM builds may both be loaded, defeating instanceof.
  const original = (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError;
  const code = original?.extensions?.code;
  return typeof code === 'string' && PUBLIC_CODES.has(code) ? code : undefined;
}

/**
 * Apollo marks a few refusals of the request itself with an HTTP 4xx status and no code (a
 * persisted query whose hash does not match its text): the caller's to fix, so BAD_REQUEST.
 */
function isClientRefusal(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** graphql-js stops coercing variables after 50 errors with this error, which Apollo leaves without a code. */
const VARIABLE_ERROR_LIMIT = 'Too many errors processing variables, error limit reached. Execution aborted.';

/**
 * Connection-level failures: of sockets (refused, reset, timed out, unreachable), of undici's
 * fetches to a subgraph or another service (the socket closed under a request, no headers or body
 * in time, a connect timeout), and of Postgres (down, restarting, unreachable).
 */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * True when Postgres refused a value (SQLSTATE class 22, "data exception": 22P02 bad text
 * representation, 22007/22008 bad or out-of-range date, 22021 a NUL byte in text…). A backstop:
 * input should be refused before it reaches SQL, but a value only Postgres refuses is still the
 * caller's mistake, not an internal error.
 */
function isDataException(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; cause && typeof cause === 'object' && depth < 6; depth++) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
    cause = (cause as { originalError?: unknown; cause?: unknown }).originalError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** True when `error` (or what caused it) is a dependency that cannot be reached, not a bug. */
function isDependencyOutage(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; cause && typeof cause === 'object' && depth < 6; depth++) {
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && /Connection terminated|terminating connection due to administrator command/.test(message)) return true;
    cause = (cause as { originalError?: unknown; cause?: unknown }).originalError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Apollo `formatError` for every service: errors with a public code pass unchanged; anything else
 * (a bug, a database error) is logged and becomes a bare INTERNAL_SERVER_ERROR, so no SQL,
 * stack or internal detail ever reaches a client.
 */
export function maskInternalErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const given = refusalCode(error) ?? formatted.extensions?.code;
    const code =
      typeof given === 'string' && PUBLIC_CODES.has(given)
        ? given
        : formatted.message === VARIABLE_ERROR_LIMIT
          ? 'BAD_USER_INPUT'
          : isClientRefusal(error)
            ? 'BAD_REQUEST'
            : given;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code } };
    }
    if (isDataException(error)) {
      logger.warn({ err: error, path: formatted.path }, 'value refused by the database');
      return {
        message: 'A value in the request is not acceptable (for example a NUL character, or a date that does not exist)',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (isDependencyOutage(error)) {
      logger.warn({ err: error, path: formatted.path }, 'dependency unavailable');
      return {
        message: 'A service Levain depends on is unavailable right now; try again shortly',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    logger.error({ err: error, path: formatted.path }, 'internal error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * Answers HTTP 503 when a whole request failed for an outage: no data, and every error
 * SERVICE_UNAVAILABLE (after {@link maskInternalErrors}). Apollo would send 200 (or 500), which
 * a client, a load balancer or the worker's breakers cannot tell from a bug. A partial answer keeps
 * its 200: some of it is usable.
 *
 * On the gateway only: @apollo/gateway reads a subgraph's non-2xx answer as a bare "503: Service
 * Unavailable" error without the subgraph's code, so subgraphs keep answering 200.
 */
export const outageStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data == null && errors?.length && errors.every((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')) response.http.status = 503;
      },
    };
  },
};
