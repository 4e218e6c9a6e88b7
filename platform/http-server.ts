import { isAscii } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { isService, type Caller } from './auth.ts';
import type { Logger } from './logger.ts';
import { metricsRoute, type ServiceMetrics } from './metrics.ts';
import { runInScope } from './request-scope.ts';
import { traceServerRequest } from './tracing.ts';

/**
 * Extra plain-HTTP routes a service serves beside `/graphql`: exact path match, or every path
 * under a prefix for a key ending in `/*` (`'/dashboard/*'`).
 */
export type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export interface HttpServiceOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /**
   * Verifies the request's token (the gateway also counts the request against its rate limits),
   * before its body is read; throwing a GraphQLError refuses the request.
   */
  authenticate: (request: IncomingMessage) => Promise<Caller>;
  /** Largest accepted body in bytes. */
  maxBodyBytes: number;
  /** Largest body the pipeline's token (SERVICE) may send, in bytes: it records whole snapshots (default maxBodyBytes). */
  maxServiceBodyBytes?: number;
  /**
   * Builds the GraphQL context of one request from its caller and parsed body (an array for a
   * batch); throwing a GraphQLError refuses the request (see {@link sendRefusal}).
   */
  context: (request: IncomingMessage, requestId: string, caller: Caller, body: unknown) => Promise<TContext>;
  /** Whether the service's dependencies answer (`/health/ready`). */
  ready: () => Promise<boolean>;
  logger: Logger;
  routes?: Record<string, Route>;
  /** Served instead of GraphQL when a browser opens /graphql (a GET accepting text/html): the development IDE. */
  graphqlBrowserPage?: Route;
  /**
   * The service's metrics: served at `/metrics` (behind `metricsToken` when given), and the sink
   * of what each request measures (platform/request-scope.ts).
   */
  metrics?: ServiceMetrics;
  metricsToken?: string;
}

export interface HttpService {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, finishes in-flight requests, then stops Apollo. */
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Request body exceeds ${maxBytes} bytes`);
  }
}

/** How much of a body past the limit is read and thrown away, so that the client, still sending, gets the 413. */
const DISCARD_LIMIT_BYTES = 8 * 1_048_576;

/**
 * Reads the body as text, refusing it past `maxBytes`. A body past the limit — by its declared
 * length, else as it arrives — is not kept: the rest of it is read and thrown away (up to
 * {@link DISCARD_LIMIT_BYTES} more, then the connection is cut) so that the client, still sending,
 * receives the 413 instead of a broken pipe. A body within the limit is copied once, and an
 * all-ASCII body (every GraphQL document and nearly every JSON body) is decoded as Latin-1, which
 * is the same text for ASCII bytes at a fraction of UTF-8 decoding's cost (docs/ARCHITECTURE.md).
 */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  let tooLarge = Number(request.headers['content-length']) > maxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk as Buffer);
    else if (size > maxBytes + DISCARD_LIMIT_BYTES) break;
  }
  if (tooLarge) throw new BodyTooLargeError(maxBytes);
  const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  return isAscii(body) ? body.toString('latin1') : body.toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/** Sends a GraphQL-shaped error response with a code, as Apollo would. */
export function sendGraphQLError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * Answers a request refused before GraphQL runs (a bad token, a rate limit, too many batched
 * operations) with the error's message, code and other extensions, and the HTTP status and
 * headers (`Retry-After`) of its `extensions.http`.
 */
export function sendRefusal(response: ServerResponse, error: GraphQLError): void {
  const { http, code, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> | Record<string, string> }; code?: unknown };
  const body = { errors: [{ message: error.message, extensions: { ...extensions, code: String(code ?? 'BAD_REQUEST') } }] };
  const headers = http?.headers instanceof Map ? Object.fromEntries(http.headers) : (http?.headers ?? {});
  sendJson(response, Number(http?.status ?? 400), body, headers);
}

/** The id that ties together one request's log lines across the gateway and the subgraphs. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * Serves an Apollo Server over node:http at `/graphql`, with `/health/live`, `/health/ready`
 * and any extra `routes`. Starts Apollo, then listens on `host:port` (0 = an ephemeral port).
 */
export async function startHttpService<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
  port: number,
  host = '127.0.0.1',
): Promise<HttpService> {
  const { apollo, logger } = options;
  await apollo.start();
  const routes: Record<string, Route> = {
    '/health/live': (_request, response) => sendJson(response, 200, { status: 'ok' }),
    '/health/ready': async (_request, response) => {
      const ready = await options.ready();
      sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
    },
    ...(options.metrics ? { '/metrics': metricsRoute(options.metrics, options.metricsToken) } : {}),
    ...options.routes,
  };
  const service = options.metrics?.service ?? 'http';

  const handle = async (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = routes[url.pathname] ?? prefixRoute(routes, url.pathname);
      if (route) return await route(request, response);
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'Not found' });
      if (options.graphqlBrowserPage && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        return await options.graphqlBrowserPage(request, response);
      }
      await handleGraphQL(options, request, response, url, requestId);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // The rest of the body may be left unread (past the discard limit): the connection cannot
        // be trusted to carry another request, so it closes.
        response.setHeader('connection', 'close');
        return sendGraphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${error.maxBytes} bytes`);
      }
      logger.error({ err: error, requestId }, 'request failed');
      if (!response.headersSent) sendGraphQLError(response, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else response.end();
    }
  };
  // Each request runs in its own scope (request id, SQL count, metrics) and trace span.
  const server = createServer((request, response) => {
    const requestId = requestIdOf(request);
    response.setHeader('x-request-id', requestId);
    if (options.metrics) {
      const metrics = options.metrics;
      response.once('finish', () => metrics.observeHttpResponse(request.url, response.statusCode));
    }
    void runInScope({ service, requestId, sink: options.metrics }, () =>
      traceServerRequest(service, request, response, () => handle(request, response, requestId)),
    );
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://${host}:${address.port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

function prefixRoute(routes: Record<string, Route>, pathname: string): Route | undefined {
  for (const [key, route] of Object.entries(routes)) {
    if (key.endsWith('/*') && pathname.startsWith(key.slice(0, -1))) return route;
  }
  return undefined;
}

async function handleGraphQL<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let caller: Caller;
  try {
    caller = await options.authenticate(request);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return sendRefusal(response, error);
  }
  const rawBody = request.method === 'POST' ? await readBody(request, isService(caller) ? (options.maxServiceBodyBytes ?? options.maxBodyBytes) : options.maxBodyBytes) : '';
  let body: unknown = rawBody;
  if (rawBody && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
    }
  }
  let context: TContext;
  try {
    context = await options.context(request, requestId, caller, body);
  } catch (error) {
    // Refusals while building the context (too many operations, a rate limit) answer as
    // themselves, without the "Context creation failed" wrapper Apollo would add.
    if (!(error instanceof GraphQLError)) throw error;
    return sendRefusal(response, error); // with its status and headers (Retry-After)
  }
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
    context: async () => context,
  });
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}
