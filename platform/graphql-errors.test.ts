import { GraphQLError } from 'graphql';
import { errors } from 'undici';
import { describe, expect, test } from 'vitest';
import { maskInternalErrors } from './graphql-errors.ts';
import { createLogger } from './logger.ts';

const mask = maskInternalErrors(createLogger('test', 'silent'));

/** How @apollo/gateway and Apollo Server hand a failed fetch to formatError: wrapped, the cause as originalError. */
function formatted(cause: Error) {
  const error = new GraphQLError(cause.message, { originalError: cause, path: ['planningSettings'] });
  return mask({ message: error.message, path: error.path }, error);
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4004'), { code: 'ECONNREFUSED' });

describe('maskInternalErrors: a dependency that cannot be reached', () => {
  test.each([
    ['the socket closed under the request (UND_ERR_SOCKET)', new errors.SocketError('other side closed')],
    ['no response headers in time (UND_ERR_HEADERS_TIMEOUT)', new errors.HeadersTimeoutError()],
    ['the body stalled (UND_ERR_BODY_TIMEOUT)', new errors.BodyTimeoutError()],
    ['no connection in time (UND_ERR_CONNECT_TIMEOUT)', new errors.ConnectTimeoutError()],
    ['the client closed (UND_ERR_CLOSED)', new errors.ClientClosedError()],
    ['connection refused', refused],
    ['connection reset, as the cause of a fetch TypeError', new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })],
  ])('%s is SERVICE_UNAVAILABLE with a plain message', (_what, cause) => {
    const answer = formatted(cause);
    expect(answer.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(answer.message).toBe('A service Levain depends on is unavailable right now; try again shortly');
    expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|UND_ERR|ECONN|closed/);
  });

  test('a bug, or an undici error that is no outage (an aborted request), stays a masked INTERNAL_SERVER_ERROR', () => {
    expect(formatted(new TypeError("Cannot read properties of undefined (reading 'id')")).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted(new errors.RequestAbortedError()).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted(new errors.InvalidArgumentError('invalid method')).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
