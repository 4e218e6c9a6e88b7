import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, type Dispatcher } from 'undici';

/**
 * How the gateway talks HTTP to its subgraphs.
 *
 * @apollo/gateway's default fetcher is make-fetch-happen: an HTTP cache layer, retries, and an
 * agent that builds an `Error` on every request to read its own call stack (to tell http from
 * https). In Levain's benchmark that was about a fifth of the gateway's CPU per request. This
 * fetcher is undici's `request` on one keep-alive Agent shared by every subgraph: pooled
 * connections per origin, no cache (subgraph answers depend on the caller's token), no retries
 * (a failed fetch is an error in the response, as before). BENCHMARKS.md has the measurement.
 *
 * In-flight deduplication: while a query with the same URL, headers and body is already on its
 * way to a subgraph, a second one waits for that answer instead of being sent (each caller still
 * parses its own copy). Only queries with an Authorization header; mutations always go out. The request
 * id and trace headers are left out of the comparison, so a deduplicated fetch shows up in the
 * subgraph's logs under the first request's id. The trade-off, as in Apollo Router's and Hive's
 * deduplication: a query that joins one already in flight gets the answer read when that one
 * was sent, so a caller who writes and at once re-reads while the same read of theirs is still
 * in flight may see the value from before the write (GatewayTuning.deduplicate turns it off).
 */

export interface SubgraphFetcherOptions {
  /** Most open connections to one subgraph origin (default 128; beyond that, requests queue). */
  connectionsPerSubgraph?: number;
  /** How long an idle connection stays open, in ms (default 30000; the subgraphs keep theirs 65 s). */
  keepAliveTimeoutMs?: number;
  /** Longest wait for a subgraph's response headers, and between body chunks, in ms (default 60000). */
  timeoutMs?: number;
  /** Share one answer between identical queries in flight at once (default true). */
  deduplicateInflight?: boolean;
}

export interface SubgraphFetcher {
  fetcher: Fetcher;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 413: 'Payload Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/**
 * A response whose body has been read whole: `text()`/`json()` may be called once, as with
 * fetch. Its `headers` are built on first use (the plan route never reads them).
 */
class BufferedResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText: string;
  private builtHeaders: FetcherHeaders | undefined;

  constructor(
    readonly url: string,
    readonly status: number,
    private readonly rawHeaders: Dispatcher.ResponseData['headers'],
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_TEXT[status] ?? '';
  }

  get headers(): FetcherHeaders {
    this.builtHeaders ??= headersOf(this.rawHeaders);
    return this.builtHeaders;
  }

  private consume(): string {
    if (this.bodyUsed) throw new TypeError('Body has already been consumed');
    this.bodyUsed = true;
    return this.body;
  }

  async text(): Promise<string> {
    return this.consume();
  }

  async json(): Promise<any> {
    return JSON.parse(this.consume());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.consume());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    if (this.bodyUsed) throw new TypeError('Cannot clone a response whose body was consumed');
    return new BufferedResponse(this.url, this.status, this.rawHeaders, this.body);
  }
}

function headersOf(raw: Dispatcher.ResponseData['headers']): FetcherHeaders {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers as unknown as FetcherHeaders;
}

interface Answer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: string;
}

/** Headers that differ per request without changing the answer: left out of the in-flight key. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate']);

/**
 * What makes two subgraph requests the same, or undefined for one never shared: not a query, or
 * without an Authorization header (fails closed: a caller is never matched on a missing token).
 * Every other header counts (names in any case), so two callers differing in anything the
 * subgraph may read (the bakery's time zone, say) never share an answer.
 */
function inflightKey(url: string, init: FetcherRequestInit): string | undefined {
  const body = init.body;
  if (init.method !== 'POST' || typeof body !== 'string') return undefined;
  // RemoteGraphQLDataSource writes `{"query":"<operation>",...}`; its subgraph operations start
  // with their kind (`query Dashboard__inventory__0…`) or are an anonymous `{…}` query.
  if (!body.startsWith('{"query":"query') && !body.startsWith('{"query":"{')) return undefined;
  const headers = Object.entries(init.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), String(value)] as const)
    .filter(([name]) => !PER_REQUEST_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!headers.some(([name, value]) => name === 'authorization' && value !== '')) return undefined;
  // Neither a URL nor a header holds a line break (HTTP forbids them): a blank line ends the
  // headers, and the body follows as it is (a 500-id body is not escaped again for the key).
  return `${url}\n${headers.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${body}`;
}

/** A keep-alive undici fetcher for `RemoteGraphQLDataSource({ fetcher })`. */
export function createSubgraphFetcher(options: SubgraphFetcherOptions = {}): SubgraphFetcher {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const agent = new Agent({
    connections: options.connectionsPerSubgraph ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      targets.set(url, target);
    }
    return target;
  };
  const send = async (url: string, init: FetcherRequestInit): Promise<Answer> => {
    const { origin, path } = targetOf(url);
    const response = await agent.request({
      origin,
      path,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  };
  const deduplicate = options.deduplicateInflight ?? true;
  const inflight = new Map<string, Promise<Answer>>();
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    const key = deduplicate ? inflightKey(url, init) : undefined;
    let answer: Promise<Answer> | undefined = key === undefined ? undefined : inflight.get(key);
    if (!answer) {
      answer = send(url, init);
      if (key !== undefined) {
        inflight.set(key, answer);
        const forget = () => inflight.delete(key);
        answer.then(forget, forget);
      }
    }
    const { status, headers, body } = await answer;
    return new BufferedResponse(url, status, headers, body);
  };
  return { fetcher, close: () => agent.close() };
}
