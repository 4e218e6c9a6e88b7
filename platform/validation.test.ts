import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { parseInput } from './validation.ts';

describe('parseInput', () => {
  const schema = z.object({ name: z.string(), lines: z.array(z.object({ note: z.string() })) });

  test('a string holding U+0000 anywhere is BAD_USER_INPUT naming its path (Postgres text cannot store it)', () => {
    let error: unknown;
    try {
      parseInput(schema, { name: 'Rye', lines: [{ note: 'ok' }, { note: 'a\u0000b' }] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.lines.1.note' });
  });

  test('other strings pass through to the schema', () => {
    expect(parseInput(schema, { name: 'Rye', lines: [{ note: 'b\u0001' }] })).toEqual({ name: 'Rye', lines: [{ note: 'b\u0001' }] });
  });
});
