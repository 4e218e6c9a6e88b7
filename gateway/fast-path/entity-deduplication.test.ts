import { describe, expect, it } from 'vitest';
import { dedupeRepresentations, expandEntities } from './entity-deduplication.ts';

const supplier = (id: string) => ({ __typename: 'Supplier', id });

describe('dedupeRepresentations', () => {
  it('sends each distinct representation once and remembers where each original one goes', () => {
    const result = dedupeRepresentations({ representations: [supplier('a'), supplier('b'), supplier('a'), supplier('a')], first: 3 });
    expect(result?.variables).toEqual({ representations: [supplier('a'), supplier('b')], first: 3 });
    expect(result?.slots).toEqual([0, 1, 0, 0]);
  });

  it('leaves fetches without repeats, or without representations, as they are', () => {
    expect(dedupeRepresentations({ representations: [supplier('a'), supplier('b')] })).toBeUndefined();
    expect(dedupeRepresentations({ representations: [supplier('a')] })).toBeUndefined();
    expect(dedupeRepresentations({ ids: ['a', 'a'] })).toBeUndefined();
    expect(dedupeRepresentations(undefined)).toBeUndefined();
  });
});

describe('expandEntities', () => {
  it('gives every original position its answer, repeated answers as separate copies', () => {
    const answer = { data: { _entities: [{ id: 'a', name: 'Alpha', offers: [{ price: 1 }] }, { id: 'b', name: 'Beta', offers: [] }] } };
    const expanded = expandEntities(answer, [0, 1, 0]);
    expect(expanded.data._entities).toEqual([answer.data._entities[0], answer.data._entities[1], answer.data._entities[0]]);
    // The gateway merges into what it gets: a repeated answer must not be the same object.
    expect(expanded.data._entities[2]).not.toBe(expanded.data._entities[0]);
    expect((expanded.data._entities[2] as { offers: unknown[] }).offers).not.toBe((expanded.data._entities[0] as { offers: unknown[] }).offers);
  });

  it('repeats an error about one distinct entity at every position that asked for it', () => {
    const answer = {
      data: { _entities: [null, { id: 'b' }] },
      errors: [
        { message: 'gone', path: ['_entities', 0, 'name'] },
        { message: 'elsewhere', path: ['other'] },
      ],
    };
    const expanded = expandEntities(answer, [0, 1, 0, 1, 0]);
    expect(expanded.data._entities).toEqual([null, { id: 'b' }, null, { id: 'b' }, null]);
    expect(expanded.errors).toEqual([
      { message: 'gone', path: ['_entities', 0, 'name'] },
      { message: 'gone', path: ['_entities', 2, 'name'] },
      { message: 'gone', path: ['_entities', 4, 'name'] },
      { message: 'elsewhere', path: ['other'] },
    ]);
  });

  it('passes an answer without _entities through (a failed fetch)', () => {
    const answer = { data: null, errors: [{ message: 'down' }] };
    expect(expandEntities(answer, [0, 0])).toBe(answer);
  });
});
