import type { TestProject } from 'vitest/node';
import { createDb } from '../../db/client.ts';
import { seedDemoTenants } from '../../db/seeds/index.ts';
import { createTestDatabase } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh database for this test run, migrated and seeded with tenants `demo` and `rival`. */
    databaseUrl: string;
  }
}

/** One fresh, seeded database per `npm test` run, dropped at the end. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const db = createDb(database.url, 2);
  try {
    await seedDemoTenants(db);
  } finally {
    await db.destroy();
  }
  project.provide('databaseUrl', database.url);
  return () => database.drop();
}
