import { describe, expect, it } from 'vitest';
import type { Caller } from './auth.ts';
import { encodeCursor, parsePage } from './pagination.ts';

const viewer = { tenantId: '00000000-0000-4000-8000-000000000001', roles: ['VIEWER'], subject: 'test' } as unknown as Caller;
const id = '00000000-0000-4000-8000-0000000000aa';
const after = (sortKey: string) => encodeCursor({ sortKey, id });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'accepted';
};

describe('cursors validate their own sort key', () => {
  it('INSTANT: created_at to the microsecond, a real calendar instant', () => {
    expect(parsePage({ after: after('2026-03-02T04:30:00.123456Z') }, viewer, 'INSTANT').after).toEqual({ sortKey: '2026-03-02T04:30:00.123456Z', id });
    // JavaScript rolls 30 February over to 2 March; Postgres refuses it — so does the cursor.
    expect(refusal(() => parsePage({ after: after('2026-02-30T00:00:00.000000Z') }, viewer, 'INSTANT'))).toBe('BAD_USER_INPUT');
    expect(refusal(() => parsePage({ after: after('not a time') }, viewer, 'INSTANT'))).toBe('BAD_USER_INPUT');
    expect(refusal(() => parsePage({ after: after('Bread') }, viewer, 'INSTANT'))).toBe('BAD_USER_INPUT');
  });

  it('NAME: any text Postgres can hold, never U+0000', () => {
    expect(parsePage({ after: after('Pain de campagne') }, viewer, 'NAME').after?.sortKey).toBe('Pain de campagne');
    expect(refusal(() => parsePage({ after: after('Pain\u0000') }, viewer, 'NAME'))).toBe('BAD_USER_INPUT');
    expect(refusal(() => parsePage({ after: after('x'.repeat(1001)) }, viewer, 'NAME'))).toBe('BAD_USER_INPUT');
  });

  it('refuses what is not a cursor at all, and ids that are not UUIDs', () => {
    expect(refusal(() => parsePage({ after: 'garbage' }, viewer, 'NAME'))).toBe('BAD_USER_INPUT');
    expect(refusal(() => parsePage({ after: encodeCursor({ sortKey: 'a', id: 'not-a-uuid' }) }, viewer, 'NAME'))).toBe('BAD_USER_INPUT');
  });
});
