import { describe, expect, test } from 'vitest';
import { graphqlRuntime } from '../graphql-runtime.ts';
import { compileProjection } from './response-projection.ts';

const SCHEMA = graphqlRuntime.buildSchema(`
  enum Unit { KG G }
  type Ingredient { id: ID! name: String! unit: Unit! }
  type Batch { ingredients: [Ingredient!]! missingIds: [ID!]! }
  type Query { ingredientsByIds(ids: [ID!]!): Batch! }
`);

function projectionOf(query: string) {
  const operation = graphqlRuntime.parse(query).definitions[0];
  if (operation.kind !== 'OperationDefinition') throw new Error('not an operation');
  const projection = compileProjection(SCHEMA, operation);
  if (!projection) throw new Error('no projection');
  return projection;
}

const QUERY = '{ ingredientsByIds(ids: ["a"]) { ingredients { id name unit } missingIds } }';

describe('compileProjection', () => {
  test('data already in the client shape is the response itself (no copy)', () => {
    const data = { ingredientsByIds: { ingredients: [{ id: 'a', name: 'Flour', unit: 'KG' }], missingIds: ['b'] } };
    expect(projectionOf(QUERY)(data)).toBe(data);
  });

  test('keys the plan added, or another order, are copied into the client shape', () => {
    const withKeys = { ingredientsByIds: { ingredients: [{ __typename: 'Ingredient', id: 'a', name: 'Flour', unit: 'KG' }], missingIds: [] } };
    const reordered = { ingredientsByIds: { missingIds: [], ingredients: [{ unit: 'KG', name: 'Flour', id: 'a' }] } };
    const expected = { ingredientsByIds: { ingredients: [{ id: 'a', name: 'Flour', unit: 'KG' }], missingIds: [] } };
    for (const data of [withKeys, reordered]) {
      const response = projectionOf(QUERY)(data);
      expect(response).not.toBe(data);
      expect(JSON.stringify(response)).toBe(JSON.stringify(expected));
    }
  });

  test('a value shaping would change is refused, whether or not the keys match', () => {
    const projection = projectionOf(QUERY);
    expect(projection({ ingredientsByIds: { ingredients: [{ id: 'a', name: null, unit: 'KG' }], missingIds: [] } })).toBeUndefined();
    expect(projection({ ingredientsByIds: { ingredients: [{ id: 'a', name: 'Flour', unit: 'LB' }], missingIds: [] } })).toBeUndefined();
    expect(projection({ ingredientsByIds: { ingredients: [{ id: 'a', name: 'Flour' }], missingIds: [] } })).toBeUndefined();
  });

  test('an alias such as __proto__ stays a plain key either way', () => {
    const data = JSON.parse('{"ingredientsByIds":{"ingredients":[{"__proto__":"a"}],"missingIds":[]}}');
    const response = projectionOf('{ ingredientsByIds(ids: ["a"]) { ingredients { __proto__: id } missingIds } }')(data);
    expect(JSON.stringify(response)).toBe('{"ingredientsByIds":{"ingredients":[{"__proto__":"a"}],"missingIds":[]}}');
  });
});
