import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
// Not re-exported by the package's index; the kind every fetch of an operation carries.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { QueryPlanner, type FetchNode } from '@apollo/query-planner';
import { BREAK, getOperationAST, Kind, parse, print, visit, type DocumentNode } from 'graphql';

type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = Loaded['executor'];
type RequestContext = Parameters<Executor>[0];

/** Plans kept, one per document and operation name; the oldest goes first. */
const MAX_PLANS = 2_000;

/**
 * Queries that one subgraph answers as they are, sent to it without @apollo/gateway's result
 * shaping.
 *
 * For every operation, @apollo/gateway runs its plan's fetches and then walks the merged data
 * once more against the operation (`computeResponse`: dropping the fields the plan added,
 * completing every value). When the plan is a single fetch whose selection is the client's own
 * — same fields, aliases, arguments and order, without fragments or directives — the subgraph's
 * `data` already is the response, and that walk only costs time: for 1,000 ingredients by id it
 * was about 15% of the CPU of the whole request (BENCHMARKS.md, "Batch lookups").
 *
 * Such a query goes to its subgraph through the same data source as any fetch (token, request id,
 * trace context, metrics, in-flight deduplication), with the variables that fetch uses. Only an
 * answer without errors is taken as is; one with errors is left to the gateway's usual path,
 * which states them as it always does (the query is then fetched a second time). Everything else
 * — mutations, several fetches, fragments, @skip/@include, introspection — takes the usual path.
 */
export class SingleFetchRoute {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  /** Per document and operation name: the fetch that answers it as it is, or null for the usual path. */
  private readonly plans = new Map<string, FetchNode | null>();

  constructor(
    supergraphSdl: string,
    private readonly dataSources: ReadonlyMap<string, GraphQLDataSource>,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
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

  /** `executor`, with the queries one fetch answers as they are sent straight to their subgraph. */
  wrap(executor: Executor): Executor {
    return async (requestContext) => {
      const fetch = this.planFor(requestContext);
      const dataSource = fetch && this.dataSources.get(fetch.serviceName);
      if (!fetch || !dataSource) return executor(requestContext);
      const given = requestContext.request.variables ?? {};
      const response = await dataSource.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: {
          query: fetch.operation,
          operationName: fetch.operationName,
          // As @apollo/gateway does: the variables the fetch uses, when given.
          variables: Object.fromEntries((fetch.variableUsages ?? []).filter((name) => Object.hasOwn(given, name) && given[name] !== undefined).map((name) => [name, given[name]])),
        },
        incomingRequestContext: requestContext as never,
        context: requestContext.context,
      });
      if (response.errors?.length || !response.data) return executor(requestContext);
      return { data: response.data };
    };
  }

  private planFor(requestContext: RequestContext): FetchNode | null {
    const key = `${requestContext.queryHash}\n${requestContext.request.operationName ?? ''}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = this.singleFetchFor(requestContext.document, requestContext.request.operationName ?? undefined);
      if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** The one fetch that answers operation `operationName` of `document` as it is, or null for the usual path. */
  singleFetchFor(document: DocumentNode, operationName?: string): FetchNode | null {
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query' || !plain(document)) return null;
    let node;
    try {
      node = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName })).node;
    } catch {
      return null; // the usual path reports what is wrong with it
    }
    if (node?.kind !== 'Fetch' || node.requires || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return null;
    const fetched = getOperationAST(parse(node.operation));
    return fetched && print(fetched.selectionSet) === print(operation.selectionSet) ? node : null;
  }
}

/** Whether a document has no fragments and no directives, so that its selection is what it reads. */
function plain(document: DocumentNode): boolean {
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
