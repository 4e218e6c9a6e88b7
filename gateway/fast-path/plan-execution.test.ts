import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { OperationTypeNode, stripIgnoredCharacters } from 'graphql';
import { describe, expect, test } from 'vitest';
import { mergeEntityFetches } from './entity-fetch-merging.ts';
import { compilePlan, executePlan, type SendFetch } from './plan-execution.ts';

const OBJECT_TYPES = new Set(['Query', 'Recipe', 'Ingredient']);
const KEY = [{ kind: 'InlineFragment' as const, typeCondition: 'Ingredient', selections: [{ kind: 'Field' as const, name: '__typename' }, { kind: 'Field' as const, name: 'id' }] }];

function fetchNode(serviceName: string, operation: string, extra: Partial<FetchNode> = {}): FetchNode {
  return { kind: 'Fetch', serviceName, operation, operationName: undefined, operationKind: OperationTypeNode.QUERY, variableUsages: [], ...extra } as FetchNode;
}

/** recipes → lines naming ingredients (some twice, one null) → inventory resolves their names. */
const RECIPES_THEN_INGREDIENTS: PlanNode = {
  kind: 'Sequence',
  nodes: [
    fetchNode('recipes', '{ recipes { name lines { ingredient { __typename id } } } }', { variableUsages: ['first', 'unused'] }),
    { kind: 'Flatten', path: ['recipes', '@', 'lines', '@', 'ingredient'], node: fetchNode('inventory', '_entities', { requires: KEY }) },
  ],
} as PlanNode;

const RECIPES = {
  recipes: [
    { name: 'Baguette', lines: [{ ingredient: { __typename: 'Ingredient', id: 'flour' } }, { ingredient: { __typename: 'Ingredient', id: 'salt' } }] },
    { name: 'Brioche', lines: [{ ingredient: { __typename: 'Ingredient', id: 'flour' } }, { ingredient: null }] },
  ],
};

/** A subgraph stand-in: answers each fetch from `answer`, recording what was sent. */
function recordingSend(answer: (fetch: FetchNode, variables: Record<string, unknown>) => Record<string, unknown> | undefined) {
  const sent: { service: string; variables: Record<string, unknown> }[] = [];
  const send: SendFetch = async (fetch, variables) => {
    sent.push({ service: fetch.serviceName, variables });
    const data = answer(fetch, variables);
    return data && { data };
  };
  return { send, sent };
}

const names: Record<string, string> = { flour: 'Flour', salt: 'Salt' };
const entitiesAnswer = (variables: Record<string, unknown>) => ({
  _entities: (variables.representations as { id: string }[]).map((representation) => ({ name: names[representation.id] })),
});

describe('executePlan', () => {
  const plan = compilePlan(RECIPES_THEN_INGREDIENTS, OBJECT_TYPES)!;

  test('sends each distinct representation once, merges every answer into each entity that has it, skips nulls', async () => {
    const { send, sent } = recordingSend((fetch, variables) => (fetch.serviceName === 'recipes' ? structuredClone(RECIPES) : entitiesAnswer(variables)));
    const { data } = await executePlan(plan, { first: 2, other: 'not used' }, send);
    expect(sent.map((entry) => entry.service)).toEqual(['recipes', 'inventory']);
    // Only the variables the fetch uses, and only those given.
    expect(sent[0].variables).toEqual({ first: 2 });
    expect(sent[1].variables).toEqual({ representations: [{ __typename: 'Ingredient', id: 'flour' }, { __typename: 'Ingredient', id: 'salt' }] });
    expect(data).toEqual({
      recipes: [
        { name: 'Baguette', lines: [{ ingredient: { __typename: 'Ingredient', id: 'flour', name: 'Flour' } }, { ingredient: { __typename: 'Ingredient', id: 'salt', name: 'Salt' } }] },
        { name: 'Brioche', lines: [{ ingredient: { __typename: 'Ingredient', id: 'flour', name: 'Flour' } }, { ingredient: null }] },
      ],
    });
  });

  test('without deduplication, one representation per entity, as @apollo/gateway sends them', async () => {
    const { send, sent } = recordingSend((fetch, variables) => (fetch.serviceName === 'recipes' ? structuredClone(RECIPES) : entitiesAnswer(variables)));
    await executePlan(plan, {}, send, { deduplicate: false });
    expect((sent[1].variables.representations as { id: string }[]).map((representation) => representation.id)).toEqual(['flour', 'salt', 'flour']);
  });

  test('a fetch answering with errors, or with the wrong number of entities, stops the run', async () => {
    const failing = recordingSend((fetch) => (fetch.serviceName === 'recipes' ? structuredClone(RECIPES) : undefined));
    expect((await executePlan(plan, {}, failing.send)).data).toBeUndefined();
    const short = recordingSend((fetch) => (fetch.serviceName === 'recipes' ? structuredClone(RECIPES) : { _entities: [{ name: 'Flour' }] }));
    expect((await executePlan(plan, {}, short.send)).data).toBeUndefined();
  });

  test('once a fetch stops the run, branches still running send nothing more', async () => {
    const parallel = {
      kind: 'Parallel',
      nodes: [fetchNode('planning', '{ tenant { id } }'), { kind: 'Sequence', nodes: RECIPES_THEN_INGREDIENTS.kind === 'Sequence' ? RECIPES_THEN_INGREDIENTS.nodes : [] }],
    } as PlanNode;
    const { send, sent } = recordingSend((fetch, variables) => {
      if (fetch.serviceName === 'planning') return undefined;
      return fetch.serviceName === 'recipes' ? structuredClone(RECIPES) : entitiesAnswer(variables);
    });
    expect((await executePlan(compilePlan(parallel, OBJECT_TYPES)!, {}, send)).data).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent.map((entry) => entry.service)).not.toContain('inventory');
  });
});

describe('compilePlan', () => {
  test('refuses what executePlan does not do', () => {
    const refused: Record<string, PlanNode> = {
      '@skip/@include': { kind: 'Condition', condition: 'on', ifClause: fetchNode('inventory', '{ a }') } as PlanNode,
      'a mutation': fetchNode('inventory', 'mutation { a }', { operationKind: OperationTypeNode.MUTATION }),
      rewrites: fetchNode('inventory', '{ a }', { outputRewrites: [{ kind: 'KeyRenamer', path: ['a'], renameKeyTo: 'b' }] } as Partial<FetchNode>),
      'a type condition in a path': { kind: 'Flatten', path: ['a', '... on Ingredient'], node: fetchNode('inventory', '_entities', { requires: KEY }) } as PlanNode,
      'requirements on an abstract type': {
        kind: 'Flatten',
        path: ['a'],
        node: fetchNode('inventory', '_entities', { requires: [{ ...KEY[0], typeCondition: 'Node' }] }),
      } as PlanNode,
      'an entity fetch at the root': fetchNode('inventory', '_entities', { requires: KEY }),
      // The allow-list: unknown kinds, and fields the executor does not know, even on known kinds.
      'an unknown node kind': { kind: 'Teleport', nodes: [] } as unknown as PlanNode,
      'a field not on the allow-list': fetchNode('inventory', '{ a }', { newPlannerHint: 'x' } as Partial<FetchNode>),
      'a deferred fetch': fetchNode('inventory', '{ a }', { hasDefers: true }),
      'a key selection with an unknown field': {
        kind: 'Flatten',
        path: ['a'],
        node: fetchNode('inventory', '_entities', { requires: [{ ...KEY[0], selections: [{ kind: 'Field', name: 'id', newHint: 1 }] }] } as unknown as Partial<FetchNode>),
      } as PlanNode,
    };
    for (const [name, node] of Object.entries(refused)) expect(compilePlan(node, OBJECT_TYPES), name).toBeNull();
  });
});

describe('mergeEntityFetches', () => {
  const entities = (service: string, path: string[], selection: string, name: string) =>
    ({ kind: 'Flatten', path, node: fetchNode(service, `query ${name}($representations:[_Any!]!){_entities(representations:$representations){...on Ingredient{${selection}}}}`, { requires: KEY, operationName: name, variableUsages: [] }) }) as PlanNode;
  const PLAN: PlanNode = {
    kind: 'Sequence',
    nodes: [
      fetchNode('recipes', '{ a { ingredient { __typename id } } b { ingredient { __typename id } } }'),
      { kind: 'Parallel', nodes: [entities('inventory', ['a', 'ingredient'], 'name', 'Q__inventory__1'), entities('inventory', ['b', 'ingredient'], 'name unit', 'Q__inventory__2')] },
    ],
  } as PlanNode;
  const DATA = { a: { ingredient: { __typename: 'Ingredient', id: 'flour' } }, b: { ingredient: { __typename: 'Ingredient', id: 'salt' } } };

  test('two entity fetches to one subgraph in one parallel step: one request, each part under its own alias, answers split back', async () => {
    const merged = mergeEntityFetches(compilePlan(PLAN, OBJECT_TYPES)!);
    const { send, sent } = recordingSend((fetch, variables) => {
      if (fetch.serviceName === 'recipes') return structuredClone(DATA);
      expect(fetch.operation).toBe(stripIgnoredCharacters('query Q__inventory__1__merged($representations0: [_Any!]!, $representations1: [_Any!]!) { _entities0: _entities(representations: $representations0) { ... on Ingredient { name } } _entities1: _entities(representations: $representations1) { ... on Ingredient { name unit } } }'));
      return { _entities0: [{ name: names[(variables.representations0 as { id: string }[])[0].id] }], _entities1: [{ name: 'Salt', unit: 'kg' }] };
    });
    const { data } = await executePlan(merged, {}, send);
    expect(sent.map((entry) => entry.service)).toEqual(['recipes', 'inventory']);
    expect(sent[1].variables).toEqual({ representations0: [{ __typename: 'Ingredient', id: 'flour' }], representations1: [{ __typename: 'Ingredient', id: 'salt' }] });
    expect(data).toEqual({ a: { ingredient: { __typename: 'Ingredient', id: 'flour', name: 'Flour' } }, b: { ingredient: { __typename: 'Ingredient', id: 'salt', name: 'Salt', unit: 'kg' } } });
  });

  test('a merged answer missing a part, or of the wrong length, stops the run', async () => {
    const merged = mergeEntityFetches(compilePlan(PLAN, OBJECT_TYPES)!);
    for (const answer of [{ _entities0: [{ name: 'Flour' }] }, { _entities0: [{ name: 'Flour' }], _entities1: [] }]) {
      const { send } = recordingSend((fetch) => (fetch.serviceName === 'recipes' ? structuredClone(DATA) : answer));
      expect((await executePlan(merged, {}, send)).data).toBeUndefined();
    }
  });

  test('fetches of other subgraphs, or of another shape, are left as the planner wrote them', () => {
    const other = { ...PLAN, nodes: [(PLAN as { nodes: PlanNode[] }).nodes[0], { kind: 'Parallel', nodes: [entities('inventory', ['a', 'ingredient'], 'name', 'A'), entities('suppliers', ['b', 'ingredient'], 'name', 'B')] }] } as PlanNode;
    expect(JSON.stringify(mergeEntityFetches(compilePlan(other, OBJECT_TYPES)!))).toBe(JSON.stringify(compilePlan(other, OBJECT_TYPES)));
    const aliased = entities('inventory', ['b', 'ingredient'], 'name', 'B') as { node: FetchNode };
    aliased.node.operation = aliased.node.operation.replace('{_entities(', '{e:_entities(');
    const odd = { ...PLAN, nodes: [(PLAN as { nodes: PlanNode[] }).nodes[0], { kind: 'Parallel', nodes: [entities('inventory', ['a', 'ingredient'], 'name', 'A'), aliased] }] } as PlanNode;
    expect(JSON.stringify(mergeEntityFetches(compilePlan(odd, OBJECT_TYPES)!))).toBe(JSON.stringify(compilePlan(odd, OBJECT_TYPES)));
  });
});
