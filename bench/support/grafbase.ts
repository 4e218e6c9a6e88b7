/**
 * Grafbase (a native Rust federation gateway, `@grafbase/cli-x86_64-unknown-linux-musl`, MPL-2.0)
 * as a benchmark peer: `grafbase dev` composes the four subgraphs from their SDL files and serves
 * them, configured by the grafbase.toml written here.
 *
 * Offline: checked once with `strace -f -e trace=connect,execve` over test/gateway/peers.test.ts
 * (CLI 0.103.0, 2026-12-03: `grafbase dev` started, then the dashboard, batch and plan queries):
 * every connect() of the grafbase process went to 127.0.0.1 (the subgraphs' ports), none elsewhere
 * and no DNS — no telemetry, no update check, no registry. The composition reads the `schema_path`
 * files (each subgraph's SDL as the composition reads it: subgraphs/sdl.ts), never introspects, and
 * `--graph-ref` is never passed.
 * `--home` keeps the CLI's own files (~/.grafbase) in the run's folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_SCHEMAS } from '../../gateway/supergraph.ts';
import { readSubgraphSdl } from '../../subgraphs/sdl.ts';
import type { SubgraphName } from '../../platform/config.ts';

/** The Grafbase CLI binary the npm package ships (Linux x86-64, statically linked). */
export const GRAFBASE_BINARY = fileURLToPath(new URL('../../node_modules/@grafbase/cli-x86_64-unknown-linux-musl/grafbase', import.meta.url));

/**
 * grafbase.toml for `grafbase dev`: each subgraph's URL and SDL file (`schemaFiles`, no
 * introspection), and the caller's Authorization header forwarded to every subgraph, which require it.
 */
export function grafbaseToml(urls: Record<SubgraphName, string>, schemaFiles: Record<SubgraphName, string>): string {
  const subgraphs = (Object.keys(SUBGRAPH_SCHEMAS) as SubgraphName[]).map((name) =>
    [`[subgraphs.${name}]`, `url = ${JSON.stringify(urls[name])}`, `schema_path = ${JSON.stringify(schemaFiles[name])}`].join('\n'),
  );
  return [...subgraphs, '[[headers]]\nrule = "forward"\nname = "authorization"'].join('\n\n') + '\n';
}

export interface GrafbaseProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Answers `{ __typename }` with HTTP 200, or throws. */
async function probe(url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

/**
 * Starts `grafbase dev` in `dir` (each subgraph's whole SDL, its grafbase.toml and CLI home) on
 * 127.0.0.1:`port`; resolves once it answers a query (at most `readyTimeoutMs`). Its stdout (a
 * banner) is dropped, stderr passed through.
 */
export async function startGrafbase(dir: string, urls: Record<SubgraphName, string>, port: number, readyTimeoutMs = 30_000): Promise<GrafbaseProcess> {
  const schemaFiles = {} as Record<SubgraphName, string>;
  for (const name of Object.keys(SUBGRAPH_SCHEMAS) as SubgraphName[]) {
    schemaFiles[name] = join(dir, `${name}.graphql`);
    writeFileSync(schemaFiles[name], readSubgraphSdl(SUBGRAPH_SCHEMAS[name]));
  }
  const config = join(dir, 'grafbase.toml');
  writeFileSync(config, grafbaseToml(urls, schemaFiles));
  const child = spawn(GRAFBASE_BINARY, ['--home', dir, 'dev', '--config', config, '--listen-address', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`grafbase dev exited with code ${child.exitCode} before it was ready`);
    try {
      await probe(url);
      return { child, url, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`grafbase dev was not ready within ${readyTimeoutMs} ms: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
