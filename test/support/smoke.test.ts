import { inject, expect, test } from 'vitest';
import { createDb } from '../../db/client.ts';
import { tenantId } from './graphql.ts';

test('the run database is migrated and seeded with demo and rival', async () => {
  const db = createDb(inject('databaseUrl'), 1);
  try {
    const demo = await tenantId(db, 'demo');
    const rival = await tenantId(db, 'rival');
    expect(demo).not.toBe(rival);
  } finally {
    await db.destroy();
  }
});
