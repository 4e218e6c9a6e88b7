import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startTracing, type Tracing } from '../../platform/tracing.ts';
import { graphql } from '../support/graphql.ts';
import { attribute, CLIENT, ownBakery, SERVER, startCollector, startObservedStack, type ExportedSpan, type ObservedStack } from './support.ts';

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
