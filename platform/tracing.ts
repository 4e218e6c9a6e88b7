import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Knex } from 'knex';

/**
 * OpenTelemetry traces: gateway → subgraphs → SQL. Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is
 * set; while off, the functions below run against the API's no-op tracer and cost next to
 * nothing. The span tree of one request:
 *
 *   gateway POST /graphql (server)
 *     gateway.request › gateway.execute › gateway.fetch (spans of @apollo/gateway itself)
 *       inventory POST /graphql (server; parent carried by the `traceparent` header)
 *         SQL select (client; one per statement, the statement text without its bindings)
 */

const tracer = trace.getTracer('levain');

export interface Tracing {
  /** Exports the spans still buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Registers the process-wide tracer provider exporting over OTLP/HTTP (JSON) to
 * `<endpoint>/v1/traces`, the W3C trace-context propagator and an AsyncLocalStorage context
 * manager. Returns undefined, registering nothing, when `endpoint` is unset. Call once per
 * process, before the services start.
 * @param serviceName the resource's `service.name` (`levain` when one process runs everything)
 */
export function startTracing(endpoint: string | undefined, serviceName: string): Tracing | undefined {
  if (!endpoint) return undefined;
  const exporter = new OTLPTraceExporter({ url: new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString() });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function endWithError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `work` (the handling of one HTTP request) inside a server span named `<service>
 * <METHOD> <path>`, continuing the trace of an incoming `traceparent` header.
 */
export function traceServerRequest<T>(
  service: string,
  request: IncomingMessage,
  response: ServerResponse,
  work: () => Promise<T>,
): Promise<T> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const parent = propagation.extract(context.active(), request.headers);
  return tracer.startActiveSpan(
    `${service} ${request.method ?? 'GET'} ${path}`,
    { kind: SpanKind.SERVER, attributes: { 'levain.service': service, 'http.request.method': request.method ?? 'GET', 'url.path': path } },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        endWithError(span, error);
        throw error;
      } finally {
        span.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    },
  );
}

/**
 * Runs `work` inside an internal span named `name`: a child of the active span, or with `root`
 * the root of its own trace (one unit of background work, an orchestration job, whose gateway
 * calls join that trace).
 */
export function traceWork<T>(name: string, attributes: Record<string, string>, work: () => Promise<T>, options: { root?: boolean } = {}): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes, root: options.root ?? false }, async (span) => {
    try {
      return await work();
    } catch (error) {
      endWithError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the active span, if any (what became known mid-way: the run id). */
export function annotateActiveSpan(attributes: Record<string, string>): void {
  trace.getSpan(context.active())?.setAttributes(attributes);
}

/** Writes the active trace context (`traceparent`) into outgoing request headers. */
export function injectTraceContext(headers: { set(name: string, value: string): unknown }): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

interface KnexQueryEvent {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

const tracedPools = new WeakSet<Knex>();

/**
 * One client span per SQL statement of `db`, child of whatever span is active where the
 * statement was issued (a subgraph's request span). Carries the statement text with its
 * placeholders — never its bindings. Safe to call again for the same pool.
 */
export function traceQueries(db: Knex): void {
  if (tracedPools.has(db)) return;
  tracedPools.add(db);
  const open = new Map<string, Span>();
  db.on('query', (query: KnexQueryEvent) => {
    if (!query.__knexQueryUid || !trace.getSpan(context.active())) return;
    const operation = (query.method ?? query.sql?.split(/\s/, 1)[0] ?? 'query').toLowerCase();
    const span = tracer.startSpan(`SQL ${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': query.sql ?? '' },
    });
    open.set(query.__knexQueryUid, span);
  });
  const finish = (query: KnexQueryEvent, error?: unknown) => {
    const span = query.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span) return;
    open.delete(query.__knexQueryUid!);
    if (error) endWithError(span, error);
    span.end();
  };
  db.on('query-response', (_response: unknown, query: KnexQueryEvent) => finish(query));
  db.on('query-error', (error: unknown, query: KnexQueryEvent) => finish(query, error));
}
