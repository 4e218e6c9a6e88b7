import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { parseCreateIngredient, parseExpiringDays, parseIngredientFilter, parseIngredientPatch, parseStockMovement } from './validation.ts';

const ID = '0b6a3a8e-3c1d-4a57-9a53-5f0f6c1c2d11';

function problemOf(run: () => unknown): { message: string; field: unknown } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const graphQLError = error as GraphQLError;
    expect(graphQLError.extensions.code).toBe('BAD_USER_INPUT');
    return { message: graphQLError.message, field: graphQLError.extensions.field };
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('parseCreateIngredient', () => {
  const valid = { sku: 'FLR-1', name: 'Flour', category: 'flour', unit: 'KG' };

  test('trims text and fills defaults', () => {
    expect(parseCreateIngredient({ ...valid, sku: ' FLR-1 ' })).toEqual({
      ...valid,
      perishable: false,
      shelfLifeDays: null,
      reorderPoint: 0,
    });
  });

  test('names the field and the value received, listing every problem', () => {
    const problem = problemOf(() => parseCreateIngredient({ ...valid, reorderPoint: -2, name: '' }));
    expect(problem.message).toContain('name must not be empty');
    expect(problem.message).toContain('reorderPoint must be at least 0, got -2');
    expect(problem.field).toBe('name');
  });

  test('rejects infinities, unknown units and out-of-range shelf lives', () => {
    expect(problemOf(() => parseCreateIngredient({ ...valid, reorderPoint: Infinity })).message).toContain('reorderPoint must be a finite number');
    expect(problemOf(() => parseCreateIngredient({ ...valid, unit: 'LB' })).message).toContain('unit must be one of G, KG, ML, L, UNIT, got "LB"');
    expect(problemOf(() => parseCreateIngredient({ ...valid, perishable: true, shelfLifeDays: 3651 })).message).toContain(
      'shelfLifeDays must be at most 3650 days',
    );
  });
});

describe('parseIngredientPatch', () => {
  test('keeps absent fields absent and explicit null shelf life as null', () => {
    expect(parseIngredientPatch({ name: ' Rye ' })).toEqual({ name: 'Rye' });
    expect(parseIngredientPatch({ shelfLifeDays: null })).toEqual({ shelfLifeDays: null });
  });

  test('refuses null for a required field', () => {
    expect(problemOf(() => parseIngredientPatch({ category: null })).message).toBe('category cannot be null');
  });
});

describe('parseStockMovement', () => {
  test('rounds to 3 decimals and lower-cases the id', () => {
    expect(parseStockMovement({ ingredientId: ID.toUpperCase(), kind: 'RECEIPT', quantity: 1.23456 })).toEqual({
      ingredientId: ID,
      kind: 'RECEIPT',
      quantity: 1.235,
      expiresOn: null,
      note: null,
    });
  });

  test('a quantity that rounds to 0 is refused', () => {
    expect(problemOf(() => parseStockMovement({ ingredientId: ID, kind: 'CONSUMPTION', quantity: 0.0004 })).message).toContain(
      'quantity must be greater than 0',
    );
  });

  test('a negative quantity is only for ADJUSTMENT, and an expiry only for movements that add a lot', () => {
    expect(parseStockMovement({ ingredientId: ID, kind: 'ADJUSTMENT', quantity: -2 }).quantity).toBe(-2);
    expect(problemOf(() => parseStockMovement({ ingredientId: ID, kind: 'WASTE', quantity: -2 })).field).toBe('quantity');
    const problem = problemOf(() => parseStockMovement({ ingredientId: ID, kind: 'ADJUSTMENT', quantity: -2, expiresOn: '2030-01-01' }));
    expect(problem.message).toContain('expiresOn applies only to a RECEIPT or a positive ADJUSTMENT');
  });

  test('a malformed ingredient id is refused by name', () => {
    expect(problemOf(() => parseStockMovement({ ingredientId: 'flour', kind: 'RECEIPT', quantity: 1 })).message).toBe(
      'ingredientId must be a UUID, got "flour"',
    );
  });
});

describe('parseIngredientFilter and parseExpiringDays', () => {
  test('an empty search means no search; fields are prefixed with filter', () => {
    expect(parseIngredientFilter({ search: '  ' })).toEqual({ category: undefined, search: undefined, perishable: undefined, belowReorderPoint: undefined });
    expect(parseIngredientFilter(null).search).toBeUndefined();
    expect(problemOf(() => parseIngredientFilter({ search: 'x'.repeat(201) })).field).toBe('filter.search');
  });

  test('days must be 0..365', () => {
    expect(parseExpiringDays(0)).toBe(0);
    expect(parseExpiringDays(365)).toBe(365);
    expect(problemOf(() => parseExpiringDays(366)).message).toBe('days must be between 0 and 365, got 366');
  });
});
