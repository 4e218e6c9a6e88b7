import { describe, expect, test } from 'vitest';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { aliasLimit, ASSUMED_LIST_SIZE, measureOperation, rootFieldLimit } from './limits.ts';

const schema = buildSchema(`
  type Query {
    ingredients(first: Int, after: String): IngredientConnection!
    ingredientsByIds(ids: [ID!]!): IngredientBatch!
    supplierOffers(ingredientIds: [ID!]): [Offer!]!
    tenant: Tenant!
  }
  type Mutation { recordSales(records: [Sale!]!): Int! nested(input: Nested!): Int! }
  input Sale { productId: ID! quantity: Float! }
  input Nested { ids: [ID!]! tags: [String!] }
  type Tenant { id: ID! }
  type IngredientConnection { totalCount: Int! edges: [IngredientEdge!]! }
  type IngredientEdge { node: Ingredient! }
  type IngredientBatch { ingredients: [Ingredient!]! missingIds: [ID!]! }
  type Ingredient { id: ID! name: String! lots: [Lot!]! offers: [Offer!]! }
  type Lot { id: ID! quantity: Float! }
  type Offer { id: ID! price: Float! ingredient: Ingredient! }
`);

const LIMITS = { maxPageSize: 500, maxIds: 5000, maxListItems: 10_000, defaultPageSize: 50 };

function measure(query: string, variables: Record<string, unknown> = {}, limits = LIMITS) {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition') as OperationDefinitionNode;
  return measureOperation(schema, document, operation, variables, limits);
}

describe('cost estimate', () => {
  test('the documented example: a 500-item page with the lots of each ingredient', () => {
    // ingredients + edges + 500 × node + 500 × lots + 500 × 10 × id
    expect(measure('{ ingredients(first: 500) { edges { node { lots { id } } } } }').cost).toBe(1 + 1 + 500 + 500 + 500 * ASSUMED_LIST_SIZE);
  });

  test('a page left at its default counts the default page size', () => {
    expect(measure('{ ingredients { edges { node { id } } } }').cost).toBe(1 + 1 + 50 + 50);
  });

  test('a page size from a variable counts the same as a literal', () => {
    const literal = measure('{ ingredients(first: 200) { edges { node { id name } } } }').cost;
    expect(measure('query ($n: Int) { ingredients(first: $n) { edges { node { id name } } } }', { n: 200 }).cost).toBe(literal);
  });

  test("a batch's lists are as long as the ids asked", () => {
    const ids = Array.from({ length: 300 }, (_, index) => `id-${index}`);
    // ingredientsByIds + ingredients + 300 × id + missingIds
    expect(measure('query ($ids: [ID!]!) { ingredientsByIds(ids: $ids) { ingredients { id } missingIds } }', { ids }).cost).toBe(1 + 1 + 300 + 1);
  });

  test('nested lists multiply: a page of offers of offers grows by the assumed size at each level', () => {
    const shallow = measure('{ ingredients(first: 100) { edges { node { offers { id } } } } }').cost;
    const deep = measure('{ ingredients(first: 100) { edges { node { offers { ingredient { offers { id } } } } } } }').cost;
    expect(deep).toBeGreaterThan(shallow * ASSUMED_LIST_SIZE);
  });

  test('fragments are followed and cost as if written inline', () => {
    const inline = measure('{ ingredients(first: 10) { edges { node { id lots { id } } } } }').cost;
    const spread = measure('{ ingredients(first: 10) { edges { node { ...F } } } } fragment F on Ingredient { id lots { id } }').cost;
    expect(spread).toBe(inline);
  });
});

describe('list arguments', () => {
  test('first above 500 is named, literal or variable', () => {
    expect(measure('{ ingredients(first: 501) { totalCount } }').oversizedList).toMatch(/ingredients\(first: 501\).*first ≤ 500/);
    expect(measure('query ($n: Int) { ingredients(first: $n) { totalCount } }', { n: 10_000 }).oversizedList).toMatch(/first: 10000/);
    expect(measure('{ ingredients(first: 500) { totalCount } }').oversizedList).toBeUndefined();
  });

  test('more than 5,000 ids is refused; 5,000 is not', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, index) => `id-${index}`);
    const query = 'query ($ids: [ID!]!) { ingredientsByIds(ids: $ids) { missingIds } }';
    expect(measure(query, { ids: ids(5000) }).oversizedList).toBeUndefined();
    expect(measure(query, { ids: ids(5001) }).oversizedList).toBe('ingredientsByIds.ids has 5001 items; at most 5000 are accepted in one request');
  });

  test('lists inside input objects are checked too, and other lists stop at maxListItems', () => {
    const limits = { ...LIMITS, maxListItems: 100 };
    const tags = Array.from({ length: 101 }, () => 'x');
    expect(measure('mutation ($input: Nested!) { nested(input: $input) }', { input: { ids: [], tags } }, limits).oversizedList).toMatch(/^nested\.input\.tags has 101 items; at most 100/);
    const records = Array.from({ length: 101 }, () => ({ productId: 'p', quantity: 1 }));
    expect(measure('mutation ($records: [Sale!]!) { recordSales(records: $records) }', { records }, limits).oversizedList).toMatch(/^recordSales\.records has 101 items/);
  });
});

describe('validation rules', () => {
  test('root fields: fragments count, __typename does not', () => {
    const fields = Array.from({ length: 3 }, (_, index) => `t${index}: tenant { id }`).join(' ');
    const errors = validate(schema, parse(`{ __typename ${fields} ...R } fragment R on Query { tenant { id } }`), [rootFieldLimit(3)]);
    expect(errors.map((error) => [error.message, error.extensions.code])).toEqual([['Operation selects 4 root fields; the limit is 3', 'TOO_MANY_ROOT_FIELDS']]);
    expect(validate(schema, parse(`{ __typename ${fields} }`), [rootFieldLimit(3)])).toEqual([]);
  });

  test('with both limits crossed, the alias refusal comes first', () => {
    const fields = Array.from({ length: 5 }, (_, index) => `t${index}: tenant { id }`).join(' ');
    const errors = validate(schema, parse(`{ ${fields} }`), [aliasLimit(4), rootFieldLimit(4)]);
    expect(errors.map((error) => error.extensions.code)).toEqual(['TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS']);
  });
});
