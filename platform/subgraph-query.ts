import { serviceUnavailable } from './errors.ts';
import { injectTraceContext } from './tracing.ts';

/**
 * One GraphQL request from a subgraph to another, as the caller: the caller's own token is
 * forwarded, so the other subgraph answers for the caller's bakery only. DESIGN.md §1: a subgraph
 * never reads another's tables; where a write must check what another owns (an ingredient, a
 * product), it asks this way, once per write (platform/ingredient-lookup.ts, product-lookup.ts).
 */

/** How long a lookup waits for the other subgraph before the write is refused as SERVICE_UNAVAILABLE, in ms. */
export const SUBGRAPH_QUERY_TIMEOUT_MS = 10_000;

export interface SubgraphQueryOptions {
  /** The other subgraph's GraphQL URL (the one the gateway uses; platform/config.ts `subgraphUrl`); unset → every query fails. */
  url: string | undefined;
  /** The caller's `Authorization` header, forwarded as it came. */
  authorization: string | undefined;
  /** The caller's request id, forwarded so the two requests are found together in the logs. */
  forwardedHeaders?: Record<string, string | undefined>;
}

/**
 * Sends `query` to `service` and returns `pick(data)`. An unreachable service (or a 5xx) is
 * SERVICE_UNAVAILABLE naming `what`; an answer with errors or without what `pick` expects is a
 * bug or a misconfiguration (wrong URL, another secret): thrown as an internal error, which the
 * caller sees masked and the logs keep with this detail.
 */
export async function querySubgraph<T>(
  service: string,
  what: string,
  options: SubgraphQueryOptions,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: any) => T | undefined,
): Promise<T> {
  if (!options.url) throw new Error(`${service} lookup: this subgraph was started without the ${service} URL`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authorization) headers.authorization = options.authorization;
  for (const [name, value] of Object.entries(options.forwardedHeaders ?? {})) if (value) headers[name] = value;
  injectTraceContext({ set: (name, value) => (headers[name] = value) });
  const unreachable = () =>
    serviceUnavailable(`The ${what} could not be checked: the ${service} service is unreachable right now. Nothing was written; try again shortly`);
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(SUBGRAPH_QUERY_TIMEOUT_MS),
    });
  } catch {
    throw unreachable();
  }
  if (response.status >= 500) throw unreachable();
  const body = (await response.json().catch(() => undefined)) as { data?: unknown; errors?: { message?: string }[] } | undefined;
  const picked = body?.data ? pick(body.data) : undefined;
  if (picked === undefined || body?.errors?.length) {
    throw new Error(`${service} lookup: ${service} answered HTTP ${response.status} ${JSON.stringify(body?.errors?.map((error) => error.message) ?? body)}`);
  }
  return picked;
}
