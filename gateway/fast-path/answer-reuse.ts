/**
 * Answers the fast path received before it fell back, handed to the usual path of the same
 * client request so that it does not send those fetches again.
 *
 * Safe because the usual path's fetch and the fast path's are the same request: the same
 * subgraph, the same operation text from the same planner, the same variables built the same
 * way (each distinct representation once on both paths), on behalf of the same caller within
 * the same client request. An answer is taken once; a fetch the fast path never sent, or sent
 * with anything different, goes out as usual. Nothing is kept past the request (the store hangs
 * on its context object), and nothing is computed unless the fast path fell back.
 */

/** A subgraph's answer as the fast path read it: a 2xx JSON body, or the status and body of a refusal. */
export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
  /** A non-2xx answer (an invalid Date variable is a 400): the usual path states it from these. */
  refused?: { status: number; contentType: string; body: string };
  /** The body as received: the usual path reads a fresh copy (the fast path merges into the parsed objects). */
  raw?: string;
}

/** One fetch the fast path sent, and its answer. */
export interface SentFetch {
  serviceName: string;
  query: string;
  variables: Record<string, unknown>;
  answer: SubgraphAnswer;
}

const answersByRequest = new WeakMap<object, Map<string, SubgraphAnswer>>();

function keyOf(serviceName: string, query: string, variables: Record<string, unknown> | undefined): string {
  return JSON.stringify([serviceName, query, variables ?? {}]);
}

/** Keeps `sent` for the usual path of the client request whose context is `context`. */
export function offerAnswers(context: object, sent: readonly SentFetch[]): void {
  if (!sent.length) return;
  const answers = new Map<string, SubgraphAnswer>();
  for (const fetch of sent) answers.set(keyOf(fetch.serviceName, fetch.query, fetch.variables), fetch.answer);
  answersByRequest.set(context, answers);
}

/** The fast path's answer to this very fetch of the request whose context is `context`, once; else undefined. */
export function takeAnswer(context: object, serviceName: string, query: string | undefined, variables: Record<string, unknown> | undefined): SubgraphAnswer | undefined {
  const answers = answersByRequest.get(context);
  if (!answers || query === undefined) return undefined;
  const key = keyOf(serviceName, query, variables);
  const answer = answers.get(key);
  answers.delete(key);
  return answer?.raw === undefined ? answer : (JSON.parse(answer.raw) as SubgraphAnswer);
}
