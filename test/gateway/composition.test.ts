import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { loadConfig, subgraphUrls } from '../../platform/config.ts';
import { composeSupergraph } from '../../gateway/supergraph.ts';

const defaults = loadConfig({}, { exitOnError: false });

test('the four subgraph SDL files compose with no hints', () => {
  const { supergraphSdl, hints } = composeSupergraph(subgraphUrls(defaults));
  expect(hints).toEqual([]);
  for (const name of ['INVENTORY', 'SUPPLIERS', 'RECIPES', 'PLANNING']) expect(supergraphSdl).toContain(`${name} @join__graph`);
});

test('supergraph.graphql in the repository is what `npm run compose` writes today', () => {
  const committed = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(composeSupergraph(subgraphUrls(defaults)).supergraphSdl);
});
