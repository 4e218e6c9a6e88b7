/**
 * The gateway's subgraph fetcher (gateway/fast-path/subgraph-fetcher.ts: undici `request` on a keep-alive
 * Agent, the body read whole into its own BufferedResponse) against the library-only alternative
 * for @apollo/gateway's `fetcher`: undici's `fetch` with the same kind of Agent as `dispatcher`.
 * A local server (its own process) answers each POST with a fixed JSON answer of ~2 KB or ~200 KB;
 * the client sends `--fetches` of them, `--concurrency` at a time, and parses each answer as the
 * gateway does (`json()`). Figures: wall ms per fetch and this (client) process's CPU ms per fetch,
 * the median of `--rounds` rounds. In-flight deduplication is off (every body is the same here).
 *
 *   npm run bench:fetcher -- [--fetches 1500] [--concurrency 10] [--rounds 3]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, fetch as undiciFetch } from 'undici';
import { createSubgraphFetcher } from '../gateway/fast-path/subgraph-fetcher.ts';
import { announceReady, startBenchProcess, stopWith } from './support/child-process.ts';
import { fixed, markdownTable, median } from './support/stats.ts';

/** A JSON answer of about `bytes` bytes, shaped like a subgraph's list of entities. */
function answerOf(bytes: number): string {
  const entity = { __typename: 'Ingredient', id: '00000000-0000-4000-8000-000000000000', name: 'Stone-ground rye flour', unit: 'kg', stock: { onHand: 12.5 } };
  const count = Math.max(1, Math.round(bytes / JSON.stringify(entity).length));
  return JSON.stringify({ data: { _entities: Array.from({ length: count }, () => entity) } });
}

const SIZES = { '~2 KB': answerOf(2_000), '~200 KB': answerOf(200_000) };
type Size = keyof typeof SIZES;

/** The two fetchers, each as @apollo/gateway would be given it. */
function fetchers(): Record<string, { fetcher: Fetcher; close: () => Promise<void> }> {
  const agent = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
  return {
    'Levain (undici request + BufferedResponse)': createSubgraphFetcher({ deduplicateInflight: false }),
    'undici Agent + fetch': {
      fetcher: ((url, init) => undiciFetch(url, { ...init, dispatcher: agent } as never)) as Fetcher,
      close: () => agent.close(),
    },
  };
}

/** Sends `count` fetches, `concurrency` at a time; each answer's JSON is parsed. */
async function run(fetcher: Fetcher, url: string, count: number, concurrency: number): Promise<void> {
  let sent = 0;
  const body = JSON.stringify({ query: 'query Bench__inventory__1($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }' });
  const lane = async () => {
    while (sent < count) {
      sent++;
      const response = await fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench' }, body });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      await response.json();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

if (process.argv[2] === '--serve') {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(SIZES[decodeURIComponent(request.url!.slice(1)) as Size]);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => announceReady({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  stopWith(() => new Promise((resolve) => server.close(() => resolve())));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { fetches: { type: 'string', default: '1500' }, concurrency: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
  const [fetches, concurrency, rounds] = [Number(values.fetches), Number(values.concurrency), Number(values.rounds)];
  const server = await startBenchProcess('answers', new URL(import.meta.url), { args: ['--serve'] });
  const candidates = fetchers();
  const rows: string[][] = [];
  for (const size of Object.keys(SIZES) as Size[]) {
    const url = `${server.ready.url}/${encodeURIComponent(size)}`;
    // Fewer of the large answers, so each size takes about as long.
    const count = size === '~2 KB' ? fetches : Math.ceil(fetches / 10);
    for (const [name, { fetcher }] of Object.entries(candidates)) {
      await run(fetcher, url, Math.ceil(count / 5), concurrency); // warm-up
      const wallMs: number[] = [];
      const cpuMs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const [wallStart, cpuStart] = [performance.now(), process.cpuUsage()];
        await run(fetcher, url, count, concurrency);
        const cpu = process.cpuUsage(cpuStart);
        wallMs.push((performance.now() - wallStart) / count);
        cpuMs.push((cpu.user + cpu.system) / 1000 / count);
      }
      rows.push([`${size} (${SIZES[size].length} bytes)`, name, fixed(median(wallMs), 3), fixed(median(cpuMs), 3)]);
      console.error(`measured: ${size}, ${name}`);
    }
  }
  for (const { close } of Object.values(candidates)) await close();
  await server.stop();
  console.log(`\n${concurrency} fetches in flight; median of ${rounds} rounds; ${fetches} fetches of ~2 KB, ${Math.ceil(fetches / 10)} of ~200 KB per round\n`);
  console.log(markdownTable(['answer', 'fetcher', 'wall ms/fetch', 'client CPU ms/fetch'], rows, ['l', 'l']));
}
