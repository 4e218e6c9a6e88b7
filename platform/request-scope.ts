import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the process knows about the unit of work it is doing right now: one HTTP request of a
 * service, or one orchestration run of the worker. It follows the work through every `await`
 * (AsyncLocalStorage), so a log line, a SQL statement or a DataLoader batch deep in a resolver
 * is attributed to its request without anything being passed down by hand.
 */
export interface RequestScope {
  /** The service doing the work (`gateway`, `inventory`, …, `worker`). */
  service: string;
  /** The id that ties one request's log lines together across the gateway and the subgraphs. */
  requestId?: string;
  /** The orchestration run being driven (worker side). */
  runId?: string;
  /** Set once the GraphQL operation is resolved (`anonymous` when it has no name). */
  operationName?: string;
  /** The caller's tenant, set with the operation name: whose allowance of metric labels a new name uses. */
  tenantId?: string;
  /** SQL statements run for this request so far. */
  sqlQueries: number;
  /** Outgoing GraphQL calls so far: the gateway's subgraph fetches, the worker's gateway calls. */
  fetches: number;
  /** Receives the measurements of this unit of work (the service's metrics), when any. */
  sink?: ScopeSink;
}

/** Where measurements taken inside a scope go (implemented by platform/metrics.ts). */
export interface ScopeSink {
  loaderBatch(loader: string, size: number): void;
  sqlQuery(): void;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` inside a new scope; everything it awaits sees the scope through {@link currentScope}. */
export function runInScope<T>(
  scope: Pick<RequestScope, 'service' | 'requestId' | 'runId' | 'sink'>,
  work: () => T,
): T {
  return storage.run({ sqlQueries: 0, fetches: 0, ...scope }, work);
}

/** The scope of the work in progress, or undefined outside any request or run. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Adds what became known mid-way (the run a job resolved) to the scope in progress, if any. */
export function annotateScope(fields: Pick<RequestScope, 'runId'>): void {
  const scope = storage.getStore();
  if (scope) Object.assign(scope, fields);
}
