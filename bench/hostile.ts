/**
 * The gateway's CPU spent refusing each hostile document of issue 12 (the fragment bomb, the
 * ~1 MiB shapes): Levain's gateway in its own process, no subgraph behind it (each document is
 * refused before any subgraph would be asked), each document sent `--repeat` times one after
 * another; the gateway process's CPU time (/proc) ÷ requests. Target: under 20 ms each.
 *
 *   npm run bench:hostile -- [--repeat 10]
 *
 * Two gateways: as shipped (the body limit, 512 KiB, refuses the ~1 MiB shapes unread; the query
 * text cap refuses the ~512 KiB ones before parsing), and with MAX_BODY_BYTES at 1 MiB and
 * MAX_QUERY_LENGTH at 2,000,000, so the parser's token cap (MAX_QUERY_TOKENS) refuses them.
 */
import { parseArgs } from 'node:util';
import { SUBGRAPH_NAMES, type SubgraphName } from '../platform/config.ts';
import { fragmentBomb, HOSTILE_SHAPES, HOSTILE_SHAPES_AT_BODY_LIMIT } from '../test/support/hostile-documents.ts';
import type { BenchProcess } from './support/child-process.ts';
import { authorizationFor } from './support/fixture.ts';
import { saveResults, type HostileBenchResults, type HostileRow } from './support/results.ts';
import { benchTempDir, startGatewayProcess, writeSupergraph } from './support/stack.ts';

const DOCUMENTS: Record<string, () => string> = {
  'fragment bomb, 20 levels': () => fragmentBomb(20),
  'fragment bomb, 40 levels': () => fragmentBomb(40),
  ...Object.fromEntries(Object.entries(HOSTILE_SHAPES).map(([name, build]) => [`${name} (~1 MiB)`, build])),
  ...Object.fromEntries(Object.entries(HOSTILE_SHAPES_AT_BODY_LIMIT).map(([name, build]) => [`${name} (~512 KiB)`, build])),
};

export function parseHostileOptions(argv: string[]): { repeat: number } {
  const { values } = parseArgs({ args: argv, options: { repeat: { type: 'string', default: '10' } }, strict: false });
  return { repeat: Number(values.repeat) };
}

/** Sends `body` to `url` `repeat` times in a row; the gateway's CPU ms per request and the answers' status and code. */
async function refuse(gateway: BenchProcess, authorization: string, body: string, repeat: number) {
  const send = async () => {
    const response = await fetch(gateway.ready.url!, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: answer.errors?.[0]?.extensions?.code ?? 'none' };
  };
  await send(); // warm-up: the first request of a kind compiles the code that refuses it
  const before = gateway.cpuSeconds();
  let last = { status: 0, code: '' };
  for (let index = 0; index < repeat; index++) last = await send();
  return { cpuMsPerRequest: ((gateway.cpuSeconds() - before) * 1000) / repeat, ...last };
}

export async function benchHostile(options: { repeat: number; log?: (line: string) => void }): Promise<HostileBenchResults> {
  const log = options.log ?? console.log;
  // Never contacted: every document here is refused before the gateway would fetch from a subgraph.
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:9/${name}/graphql`])) as Record<SubgraphName, string>;
  const supergraphFile = writeSupergraph(benchTempDir(), urls);
  const databaseUrl = 'postgres://127.0.0.1:5432/unused';
  const authorization = await authorizationFor('00000000-0000-4000-8000-000000000001', ['VIEWER']);
  const gateways = {
    shipped: await startGatewayProcess('gateway', 'levain', { databaseUrl, supergraphFile, urls }),
    'caps raised': await startGatewayProcess('gateway-long-text', 'levain', { databaseUrl, supergraphFile, urls, env: { MAX_QUERY_LENGTH: '2000000', MAX_BODY_BYTES: '1048576' } }),
  };
  const rows: HostileRow[] = [];
  try {
    for (const [document, build] of Object.entries(DOCUMENTS)) {
      const body = JSON.stringify({ query: build() });
      for (const [gateway, process] of Object.entries(gateways)) {
        const result = await refuse(process, authorization, body, options.repeat);
        rows.push({ document, gateway, bytes: body.length, ...result });
        log(`hostile: ${document} (${gateway}): HTTP ${result.status} ${result.code}, ${result.cpuMsPerRequest.toFixed(1)} ms gateway CPU`);
      }
    }
  } finally {
    await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
  }
  const results: HostileBenchResults = { measuredAt: new Date().toISOString(), repeat: options.repeat, targetMs: 20, rows };
  saveResults('hostile', results);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchHostile(parseHostileOptions(process.argv.slice(2)));
  process.exit(0);
}
