import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';
import { QueryPlanner, type FetchNode } from '@apollo/query-planner';
import { BREAK, getOperationAST, Kind, parse, print, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { traceWork } from '../../platform/tracing.ts';
import { graphqlRuntime } from '../graphql-runtime.ts';
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
 * resolves to the answer's `data`, or undefined when the fetch failed or answered with errors.
 */
export type RouteFetch = (serviceName: string, request: RouteRequest, requestContext: RequestContext) => Promise<Record<string, unknown> | undefined>;

/** Routes kept, one per document and operation name; the oldest goes first. */
const MAX_ROUTES = 2_000;

/** How Levain answers one operation: its plan's fetches, then the client's fields picked from what they returned. */
export interface Route {
  operation: OperationDefinitionNode;
  plan: PlanStep;
  /** Null when the plan is one fetch whose selection is the client's own: its data is the response. */
  projection: Projection | null;
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
 * A plain query — no fragments, no directives, no introspection — whose plan holds only
 * fetches, sequences, parallels and flattens takes this route. Its fetches carry what any fetch
 * carries (token, request id, trace context; counted in the same metrics, deduplicated in
 * flight; gateway/server.ts `fetchData`), with the variables @apollo/gateway would send and
 * each distinct entity representation once. Only a run whose every fetch answered without
 * errors, and whose data holds every field the client asked for, is answered this way; any
 * other is left to the gateway's usual path, which states errors and nulls as it always does
 * (its fetches are then sent once more). Mutations and everything else take the usual path.
 */
export class PlanRoute {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  private readonly graphqlSchema: GraphQLSchema;
  private readonly objectTypes: ReadonlySet<string>;
  /** Per document and operation name: its route, or null for the usual path. */
  private readonly routes = new Map<string, Route | null>();

  constructor(
    supergraphSdl: string,
    private readonly fetchData: RouteFetch,
    /** Send each distinct entity representation once (default true; GatewayTuning.deduplicate). */
    private readonly deduplicate = true,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.graphqlSchema = this.apiSchema.toGraphQLJSSchema();
    this.objectTypes = new Set(supergraph.schema.objectTypes().map((type) => type.name));
    this.planner = new QueryPlanner(supergraph);
  }

  /** `gateway` for ApolloServer's `gateway` option, its executor wrapped by {@link wrap}. */
  around(gateway: ApolloGateway): Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'> {
    return {
      load: async (options) => {
        const loaded = await gateway.load(options);
        return { ...loaded, executor: this.wrap(loaded.executor) };
      },
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
    };
  }

  /** `executor`, with plain queries answered by their route. */
  wrap(executor: Executor): Executor {
    return async (requestContext) => {
      const route = this.cachedRouteFor(requestContext);
      const variables = requestContext.request.variables ?? {};
      // Variables the operation does not accept are refused by the usual path before any fetch.
      if (!route || (route.operation.variableDefinitions?.length && this.variablesInvalid(route.operation, variables))) return executor(requestContext);
      // The spans @apollo/gateway's executor would open, so that traces read the same either way.
      const data = await traceWork('gateway.request', { 'graphql.operation.name': requestContext.operationName ?? '' }, () =>
        executePlan(route.plan, variables, this.sender(requestContext), { deduplicate: this.deduplicate }),
      );
      const response = data && (route.projection ? route.projection(data) : data);
      return response ? { data: response } : executor(requestContext);
    };
  }

  private variablesInvalid(operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
    return Boolean(graphqlRuntime.getVariableValues(this.graphqlSchema, operation.variableDefinitions ?? [], variables).errors);
  }

  /** Sends the fetches of one client request; an answer with errors stops the run. */
  private sender(requestContext: RequestContext): SendFetch {
    return (fetch: FetchNode, variables) =>
      traceWork('gateway.fetch', { service: fetch.serviceName }, () =>
        this.fetchData(fetch.serviceName, { query: fetch.operation, operationName: fetch.operationName, variables }, requestContext),
      );
  }

  private cachedRouteFor(requestContext: RequestContext): Route | null {
    const key = `${requestContext.queryHash}\n${requestContext.request.operationName ?? ''}`;
    let route = this.routes.get(key);
    if (route === undefined) {
      route = this.routeFor(requestContext.document, requestContext.request.operationName ?? undefined);
      if (this.routes.size >= MAX_ROUTES) this.routes.delete(this.routes.keys().next().value!);
      this.routes.set(key, route);
    }
    return route;
  }

  /** The route of operation `operationName` of `document`, or null for the usual path. */
  routeFor(document: DocumentNode, operationName?: string): Route | null {
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query' || !plainDocument(document)) return null;
    let node;
    try {
      node = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName })).node;
    } catch {
      return null; // the usual path reports what is wrong with it
    }
    const plan = node && node.kind !== 'Subscription' ? compilePlan(node, this.objectTypes) : null;
    if (!plan) return null;
    if (plan.kind === 'fetch' && !plan.representation) {
      const fetched = getOperationAST(parse(plan.fetch.operation));
      if (fetched && print(fetched.selectionSet) === print(operation.selectionSet)) return { operation, plan, projection: null };
    }
    const projection = compileProjection(this.graphqlSchema, operation);
    return projection ? { operation, plan, projection } : null;
  }
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
