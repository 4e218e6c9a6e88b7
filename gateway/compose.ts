import { writeFileSync } from 'node:fs';
import { SUBGRAPH_NAMES, loadConfig, subgraphUrls } from '../platform/config.ts';
import { composeSupergraph } from './supergraph.ts';

/** `npm run compose`: writes supergraph.graphql for the gateway or any Federation 2 router. */
const config = loadConfig();
const { supergraphSdl, hints } = composeSupergraph(subgraphUrls(config));
const target = new URL('../supergraph.graphql', import.meta.url);
writeFileSync(target, supergraphSdl);
for (const hint of hints) console.warn(`hint ${hint}`);
console.log(`Wrote ${target.pathname} (${SUBGRAPH_NAMES.join(', ')}; ${hints.length} composition hints)`);
