import { describe, expect, test } from 'vitest';
import { buildSchema, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { fragmentBomb, HOSTILE_SHAPES } from '../test/support/hostile-documents.ts';
import { ASSUMED_LIST_SIZE, documentLimits, measureDocument, measureOperation, type DocumentLimits } from './limits.ts';

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

const DOCUMENT_LIMITS: DocumentLimits = { maxDepth: 12, maxAliases: 30, maxRootFields: 20, maxDefinitions: 30, maxVariableDefinitions: 100, maxNodes: 1000 };

function refusalOf(query: string, limits: Partial<DocumentLimits> = {}) {
  return validate(schema, parse(query), [documentLimits({ ...DOCUMENT_LIMITS, ...limits })]).map((error) => [error.message, error.extensions.code]);
}

describe('document limits', () => {
  test('root fields: fragments count, __typename does not', () => {
    const fields = Array.from({ length: 3 }, (_, index) => `t${index}: tenant { id }`).join(' ');
    expect(refusalOf(`{ __typename ${fields} ...R } fragment R on Query { tenant { id } }`, { maxRootFields: 3 })).toEqual([['Operation selects 4 root fields; the limit is 3', 'TOO_MANY_ROOT_FIELDS']]);
    expect(refusalOf(`{ __typename ${fields} }`, { maxRootFields: 3 })).toEqual([]);
  });

  test('depth: fields count, fragments and inline fragments do not add a level', () => {
    // ingredients, edges, node, then offers and ingredient 4 times: 11 levels, and the leaf.
    const nested = (leaf: string) => `{ ingredients { edges { node { ${'offers { ingredient { '.repeat(4)}${leaf}${' } }'.repeat(4)} } } } }`;
    expect(refusalOf(nested('id'))).toEqual([]);
    expect(refusalOf(nested('offers { id }'))).toEqual([['Query is nested 13 levels deep; the limit is 12', 'QUERY_TOO_DEEP']]);
    const viaFragments = `{ ingredients { ...E } } fragment E on IngredientConnection { edges { node { ... on Ingredient { offers { id } } } } }`;
    expect(refusalOf(viaFragments, { maxDepth: 5 })).toEqual([]);
    expect(refusalOf(viaFragments, { maxDepth: 4 })).toEqual([['Query is nested 5 levels deep; the limit is 4', 'QUERY_TOO_DEEP']]);
    expect(refusalOf(viaFragments, { maxDepth: 3 })).toEqual([['Query is nested more than 3 levels deep; the limit is 3', 'QUERY_TOO_DEEP']]);
  });

  test('aliases, definitions and variable definitions each have a limit', () => {
    expect(refusalOf(`{ tenant { ${Array.from({ length: 31 }, (_, index) => `a${index}: id`).join(' ')} } }`)).toEqual([['Query uses 31 aliases; the limit is 30', 'TOO_MANY_ALIASES']]);
    const operations = (count: number) => Array.from({ length: count }, (_, index) => `query Q${index} { tenant { id } }`).join(' ');
    expect(refusalOf(operations(30))).toEqual([]);
    expect(refusalOf(operations(31))).toEqual([['Document holds 31 definitions (operations and fragments); the limit is 30', 'TOO_MANY_DEFINITIONS']]);
    const variables = (count: number) => `query Q(${Array.from({ length: count }, (_, index) => `$v${index}: Int`).join(' ')}) { tenant { id } }`;
    expect(refusalOf(variables(3), { maxVariableDefinitions: 3 }).map(([, code]) => code)).not.toContain('TOO_MANY_VARIABLES');
    expect(refusalOf(variables(4), { maxVariableDefinitions: 3 })).toEqual([['Document declares more than 3 variables; the limit is 3', 'TOO_MANY_VARIABLES']]);
  });

  test('selections past the work budget are refused', () => {
    const fields = (count: number) => `{ tenant { ${'id '.repeat(count)} } }`;
    expect(measureDocument(parse(fields(99)), { ...DOCUMENT_LIMITS, maxNodes: 100 }).refusal).toBeUndefined();
    expect(measureDocument(parse(fields(100)), { ...DOCUMENT_LIMITS, maxNodes: 100 })).toEqual({
      refusal: { code: 'QUERY_TOO_LARGE', message: 'Document selects more than 100 fields and fragments; the limit is 100' },
      nodesVisited: 101,
    });
  });

  test('the first limit passed is the only refusal', () => {
    // Changed with issue 12: the walk stops at the first limit passed, so one refusal, not one per limit.
    const fields = Array.from({ length: 5 }, (_, index) => `t${index}: tenant { id }`).join(' ');
    expect(refusalOf(`{ ${fields} }`, { maxAliases: 4, maxRootFields: 4 }).map(([, code]) => code)).toEqual(['TOO_MANY_ALIASES']);
  });

  test("a refused document is not walked by GraphQL's own rules: only the refusal is reported", () => {
    // Unknown fields everywhere: GraphQL's rules would name each one had they walked the document.
    const query = `{ ${Array.from({ length: 21 }, (_, index) => `unknown${index}`).join(' ')} }`;
    const errors = validate(schema, parse(query), [...specifiedRules, documentLimits(DOCUMENT_LIMITS)]);
    expect(errors.map((error) => error.extensions.code)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(validate(schema, parse('{ unknown }'), [...specifiedRules, documentLimits(DOCUMENT_LIMITS)])).toHaveLength(1);
  });
});

describe('the work of the limit checks is bounded (issue 12, findings 1 and 2)', () => {
  test('with the default limits, the 40-level bomb is refused for its 42 definitions before any selection is visited', () => {
    expect(measureDocument(parse(fragmentBomb(40)), DOCUMENT_LIMITS)).toEqual({
      refusal: { code: 'TOO_MANY_DEFINITIONS', message: 'Document holds 42 definitions (operations and fragments); the limit is 30' },
      nodesVisited: 0,
    });
  });

  // The definitions limit raised so that the walk itself meets every level.
  test.each([20, 40])('the fragment bomb of %i levels is refused after visiting 2 nodes per level', (levels) => {
    const measure = measureDocument(parse(fragmentBomb(levels)), { ...DOCUMENT_LIMITS, maxDefinitions: 100 });
    expect(measure.refusal?.code).toBe('TOO_MANY_ROOT_FIELDS');
    expect(measure.refusal?.message).toBe(`Operation selects ${2 ** levels} root fields; the limit is 20`);
    // One spread in the operation, two per fragment, the leaf's field and the field inside it.
    expect(measure.nodesVisited).toBe(1 + 2 * levels + 2);
  });

  test.each([20, 40])('a bomb of %i levels below the root passes the document checks and its cost is measured in linear work', (levels) => {
    const document = parse(fragmentBomb(levels, 'id lots { id }', 'Ingredient', ' { ingredientsByIds(ids: ["a"]) { ingredients { ...F0 } } }'));
    expect(measureDocument(document, { ...DOCUMENT_LIMITS, maxDefinitions: 100 }).refusal).toBeUndefined();
    const operation = document.definitions[0] as OperationDefinitionNode;
    const measure = measureOperation(schema, document, operation, {}, { ...LIMITS, maxNodes: 1000 });
    // ingredientsByIds + ingredients + 2^levels × (id + lots + 10 × id)
    expect(measure.cost).toBe(2 + 2 ** levels * (2 + ASSUMED_LIST_SIZE));
    // The operation's 3 selections, 2 spreads per fragment, the leaf's 3 fields: each fragment costed once.
    expect(measure.nodesVisited).toBe(3 + 2 * levels + 3);
  });

  test('the cost walk stops at its work budget', () => {
    const document = parse(`{ tenant { ${'id '.repeat(50)} } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(measureOperation(schema, document, operation, {}, { ...LIMITS, maxNodes: 51 }).tooLarge).toBeUndefined();
    expect(measureOperation(schema, document, operation, {}, { ...LIMITS, maxNodes: 50 })).toMatchObject({ tooLarge: expect.stringMatching(/more than 50 fields/), nodesVisited: 51 });
  });

  const expected: Record<string, { code: string; nodesVisited: number }> = {
    '40,000 operations': { code: 'TOO_MANY_DEFINITIONS', nodesVisited: 0 },
    '60,000 variable definitions': { code: 'TOO_MANY_VARIABLES', nodesVisited: 0 },
    '300,000 duplicate fields': { code: 'QUERY_TOO_LARGE', nodesVisited: 1001 },
    // 21 inline fragments of 3 nodes each: the 21st root field passes the limit of 20.
    '50,000 inline fragments': { code: 'TOO_MANY_ROOT_FIELDS', nodesVisited: 63 },
  };
  describe.each(Object.entries(HOSTILE_SHAPES))('%s (~1 MiB)', (name, build) => {
    const query = build();

    test('the parser stops after MAX_QUERY_TOKENS tokens', () => {
      expect(query.length).toBeGreaterThan(700_000);
      expect(() => parse(query, { maxTokens: 2000 })).toThrow('Document contains more that 2000 tokens. Parsing aborted.');
    });

    test('parsed anyway, the document checks refuse it after a bounded number of nodes', () => {
      const measure = measureDocument(parse(query), DOCUMENT_LIMITS);
      expect(measure.refusal?.code).toBe(expected[name].code);
      expect(measure.nodesVisited).toBe(expected[name].nodesVisited);
    });
  });
});
