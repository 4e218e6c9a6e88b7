import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { startWorkerHttp, type WorkerHttp } from '../../jobs/http.ts';
import { startOrchestrationWorker, type OrchestrationWorker } from '../../jobs/worker.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startTracing, type Tracing } from '../../platform/tracing.ts';
import { graphql } from '../support/graphql.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, waitFor, type JobsStack } from '../jobs/support.ts';
import { attribute, captureLogs, INTERNAL, scrape, SERVER, startCollector, total, type ExportedSpan, type Sample } from './support.ts';

/**
 * One orchestration run on the real worker, read back from /metrics — the worker's figures (run
 * duration, steps, gateway calls) and the gateway's (the snapshot's three fetches) — from the
 * worker's log lines, and from its trace (tracing on, to a collector on 127.0.0.1).
 */

let stack: JobsStack;
let db: Db;
let worker: OrchestrationWorker;
let workerHttp: WorkerHttp;
let gatewayBase: string;
let workerBase: string;
const workerLogs = captureLogs();
let collector: Awaited<ReturnType<typeof startCollector>>;
let tracing: Tracing;
const METRICS_TOKEN = 'worker-metrics-token-for-tests';

beforeAll(async () => {
  collector = await startCollector();
  tracing = startTracing(collector.url, 'levain-test')!;
  db = createDb(inject('databaseUrl'), 1);
  const env = jobsEnv('redis');
  stack = await startJobsStack(inject('databaseUrl'), env);
  gatewayBase = stack.gatewayUrl.replace(/\/graphql$/, '');
  worker = await startOrchestrationWorker({
    config: loadConfig({ ...env, GATEWAY_URL: stack.gatewayUrl }, { exitOnError: false }),
    databaseUrl: inject('databaseUrl'),
    logger: createLogger('worker', 'info', workerLogs.stream),
  });
  // The worker process's own HTTP face (jobs/index.ts serves the same).
  workerHttp = await startWorkerHttp({ ready: worker.ready, registry: worker.metrics.registry, metricsToken: METRICS_TOKEN }, 0);
  workerBase = `http://127.0.0.1:${workerHttp.port}`;
});
afterAll(async () => {
  await worker?.stop();
  await workerHttp?.stop();
  await stack?.stop();
  await db?.destroy();
  await tracing?.shutdown();
  collector?.server.close();
});

describe('a run, as /metrics, the logs and its trace tell it', () => {
  let run: any;
  let workerSamples: Sample[];
  let gatewaySamples: Sample[];

  beforeAll(async () => {
    const bakery = await ownBakery(db, 'run-metrics');
    const requested = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner);
    expect(requested.errors).toBeUndefined();
    const runId = requested.data.requestOrchestration.id;
    run = await waitFor(() => readRun(stack.gatewayUrl, bakery.viewer, runId), (state) => FINAL_STATUSES.includes(state.status), 30_000, 'the run to finish');
    expect(run.status).toBe('COMPLETED');
    // The worker records the run once finishOrchestrationRun has answered it: wait for that.
    workerSamples = await waitFor(
      () => scrape(workerBase, METRICS_TOKEN),
      (samples) => total(samples, 'levain_orchestration_run_duration_seconds_count') === 1,
      10_000,
      'the worker to record the run',
    );
    gatewaySamples = await scrape(gatewayBase);
  });

  test("the worker's /metrics answers only the metrics token", async () => {
    expect((await fetch(`${workerBase}/metrics`)).status).toBe(401);
    expect((await fetch(`${workerBase}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });

  test("the worker's /metrics has the run's duration, as the API reports it, and each step's", () => {
    expect(total(workerSamples, 'levain_orchestration_run_duration_seconds_count', { trigger: 'MANUAL', outcome: 'COMPLETED' })).toBe(1);
    expect(total(workerSamples, 'levain_orchestration_run_duration_seconds_sum', { trigger: 'MANUAL', outcome: 'COMPLETED' })).toBeCloseTo(
      run.durationMs / 1000,
      6,
    );
    for (const step of run.steps) {
      expect(total(workerSamples, 'levain_orchestration_step_duration_seconds_count', { step: step.name, outcome: 'COMPLETED' }), step.name).toBe(1);
      expect(total(workerSamples, 'levain_orchestration_step_duration_seconds_sum', { step: step.name, outcome: 'COMPLETED' }), step.name).toBeCloseTo(
        step.durationMs / 1000,
        6,
      );
      expect(total(workerSamples, 'levain_orchestration_step_attempts_sum', { step: step.name }), step.name).toBe(1);
    }
  });

  test('the worker counts its gateway calls: one snapshot query, and all of them on the run', () => {
    expect(total(workerSamples, 'levain_orchestration_gateway_calls_total', { operation: 'OrchestrationSnapshot', outcome: 'ok' })).toBe(1);
    const calls = total(workerSamples, 'levain_orchestration_gateway_calls_total');
    expect(total(workerSamples, 'levain_orchestration_gateway_calls_total', { outcome: 'failed' })).toBe(0);
    // start, snapshot, record, forecasts, schedule, plan, notifications, finish: each stage records its own step.
    expect(calls).toBe(8);
    expect(total(workerSamples, 'levain_orchestration_gateway_calls_per_run_count', { outcome: 'COMPLETED' })).toBe(1);
    expect(total(workerSamples, 'levain_orchestration_gateway_calls_per_run_sum', { outcome: 'COMPLETED' })).toBe(calls);
    // The jobs' own figures sit in the same registry.
    expect(total(workerSamples, 'levain_orchestration_runs_total', { trigger: 'MANUAL', outcome: 'COMPLETED' })).toBe(1);
  });

  test("the gateway's /metrics has the snapshot's three fetches, and no other fetch to those subgraphs", () => {
    for (const subgraph of ['inventory', 'suppliers', 'recipes']) {
      expect(total(gatewaySamples, 'levain_gateway_subgraph_fetches_total', { subgraph, operation: 'OrchestrationSnapshot', outcome: 'ok' }), subgraph).toBe(1);
      expect(total(gatewaySamples, 'levain_gateway_subgraph_fetches_total', { subgraph }), subgraph).toBe(1);
    }
    expect(total(gatewaySamples, 'levain_gateway_subgraph_fetches_total', { subgraph: 'planning', operation: 'OrchestrationSnapshot' })).toBe(0);
    expect(total(gatewaySamples, 'levain_gateway_subgraph_fetches_per_request_sum', { operation: 'OrchestrationSnapshot' })).toBe(3);
    expect(total(gatewaySamples, 'levain_graphql_requests_total', { operation: 'OrchestrationSnapshot', outcome: 'ok' })).toBe(1);
  });

  test("every worker log line of the run's job carries the run id", () => {
    const jobLines = workerLogs.lines.filter((line) => line.jobId === `manual-${run.id}` || line.runId === run.id);
    expect(jobLines.length).toBeGreaterThanOrEqual(5);
    expect(jobLines.filter((line) => line.runId !== run.id)).toEqual([]);
    expect(jobLines.some((line) => line.msg === 'saga step done')).toBe(true);
  });

  test("the job's trace holds every gateway call of the run, the snapshot's three subgraph fetches and their SQL", async () => {
    await tracing.flush();
    const job = collector.spans.find((span) => span.name === 'orchestration job' && attribute(span, 'levain.run_id') === run.id);
    expect(job).toBeDefined();
    expect(job!.kind).toBe(INTERNAL);
    expect(job!.parentSpanId ?? '').toBe('');
    expect(attribute(job!, 'levain.run_status')).toBe('COMPLETED');
    const spans = collector.spans.filter((span) => span.traceId === job!.traceId);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentName = (span: ExportedSpan) => byId.get(span.parentSpanId ?? '')?.name;

    const gatewayRequests = spans.filter((span) => span.name === 'gateway POST /graphql');
    expect(gatewayRequests.length).toBe(total(workerSamples, 'levain_orchestration_gateway_calls_total'));
    for (const request of gatewayRequests) {
      expect(request.kind).toBe(SERVER);
      expect(parentName(request)).toBe('orchestration job');
    }
    const snapshot = spans.find((span) => span.name === 'gateway.request' && attribute(span, 'graphql.operation.name') === 'OrchestrationSnapshot');
    expect(snapshot).toBeDefined();
    const underSnapshot = (span: ExportedSpan): boolean => {
      for (let at: ExportedSpan | undefined = span; at; at = byId.get(at.parentSpanId ?? '')) if (at === snapshot) return true;
      return false;
    };
    const fetched = spans.filter((span) => / POST \/graphql$/.test(span.name) && !span.name.startsWith('gateway') && underSnapshot(span));
    expect(fetched.map((span) => span.name).sort()).toEqual(['inventory POST /graphql', 'recipes POST /graphql', 'suppliers POST /graphql']);
    for (const server of fetched) {
      expect(spans.some((span) => span.name.startsWith('SQL ') && span.parentSpanId === server.spanId), server.name).toBe(true);
    }
    // After the snapshot, the run's trace reaches only planning.
    const sources = spans.filter((span) => /^(inventory|suppliers|recipes) POST/.test(span.name));
    expect(sources).toHaveLength(3);
  });
});
