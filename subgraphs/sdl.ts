import { readdirSync, readFileSync } from 'node:fs';

/** Types every subgraph declares alike (PageInfo, the CSV import's input and result). */
const SHARED_SDL = new URL('./shared.graphql', import.meta.url);

/** A subgraph's own SDL: one file, or a folder's `*.graphql` module files (a URL ending in `/`) joined in name order — the first holds the `@link`. */
function readOwnSdl(schemaUrl: URL): string {
  if (!schemaUrl.pathname.endsWith('/')) return readFileSync(schemaUrl, 'utf8');
  const modules = readdirSync(schemaUrl).filter((name) => name.endsWith('.graphql')).sort();
  if (modules.length === 0) throw new Error(`no .graphql files in ${schemaUrl.pathname}`);
  return modules.map((name) => readFileSync(new URL(name, schemaUrl), 'utf8')).join('\n');
}

/** A subgraph's whole SDL: its own schema (file or folder), then the shared types (the server and the composition read this). */
export function readSubgraphSdl(schemaUrl: URL): string {
  return `${readOwnSdl(schemaUrl)}\n${readFileSync(SHARED_SDL, 'utf8')}`;
}
