import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Knex } from 'knex';
import type { Logger } from './logger.ts';
import { currentScope, type ScopeSink } from './request-scope.ts';

/**
 * Prometheus metrics. Each service (gateway, each subgraph, the worker) owns one registry and
 * serves it at `/metrics`, so that several services sharing a process (`npm start`, the tests)
 * still report apart. Every series carries a `service` label.
 *
 * Measurements taken deep in a request (SQL statements, DataLoader batches, subgraph fetches)
 * reach the right registry through the request scope (platform/request-scope.ts), not through
 * arguments.
 */

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const COUNT_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];
const RUN_SECONDS_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** A counter on `registry` (whose default labels, such as `service`, every series carries). */
function counterOn<L extends string>(registry: Registry, name: string, labelNames: readonly L[], help: string): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** A histogram on `registry`; `buckets` in the unit its name ends with (seconds, or a count). */
function histogramOn<L extends string>(registry: Registry, name: string, labelNames: readonly L[], buckets: number[], help: string): Histogram<L> {
  return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}

/** Distinct operation names one registry labels before folding the rest into `other`. */
const MAX_OPERATION_LABELS = 200;
/**
 * Distinct operation names one tenant may add to a registry's labels: one bakery sending 200
 * made-up names would otherwise leave every other bakery's operations counted as `other`.
 */
export const MAX_OPERATION_LABELS_PER_TENANT = 20;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** Metrics every service exposes: GraphQL requests, SQL per request, DataLoader batches, process. */
export class ServiceMetrics implements ScopeSink {
  readonly registry = new Registry();
  readonly httpResponses: Counter<'route' | 'status'>;
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestDuration: Histogram<'operation'>;
  readonly sqlQueries: Counter;
  readonly sqlQueriesPerRequest: Histogram<'operation'>;
  readonly loaderBatchSize: Histogram<'loader'>;
  readonly #operationLabels = new Set<string>();
  /** Labels each tenant added, by tenant id. */
  readonly #labelsAddedBy = new Map<string, number>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'levain_' });
    this.httpResponses = counterOn(this.registry, 'levain_http_responses_total', ['route', 'status'],
      'HTTP responses by route (graphql, health, metrics, dashboard, other) and status, refusals before GraphQL runs (401, 413, 429) included');
    this.requests = counterOn(this.registry, 'levain_graphql_requests_total', ['operation', 'outcome'],
      'GraphQL requests answered, by operation name and outcome (ok: no errors; error: some)');
    this.requestDuration = histogramOn(this.registry, 'levain_graphql_request_duration_seconds', ['operation'], SECONDS_BUCKETS,
      'Time from the start of a GraphQL request to its response, by operation name');
    this.sqlQueries = counterOn(this.registry, 'levain_sql_queries_total', [],
      'SQL statements run while answering requests');
    this.sqlQueriesPerRequest = histogramOn(this.registry, 'levain_sql_queries_per_request', ['operation'], COUNT_BUCKETS,
      'SQL statements one GraphQL request ran, by operation name');
    this.loaderBatchSize = histogramOn(this.registry, 'levain_dataloader_batch_size', ['loader'], BATCH_BUCKETS,
      'Keys in one DataLoader batch (one SQL statement), by loader');
  }

  /**
   * A label for a client-chosen operation name: the name when it is a GraphQL name already
   * labelled, or when the registry has fewer than 200 and `tenantId` (default: the request in
   * scope's) has added fewer than {@link MAX_OPERATION_LABELS_PER_TENANT}; else `other`;
   * `anonymous` when absent.
   */
  operationLabel(name: string | null | undefined, tenantId = currentScope()?.tenantId): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.#operationLabels.has(name)) return name;
    if (this.#operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
    const added = this.#labelsAddedBy.get(tenantId ?? '') ?? 0;
    if (added >= MAX_OPERATION_LABELS_PER_TENANT) return 'other';
    this.#labelsAddedBy.set(tenantId ?? '', added + 1);
    this.#operationLabels.add(name);
    return name;
  }

  /** Counts one HTTP response; the route is one of a few fixed names, so the label stays small. */
  observeHttpResponse(url: string | undefined, status: number): void {
    const path = (url ?? '/').split('?', 1)[0];
    const route =
      path === '/graphql' ? 'graphql'
      : path.startsWith('/health/') ? 'health'
      : path === '/metrics' ? 'metrics'
      : path === '/dashboard' || path.startsWith('/dashboard/') ? 'dashboard'
      : 'other';
    this.httpResponses.inc({ route, status: String(status) });
  }

  loaderBatch(loader: string, size: number): void {
    this.loaderBatchSize.observe({ loader }, size);
  }

  sqlQuery(): void {
    this.sqlQueries.inc();
  }

  /** The registry in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The gateway's metrics: those of every service plus its fetches to the subgraphs. */
export class GatewayMetrics extends ServiceMetrics {
  readonly subgraphFetches: Counter<'subgraph' | 'operation' | 'outcome'>;
  readonly subgraphFetchDuration: Histogram<'subgraph'>;
  readonly subgraphFetchesPerRequest: Histogram<'operation'>;
  readonly fastPathFallbacks: Counter<'reason'>;

  constructor() {
    super('gateway');
    this.subgraphFetches = counterOn(this.registry, 'levain_gateway_subgraph_fetches_total', ['subgraph', 'operation', 'outcome'],
      'Fetches the gateway sent to a subgraph, by subgraph, client operation name and outcome (ok, error: GraphQL errors, failure: no answer)');
    this.subgraphFetchDuration = histogramOn(this.registry, 'levain_gateway_subgraph_fetch_duration_seconds', ['subgraph'], SECONDS_BUCKETS,
      'Time of one gateway fetch to a subgraph, by subgraph');
    this.subgraphFetchesPerRequest = histogramOn(this.registry, 'levain_gateway_subgraph_fetches_per_request', ['operation'], COUNT_BUCKETS,
      'Subgraph fetches one client request needed, by operation name');
    this.fastPathFallbacks = counterOn(this.registry, 'levain_gateway_fast_path_fallbacks_total', ['reason'],
      "Requests the gateway's fast path (plan route) left to @apollo/gateway's usual path, by reason (gateway/fast-path/plan-route.ts FallbackReason)");
  }

  /**
   * Starts timing one fetch to `subgraph` for the request in scope; call the returned function
   * with the outcome when it ends.
   */
  startSubgraphFetch(subgraph: string): (outcome: 'ok' | 'error' | 'failure') => void {
    const scope = currentScope();
    if (scope) scope.fetches += 1;
    const operation = this.operationLabel(scope?.operationName);
    const end = this.subgraphFetchDuration.startTimer({ subgraph });
    return (outcome) => {
      end();
      this.subgraphFetches.inc({ subgraph, operation, outcome });
    };
  }
}

/** A finished orchestration run, as the planning API returns it. */
export interface FinishedRun {
  trigger: string;
  status: string;
  /** finishedAt − startedAt, in ms; null (or absent) when the run never started. */
  durationMs?: number | null;
  steps: readonly { name: string; status: string; attempts: number; durationMs?: number | null }[];
}

/**
 * The orchestration's metrics, registered on the worker's registry: run duration by trigger and
 * outcome, step duration and attempts by step, the gateway calls each run makes, and scheduler
 * lag. The worker runs each job inside `runInScope({ service: 'worker', runId })`, so its log
 * lines carry the run id and {@link timeGatewayCall} counts calls per run.
 */
export class OrchestrationMetrics {
  readonly runDuration: Histogram<'trigger' | 'outcome'>;
  readonly stepDuration: Histogram<'step' | 'outcome'>;
  readonly stepAttempts: Histogram<'step'>;
  readonly gatewayCalls: Counter<'operation' | 'outcome'>;
  readonly gatewayCallDuration: Histogram<'operation'>;
  readonly gatewayCallsPerRun: Histogram<'outcome'>;
  readonly schedulerLag: Histogram<'queue'>;

  constructor(readonly registry: Registry) {
    this.runDuration = histogramOn(registry, 'levain_orchestration_run_duration_seconds', ['trigger', 'outcome'], RUN_SECONDS_BUCKETS,
      "Duration of finished orchestration runs (the run's own durationMs), by trigger and final status");
    this.stepDuration = histogramOn(registry, 'levain_orchestration_step_duration_seconds', ['step', 'outcome'], SECONDS_BUCKETS,
      'Duration of the saga steps of finished runs, by step and final step status');
    this.stepAttempts = histogramOn(registry, 'levain_orchestration_step_attempts', ['step'], [1, 2, 3, 4, 5, 6, 8, 10],
      'Attempts a saga step took in a finished run, by step');
    this.gatewayCalls = counterOn(registry, 'levain_orchestration_gateway_calls_total', ['operation', 'outcome'],
      'GraphQL calls the worker made to the gateway (retries included), by operation name and outcome (ok, or failed once retries gave up)');
    this.gatewayCallDuration = histogramOn(registry, 'levain_orchestration_gateway_call_duration_seconds', ['operation'], SECONDS_BUCKETS,
      'Time of one worker call to the gateway, retries included, by operation name');
    this.gatewayCallsPerRun = histogramOn(registry, 'levain_orchestration_gateway_calls_per_run', ['outcome'], COUNT_BUCKETS,
      'Gateway calls (retries included) one finished run made, by final status');
    this.schedulerLag = histogramOn(registry, 'levain_scheduler_lag_seconds', ['queue'], [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      "Time from a scheduled job's fire time to the moment a worker started it, by queue");
  }

  /**
   * Times one worker call to the gateway (with its retries) and counts it on the run in scope.
   * @param query the operation's text; its name (`OrchestrationSnapshot`) is the label
   */
  async timeGatewayCall<T>(query: string, call: () => Promise<T>): Promise<T> {
    const name = /^\s*(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1];
    const operation = name && OPERATION_NAME.test(name) ? name : 'anonymous';
    const scope = currentScope();
    if (scope) scope.fetches += 1;
    const end = this.gatewayCallDuration.startTimer({ operation });
    try {
      const result = await call();
      this.gatewayCalls.inc({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      this.gatewayCalls.inc({ operation, outcome: 'failed' });
      throw error;
    } finally {
      end();
    }
  }

  /**
   * Records a finished run: its duration (the run's own `durationMs`, so the metric and the API
   * agree), each step's duration and attempts, and the gateway calls counted in scope.
   */
  runFinished(run: FinishedRun): void {
    const labels = { trigger: run.trigger, outcome: run.status };
    if (typeof run.durationMs === 'number') this.runDuration.observe(labels, run.durationMs / 1000);
    for (const step of run.steps) {
      if (typeof step.durationMs === 'number') this.stepDuration.observe({ step: step.name, outcome: step.status }, step.durationMs / 1000);
      if (step.attempts > 0) this.stepAttempts.observe({ step: step.name }, step.attempts);
    }
    const scope = currentScope();
    if (scope) this.gatewayCallsPerRun.observe({ outcome: run.status }, scope.fetches);
  }

  /** A scheduled job started `lagSeconds` after its fire time. */
  observeSchedulerLag(queue: string, lagSeconds: number): void {
    this.schedulerLag.observe({ queue }, Math.max(0, lagSeconds));
  }
}

/**
 * Apollo plugin: counts and times each GraphQL request by operation name, records the SQL
 * statements it ran (and, at the gateway, its subgraph fetches), and logs one line per request
 * — the line that carries the request id (added by the logger from the scope).
 */
export function requestMetricsPlugin(metrics: ServiceMetrics, logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      const scope = currentScope();
      return {
        async didResolveOperation({ operationName, contextValue }) {
          if (!scope) return;
          scope.operationName = operationName ?? undefined;
          scope.tenantId = (contextValue as { caller?: { tenantId?: string } }).caller?.tenantId;
        },
        async willSendResponse({ response, errors, request }) {
          const operation = metrics.operationLabel(scope?.operationName ?? request.operationName);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const body = response.body;
          const resultErrors = body.kind === 'single' ? body.singleResult.errors : undefined;
          const failed = Boolean(errors?.length || resultErrors?.length);
          metrics.requests.inc({ operation, outcome: failed ? 'error' : 'ok' });
          metrics.requestDuration.observe({ operation }, seconds);
          const sqlQueries = scope?.sqlQueries ?? 0;
          metrics.sqlQueriesPerRequest.observe({ operation }, sqlQueries);
          const fetches = scope?.fetches ?? 0;
          if (metrics instanceof GatewayMetrics) metrics.subgraphFetchesPerRequest.observe({ operation }, fetches);
          // debug: a polling dashboard makes most of a day's requests; at info they would bury the rest.
          logger.debug(
            {
              operation,
              durationMs: Math.round(seconds * 1000),
              sqlQueries,
              ...(metrics instanceof GatewayMetrics ? { subgraphFetches: fetches } : {}),
              ...(failed ? { errorCodes: [...new Set((resultErrors ?? []).map((error) => error.extensions?.code ?? 'UNKNOWN'))] } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

const countedPools = new WeakSet<Knex>();

/**
 * Attributes every SQL statement of `db` to the request in scope (its `sqlQueries`, and the
 * service's `levain_sql_queries_total`). Safe to call again for a pool shared by several
 * services: the listener is added once and counts into whichever request issued the statement.
 */
export function countQueriesPerRequest(db: Knex): void {
  if (countedPools.has(db)) return;
  countedPools.add(db);
  db.on('query', () => {
    const scope = currentScope();
    if (!scope) return;
    scope.sqlQueries += 1;
    scope.sink?.sqlQuery();
  });
}

/** Records one DataLoader batch of `size` keys into the metrics of the request in scope. */
export function observeLoaderBatch(loader: string | null, size: number): void {
  currentScope()?.sink?.loaderBatch(loader ?? 'unnamed', size);
}

function bearerMatches(request: IncomingMessage, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The `/metrics` route serving a service's registry (a {@link ServiceMetrics}, or the worker's)
 * in Prometheus text format. With `token`, only `Authorization: Bearer <token>` is answered (401
 * otherwise).
 */
export function metricsRoute(metrics: { registry: Registry }, token?: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (token && !bearerMatches(request, token)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      response.end('metrics need the metrics token\n');
      return;
    }
    const body = await metrics.registry.metrics();
    response.writeHead(200, { 'content-type': metrics.registry.contentType });
    response.end(body);
  };
}
