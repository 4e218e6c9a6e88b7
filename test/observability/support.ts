import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { startGateway } from '../../gateway/server.ts';
import { loadConfig, type SubgraphName } from '../../platform/config.ts';
import type { HttpService } from '../../platform/http-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { startSubgraph } from '../../subgraphs/subgraph-server.ts';
import { ALL_SUBGRAPHS } from '../../subgraphs/all.ts';
import { TEST_JWT_SECRET, tokenFor } from '../support/graphql.ts';

/** One parsed pino line. */
export interface LogLine {
  service: string;
  msg: string;
  requestId?: string;
  runId?: string;
  [field: string]: unknown;
}

/** A pino destination that keeps every line it receives, parsed. */
export function captureLogs(): { stream: Writable; lines: LogLine[]; raw: string[] } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  let pending = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (!line.trim()) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { stream, lines, raw };
}

export interface ObservedStack {
  gatewayUrl: string;
  /** Base URL (`http://127.0.0.1:port`) of each service. */
  baseUrls: Record<'gateway' | SubgraphName, string>;
  /** Every log line of the gateway and the subgraphs, at level debug and above (request lines are debug). */
  logs: LogLine[];
  stop(): Promise<void>;
}

/**
 * The four subgraphs and the gateway in this process, as `startTestStack` starts them, but
 * logging at `info` into one captured stream, and with `env` (METRICS_TOKEN…) applied.
 */
export async function startObservedStack(databaseUrl: string, env: Record<string, string> = {}): Promise<ObservedStack> {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...env }, { exitOnError: false });
  const { stream, lines } = captureLogs();
  const services: HttpService[] = [];
  const pools: Db[] = [];
  const urls = {} as Record<SubgraphName, string>;
  const baseUrls = {} as ObservedStack['baseUrls'];
  for (const definition of ALL_SUBGRAPHS) {
    const db = createDb(databaseUrl, 3);
    pools.push(db);
    const service = await startSubgraph(
      definition,
      {
        db,
        jwtSecret: TEST_JWT_SECRET,
        logger: createLogger(definition.name, 'debug', stream),
        maxBodyBytes: config.MAX_BODY_BYTES,
        metricsToken: config.METRICS_TOKEN,
      },
      0,
    );
    services.push(service);
    urls[definition.name] = service.url;
    baseUrls[definition.name] = `http://127.0.0.1:${service.port}`;
  }
  const gateway = await startGateway({ config, subgraphUrls: urls, logger: createLogger('gateway', 'debug', stream) }, 0);
  baseUrls.gateway = `http://127.0.0.1:${gateway.port}`;
  return {
    gatewayUrl: gateway.url,
    baseUrls,
    logs: lines,
    async stop() {
      await gateway.stop();
      for (const service of services) await service.stop();
      for (const db of pools) await db.destroy();
    },
  };
}

/** A copy of the demo bakery under a fresh slug, so this file's runs and counts are its own. */
export async function ownBakery(databaseUrl: string, prefix: string) {
  const db = createDb(databaseUrl, 1);
  try {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const { tenantId } = await insertBakery(db, { ...DEMO_BAKERY, tenant: { ...DEMO_BAKERY.tenant, slug } });
    return {
      tenantId,
      slug,
      viewer: await tokenFor(tenantId, ['VIEWER']),
      planner: await tokenFor(tenantId, ['PLANNER']),
      service: await tokenFor(tenantId, ['SERVICE']),
    };
  } finally {
    await db.destroy();
  }
}

/** One sample of Prometheus text: a metric name, its labels and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text exposition format (the lines that are samples). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels` (0 when none). */
export function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** GETs `/metrics` of a service and parses it. */
export async function scrape(baseUrl: string, token?: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`${baseUrl}/metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** A span as OTLP/HTTP JSON carries it. */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

export const SERVER = 2;
export const CLIENT = 3;
export const INTERNAL = 1;

/** An OTLP/HTTP collector on 127.0.0.1 that keeps every span it is sent. */
export async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
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

export const attribute = (span: ExportedSpan, key: string) => span.attributes.find((candidate) => candidate.key === key)?.value.stringValue;
