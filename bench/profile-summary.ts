/**
 * Where a benchmark process's CPU went, from the .cpuprofile BENCH_CPU_PROFILE_DIR makes it write
 * (bench/support/child-process.ts):
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 20]
 *
 * Prints each bucket's share of the busy samples (idle left out) — Node's HTTP and streams,
 * undici, GC, graphql-js, Apollo's packages, Levain's gateway, JSON, … — by the script the
 * sampled function belongs to (self time, not inclusive), then the top functions by self time.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SOCKET_CALLS = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'connect', 'setNoDelay', 'shutdown', 'close', 'readStop', 'readStart']);

/** The bucket of a sampled function, by its script's URL (first rule that matches). */
const BUCKETS: [string, (frame: ProfileNode['callFrame']) => boolean][] = [
  ['idle', (frame) => frame.functionName === '(idle)'],
  ['GC', (frame) => frame.functionName === '(garbage collector)'],
  ['V8/native, unattributed ((program))', (frame) => frame.functionName === '(program)'],
  ['JSON parse/stringify', (frame) => !frame.url && (frame.functionName === 'parse' || frame.functionName === 'stringify')],
  ['the profiler itself (node:inspector)', (frame) => frame.url === 'node:inspector'],
  // undici parses HTTP/1.1 with llhttp compiled to WebAssembly.
  ['undici (subgraph fetches)', (frame) => frame.url.includes('undici') || frame.functionName === 'wasm-to-js'],
  // Native socket calls have no script: writev is every response and request written.
  ['Node HTTP server, net, streams', (frame) => /^node:(_http|http|net|stream|internal\/(streams|http|net|stream_base|js_stream))/.test(frame.url) || (!frame.url && SOCKET_CALLS.has(frame.functionName))],
  ['Node other internals (timers, async hooks, events, …)', (frame) => frame.url.startsWith('node:')],
  ['graphql-js (parse, validate, execute)', (frame) => frame.url.includes('/node_modules/graphql/')],
  ['Apollo (gateway, server, query planner, federation-internals)', (frame) => frame.url.includes('/node_modules/@apollo/')],
  ['OpenTelemetry', (frame) => frame.url.includes('/node_modules/@opentelemetry/')],
  ['Levain gateway/ and platform/', (frame) => /\/(gateway|platform)\//.test(frame.url) && !frame.url.includes('/node_modules/')],
  ['other dependencies', (frame) => frame.url.includes('/node_modules/')],
  ['built-ins and other (no script)', () => true],
];

export function summarizeProfile(profile: CpuProfile, top = 20): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!.callFrame;
    const bucket = BUCKETS.find(([, matches]) => matches(frame))![0];
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + micros);
    if (bucket === 'idle') continue;
    busy += micros;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|platform)\//, '$1/')}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(([...buckets.values()].reduce((a, b) => a + b, 0)) / 1e6).toFixed(1)} s sampled`, '', 'bucket (self time, share of busy):'];
  for (const [bucket, micros] of [...buckets].filter(([name]) => name !== 'idle').sort((a, b) => b[1] - a[1])) lines.push(`  ${share(micros)}  ${bucket}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${share(micros)}  ${name}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { top: { type: 'string', default: '20' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top 20]');
  console.log(summarizeProfile(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile, Number(values.top)));
}
