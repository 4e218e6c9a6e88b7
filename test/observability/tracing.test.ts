import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startTracing, type Tracing } from '../../platform/tracing.ts';
import { graphql } from '../support/graphql.ts';
import { ownBakery, startObservedStack, type ObservedStack } from './support.ts';

/** A span as OTLP/HTTP JSON carries it. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const SERVER = 2;
const CLIENT = 3;

/** An OTLP/HTTP collector on 127.0.0.1 that keeps every span it is sent. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
  const spans: ExportedSpan[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (request.url === '/v1/traces') {
      const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
      for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

const attribute = (span: ExportedSpan, key: string) => span.attributes.find((candidate) => candidate.key === key)?.value.stringValue;

let collector: Awaited<ReturnType<typeof startCollector>>;
let tracing: Tracing;
let stack: ObservedStack;
let bakery: Awaited<ReturnType<typeof ownBakery>>;

beforeAll(async () => {
  expect(startTracing(undefined, 'levain')).toBeUndefined();
  collector = await startCollector();
  tracing = startTracing(collector.url, 'levain-test')!;
  stack = await startObservedStack(inject('databaseUrl'), { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  bakery = await ownBakery(inject('databaseUrl'), 'traces');
});
afterAll(async () => {
  await stack?.stop();
  await tracing?.shutdown();
  collector?.server.close();
});

describe('OpenTelemetry traces', () => {
  test('one trace runs from the gateway through each subgraph it fetched to their SQL statements', async () => {
    const response = await graphql(
      stack.gatewayUrl,
      'query ObservabilityTraced { ingredients(first: 3) { edges { node { name offers { unitPrice } } } } }',
      {},
      bakery.viewer,
    );
    expect(response.errors).toBeUndefined();
    await tracing.flush();

    const root = collector.spans.find((span) => span.name === 'gateway POST /graphql' && span.kind === SERVER && !span.parentSpanId);
    expect(root).toBeDefined();
    const trace = collector.spans.filter((span) => span.traceId === root!.traceId);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const ancestors = (span: ExportedSpan) => {
      const chain: string[] = [];
      for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) chain.push(parent.name);
      return chain;
    };

    // @apollo/gateway's own spans sit under the gateway's server span.
    const fetches = trace.filter((span) => span.name === 'gateway.fetch');
    expect(fetches.map((span) => attribute(span, 'service')).sort()).toEqual(['inventory', 'suppliers']);

    for (const subgraph of ['inventory', 'suppliers']) {
      const server = trace.find((span) => span.name === `${subgraph} POST /graphql`);
      expect(server, subgraph).toBeDefined();
      expect(server!.kind).toBe(SERVER);
      // Its parent is the gateway's fetch to that subgraph, carried by the traceparent header.
      const parent = byId.get(server!.parentSpanId!);
      expect(parent?.name).toBe('gateway.fetch');
      expect(attribute(parent!, 'service')).toBe(subgraph);
      expect(ancestors(server!).at(-1)).toBe('gateway POST /graphql');

      const statements = trace.filter((span) => span.name.startsWith('SQL ') && ancestors(span)[0] === `${subgraph} POST /graphql`);
      expect(statements.length, `${subgraph} SQL spans`).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.kind).toBe(CLIENT);
        expect(attribute(statement, 'db.system.name')).toBe('postgresql');
        // The statement's text with placeholders; never the values bound to it.
        expect(attribute(statement, 'db.query.text')).toMatch(/select/i);
        expect(attribute(statement, 'db.query.text')).not.toContain(bakery.tenantId);
      }
    }
  });
});
