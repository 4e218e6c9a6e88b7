import { readFileSync } from 'node:fs';

/** Types every subgraph declares alike (PageInfo, the CSV import's input and result). */
const SHARED_SDL = new URL('./shared.graphql', import.meta.url);

/** A subgraph's whole SDL: its own schema file, then the shared types (the server and the composition read this). */
export function readSubgraphSdl(schemaUrl: URL): string {
  return `${readFileSync(schemaUrl, 'utf8')}\n${readFileSync(SHARED_SDL, 'utf8')}`;
}
