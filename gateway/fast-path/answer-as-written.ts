import type { FormattedExecutionResult } from 'graphql';
import type { SubgraphAnswer } from './answer-reuse.ts';

/**
 * A one-fetch query's response written as the subgraph wrote it, instead of serialised again.
 *
 * When a query's plan is one fetch and the subgraph's answer is already the client's response
 * (response-projection.ts returns the data as it is: the client's keys in the client's order,
 * every value one Apollo's shaping keeps), the response's JSON is the subgraph's body: Levain's
 * subgraphs write `JSON.stringify({ data })` compactly too (subgraph-server.ts `stringifyResult`),
 * and JSON.stringify of what JSON.parse read from JSON.stringify's output is that output again.
 * Serialising the 500-id lookup's answer (500 ingredients with their stock) again was about a
 * tenth of the gateway's CPU on that query (docs/ARCHITECTURE.md). The answer is still parsed and
 * checked first; test/gateway/differential.test.ts compares the fast path's response bodies with
 * stock @apollo/gateway's byte for byte.
 *
 * Only a body that is exactly `{"data":…}` (no errors, no extensions) is kept, and it is written
 * only while the response is nothing but that same data object: anything a plugin adds (errors,
 * extensions) or a data object replaced sends the response through JSON.stringify as before.
 */

const bodies = new WeakMap<object, string>();

/** Remembers `answer`'s body as the JSON of `data`, the response made of it, when the body holds data alone. */
export function keepAnswerAsWritten(data: object, answer: SubgraphAnswer): void {
  const raw = answer.raw;
  if (raw !== undefined && raw.startsWith('{"data":{') && Object.keys(answer).length === 2 && answer.data) bodies.set(data, raw);
}

/** Apollo Server's `stringifyResult`: compact JSON, or the subgraph's body kept for this very response. */
export function stringifyResult(result: FormattedExecutionResult): string {
  const written = result.data ? bodies.get(result.data) : undefined;
  const dataAlone = Object.keys(result).every((key) => key === 'data' || result[key as keyof FormattedExecutionResult] === undefined);
  return written !== undefined && dataAlone ? written : JSON.stringify(result);
}
