/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a
 * schema of its own on the PostgreSQL server named by DATABASE_URL (CI runs the
 * suites both ways). Tests never share tables.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openPGlite, openPostgres, type DatabaseHandle } from '../db/kysely.js';
import { migrateToLatest } from '../db/migrator.js';

export interface TestDatabase extends DatabaseHandle {
  /** Drops the per-file schema (PostgreSQL) and closes. */
  destroy(): Promise<void>;
}

export function testDatabaseUrl(): string | undefined {
  // The one place outside config.ts that looks at the environment: tests pick their engine.
  return process.env.DATABASE_URL || undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (!url) {
    const handle = await openPGlite();
    await migrateToLatest(handle.db);
    return { ...handle, destroy: handle.close };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres({ connectionString: url, maxConnections: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = openPostgres({ connectionString: url, schema });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    destroy: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    },
  };
}
