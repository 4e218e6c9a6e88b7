/**
 * The load generator in its own process, so it never shares an event loop with a gateway:
 * `node --import tsx bench/processes/load.ts`. Answers `run` requests, one at a time: autocannon
 * POSTs to `url` for `durationSeconds` with `connections` keep-alive connections, cycling through
 * the requests in `requestsFile` (JSON: `{ body, authorization }[]`), and replies with
 * requests/s, latency percentiles and the failures it counted.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { announceReady, answerParent, stopWith } from '../support/child-process.ts';

interface LoadRequest {
  body: string;
  authorization: string;
}

/** What one bounded load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses counted (2xx and not). */
  total: number;
  /** Requests sent, answered or not (those in flight when the run ended are not in `total`). */
  sent: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function runLoad(url: string, requests: LoadRequest[], connections: number, durationSeconds: number): Promise<LoadResult> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: durationSeconds,
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest(request: any) {
              const chosen = requests[next];
              next = (next + 1) % requests.length;
              return { ...request, method: 'POST', body: chosen.body, headers: { ...request.headers, authorization: chosen.authorization } };
            },
          },
        ],
      },
      (error: Error | null, result: any) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.total / (result.duration || durationSeconds),
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          total: result.requests.total,
          sent: result.requests.sent ?? result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
  });
}

answerParent(async (message) => {
  if (message.type !== 'run') throw new Error(`unknown request ${message.type}`);
  const requests = JSON.parse(readFileSync(String(message.requestsFile), 'utf8')) as LoadRequest[];
  const result = await runLoad(String(message.url), requests, Number(message.connections), Number(message.durationSeconds));
  return { result };
});
stopWith(async () => {});
announceReady();
