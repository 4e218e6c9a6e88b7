import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';
import type { FetchNode, QueryPlanner } from '@apollo/query-planner';
import { BREAK, getOperationAST, Kind, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { traceWork } from '../../platform/tracing.ts';
import { graphqlRuntime } from '../graphql-runtime.ts';
import { keepAnswerAsWritten } from './answer-as-written.ts';
import { offerAnswers, type SubgraphAnswer } from './answer-reuse.ts';
import { mergeEntityFetches } from './entity-fetch-merging.ts';
import { compilePlan, executePlan, type PlanStep, type SendFetch } from './plan-execution.ts';
import { compileProjection, type Projection } from './response-projection.ts';

type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = Loaded['executor'];
type RequestContext = Parameters<Executor>[0];

/** One subgraph request of a route. */
export interface RouteRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * Sends `request` to subgraph `serviceName` on behalf of the client request `requestContext`;
 * resolves to the subgraph's answer (a 2xx JSON body), or undefined when the fetch failed.
 */
export type RouteFetch = (serviceName: string, request: RouteRequest, requestContext: RequestContext) => Promise<SubgraphAnswer | undefined>;

/** Routes kept, one per document and operation name; the oldest goes first. */
const MAX_ROUTES = 2_000;

/** Why a request took the usual path (`levain_gateway_fast_path_fallbacks_total{reason}`). */
export type FallbackReason =
  /** @apollo/gateway exposes no query planner (or has not loaded): the fast path is off. */
  | 'no-planner'
  /** A mutation or subscription. */
  | 'not-a-query'
  /** Fragments or directives. */
  | 'not-plain'
  /** The planner refused the operation (the usual path states why). */
  | 'planning-failed'
  /** A plan node or field outside compilePlan's allow-list. */
  | 'plan-not-allowed'
  /** A selection the projection does not do (introspection, a response key twice). */
  | 'selection-not-allowed'
  /** Variables the operation refuses (the usual path states why, before any fetch). */
  | 'invalid-variables'
  /** A fetch failed or answered with errors. */
  | 'fetch-failed'
  /** The data holds a value Apollo's shaping would change (missing, null, invalid). */
  | 'value-not-shaped';

/** Where the fast path reports its fallbacks: counted every time, logged where said. */
export interface FallbackSink {
  count(reason: FallbackReason): void;
  /** Logged once per operation (when its route is compiled) and for each fallback while running. */
  log(reason: FallbackReason, details: Record<string, unknown>): void;
}

/** How Levain answers one operation: its plan's fetches, then the client's fields picked from what they returned. */
export interface Route {
  operation: OperationDefinitionNode;
  plan: PlanStep;
  projection: Projection;
}

/** What the route of an operation is built from: @apollo/gateway's own planner and its supergraph. */
interface PlannerState {
  planner: QueryPlanner;
  apiSchema: Schema;
  graphqlSchema: GraphQLSchema;
  objectTypes: ReadonlySet<string>;
  /** Per document and operation name: its route, or why it takes the usual path. */
  routes: Map<string, Route | FallbackReason>;
}

export interface PlanRouteOptions {
  /** Send each distinct entity representation once (default true; GatewayTuning.deduplicate). */
  deduplicate?: boolean;
  /** Merge entity fetches to one subgraph at the same point of a plan (default true; GatewayTuning.mergeEntityFetches). */
  mergeEntityFetches?: boolean;
  fallbacks?: FallbackSink;
}

/**
 * Plain queries, answered by Levain's own run of their query plan (gateway/fast-path/plan-execution.ts)
 * and a projection compiled once per operation (gateway/fast-path/response-projection.ts), instead of
 * @apollo/gateway's executor.
 *
 * For every operation, @apollo/gateway re-reads the operation into federation's model, builds a
 * usage-trace node per plan node, runs the fetches, and then walks the merged data once more
 * against the operation (`computeResponse`). In Levain's profiles of the dashboard query that
 * walk was about 15% of the gateway's CPU, and the executor around the fetches a quarter.
 *
 * The plans are @apollo/gateway's own: its QueryPlanner (with its `queryPlannerConfig`) and
 * supergraph, taken again on every supergraph load or update (`onSchemaLoadOrUpdate`); when the
 * gateway exposes no planner the fast path is off. A plain query — no fragments, no directives,
 * no introspection — whose plan holds only the nodes and fields compilePlan allows takes this
 * route. Its fetches carry what any fetch carries (token, request id, trace context; counted
 * in the same metrics, deduplicated in flight; gateway/server.ts `fetchData`), with the
 * variables @apollo/gateway would send and each distinct entity representation once. Only a
 * run whose every fetch answered without errors, and whose data Apollo's shaping would leave
 * as it is, is answered this way; any other is left to the gateway's usual path, which states
 * errors and nulls as it always does, with the answers the route already received
 * (gateway/fast-path/answer-reuse.ts: those fetches are not sent again). Every fallback is
 * counted by reason. Mutations and everything else take the usual path.
 */
export class PlanRoute {
  private state: PlannerState | undefined;
  private readonly deduplicate: boolean;
  private readonly merge: boolean;
  private readonly fallbacks: FallbackSink | undefined;

  constructor(
    private readonly fetchData: RouteFetch,
    options: PlanRouteOptions = {},
  ) {
    this.deduplicate = options.deduplicate ?? true;
    this.merge = options.mergeEntityFetches ?? true;
    this.fallbacks = options.fallbacks;
  }

  /** `gateway` for ApolloServer's `gateway` option, its executor wrapped by {@link wrap}, its planner followed by {@link follow}. */
  around(gateway: ApolloGateway): Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'> {
    this.follow(gateway);
    return {
      load: async (options) => {
        const loaded = await gateway.load(options);
        return { ...loaded, executor: this.wrap(loaded.executor) };
      },
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
    };
  }

  /** Takes `gateway`'s query planner on every supergraph load and update (call before `load`). */
  follow(gateway: ApolloGateway): void {
    gateway.onSchemaLoadOrUpdate(() => this.usePlanner(plannerOf(gateway)));
  }

  /** The planner routes are built with (undefined: the fast path is off). */
  get planner(): QueryPlanner | undefined {
    return this.state?.planner;
  }

  private usePlanner(planner: QueryPlanner | undefined): void {
    if (!planner) {
      this.state = undefined;
      this.fallbacks?.log('no-planner', {});
      return;
    }
    const apiSchema = planner.supergraph.apiSchema();
    this.state = {
      planner,
      apiSchema,
      graphqlSchema: apiSchema.toGraphQLJSSchema(),
      objectTypes: new Set(planner.supergraph.schema.objectTypes().map((type) => type.name)),
      routes: new Map(),
    };
  }

  /** `executor`, with plain queries answered by their route. */
  wrap(executor: Executor): Executor {
    return async (requestContext) => {
      const state = this.state;
      const route = state ? this.cachedRouteFor(state, requestContext) : 'no-planner';
      if (typeof route === 'string') return this.fallBack(route, executor, requestContext);
      const variables = requestContext.request.variables ?? {};
      // Variables the operation does not accept are refused by the usual path before any fetch.
      if (route.operation.variableDefinitions?.length && this.variablesInvalid(state!, route.operation, variables)) return this.fallBack('invalid-variables', executor, requestContext);
      // The spans @apollo/gateway's executor would open, so that traces read the same either way.
      const { data, sent } = await traceWork('gateway.request', { 'graphql.operation.name': requestContext.operationName ?? '' }, () =>
        executePlan(route.plan, variables, this.sender(requestContext), { deduplicate: this.deduplicate }),
      );
      const response = data && route.projection(data);
      if (response) {
        // One fetch whose answer is the response as it is: written as the subgraph wrote it.
        if (response === data && route.plan.kind === 'fetch') keepAnswerAsWritten(response, sent[0].answer);
        return { data: response };
      }
      // The usual path takes the answers already received instead of sending those fetches again.
      offerAnswers(requestContext.context, sent);
      return this.fallBack(data ? 'value-not-shaped' : 'fetch-failed', executor, requestContext, true);
    };
  }

  private fallBack(reason: FallbackReason, executor: Executor, requestContext: RequestContext, log = false): ReturnType<Executor> {
    this.fallbacks?.count(reason);
    if (log) this.fallbacks?.log(reason, { operationName: requestContext.operationName ?? undefined });
    return executor(requestContext);
  }

  private variablesInvalid(state: PlannerState, operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
    return Boolean(graphqlRuntime.getVariableValues(state.graphqlSchema, operation.variableDefinitions ?? [], variables).errors);
  }

  /** Sends the fetches of one client request; an answer with errors stops the run. */
  private sender(requestContext: RequestContext): SendFetch {
    return (fetch: FetchNode, variables) =>
      traceWork('gateway.fetch', { service: fetch.serviceName }, () =>
        this.fetchData(fetch.serviceName, { query: fetch.operation, operationName: fetch.operationName, variables }, requestContext),
      );
  }

  private cachedRouteFor(state: PlannerState, requestContext: RequestContext): Route | FallbackReason {
    const key = `${requestContext.queryHash}\n${requestContext.request.operationName ?? ''}`;
    let route = state.routes.get(key);
    if (route === undefined) {
      route = this.routeFor(requestContext.document, requestContext.request.operationName ?? undefined);
      if (typeof route === 'string') this.fallbacks?.log(route, { operationName: requestContext.request.operationName ?? undefined, queryHash: requestContext.queryHash });
      if (state.routes.size >= MAX_ROUTES) state.routes.delete(state.routes.keys().next().value!);
      state.routes.set(key, route);
    }
    return route;
  }

  /** The route of operation `operationName` of `document`, or why it takes the usual path. */
  routeFor(document: DocumentNode, operationName?: string): Route | FallbackReason {
    const state = this.state;
    if (!state) return 'no-planner';
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query') return 'not-a-query';
    if (!plainDocument(document)) return 'not-plain';
    let node;
    try {
      node = state.planner.buildQueryPlan(operationFromDocument(state.apiSchema, document, { operationName })).node;
    } catch {
      return 'planning-failed'; // the usual path reports what is wrong with it
    }
    const compiled = node && node.kind !== 'Subscription' ? compilePlan(node, state.objectTypes) : null;
    if (!compiled) return 'plan-not-allowed';
    const plan = this.merge ? mergeEntityFetches(compiled) : compiled;
    const projection = compileProjection(state.graphqlSchema, operation);
    return projection ? { operation, plan, projection } : 'selection-not-allowed';
  }
}

/** @apollo/gateway's current query planner (`__testing()` in 2.x), or undefined when it exposes none. */
function plannerOf(gateway: ApolloGateway): QueryPlanner | undefined {
  const exposed: Partial<QueryPlanner> | undefined = typeof gateway.__testing === 'function' ? gateway.__testing().queryPlanner : undefined;
  return typeof exposed?.buildQueryPlan === 'function' && exposed.supergraph ? (exposed as QueryPlanner) : undefined;
}

/** Whether a document has no fragments and no directives, so that its selection is what it reads. */
function plainDocument(document: DocumentNode): boolean {
  let found = false;
  const stop = () => {
    found = true;
    return BREAK;
  };
  visit(document, {
    [Kind.FRAGMENT_DEFINITION]: stop,
    [Kind.FRAGMENT_SPREAD]: stop,
    [Kind.INLINE_FRAGMENT]: stop,
    [Kind.DIRECTIVE]: stop,
  });
  return !found;
}
