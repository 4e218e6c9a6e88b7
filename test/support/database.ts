import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';

/** The machine's Postgres used by the tests (override with TEST_POSTGRES_URL). */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function databaseUrl(name: string, serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates a fresh, migrated database with a random name on `serverUrl` (any database URL of that server); `drop()` removes it. */
export async function createTestDatabase(prefix = 'levain_test', serverUrl = TEST_SERVER_URL): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(serverUrl, 1);
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = databaseUrl(name, serverUrl);
  const db = createDb(url, 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    url,
    async drop() {
      const server = createDb(serverUrl, 1);
      try {
        await server.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await server.destroy();
      }
    },
  };
}

/** Counts the SQL statements a knex instance runs; `reset()` starts again from 0. */
export function countQueries(db: Db): { readonly count: number; readonly statements: string[]; reset(): void } {
  const statements: string[] = [];
  db.on('query', (query: { sql: string }) => statements.push(query.sql));
  return {
    get count() {
      return statements.length;
    },
    statements,
    reset() {
      statements.length = 0;
    },
  };
}
