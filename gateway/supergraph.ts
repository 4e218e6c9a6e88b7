import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphSdl } from '../subgraphs/sdl.ts';
import type { SubgraphName } from '../platform/config.ts';

/** Each subgraph's SDL file or folder of module files (with subgraphs/shared.graphql): the composition reads files, never running servers. */
export const SUBGRAPH_SCHEMAS: Record<SubgraphName, URL> = {
  inventory: new URL('../subgraphs/inventory/schema.graphql', import.meta.url),
  suppliers: new URL('../subgraphs/suppliers/schema.graphql', import.meta.url),
  recipes: new URL('../subgraphs/recipes/schema.graphql', import.meta.url),
  planning: new URL('../subgraphs/planning/schema/', import.meta.url),
};

export interface Supergraph {
  supergraphSdl: string;
  hints: string[];
}

/**
 * Composes the supergraph from the subgraphs' SDL files and the URLs the gateway will call.
 * Throws with every composition error when the subgraphs do not compose.
 */
export function composeSupergraph(urls: Record<SubgraphName, string>): Supergraph {
  const services = (Object.keys(SUBGRAPH_SCHEMAS) as SubgraphName[]).map((name) => ({
    name,
    url: urls[name],
    typeDefs: parse(readSubgraphSdl(SUBGRAPH_SCHEMAS[name])),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((error) => `  ${error.message}`).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}
