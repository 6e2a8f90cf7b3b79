/**
 * A fresh test database with the mail table. Until `migrations/index.ts` lists
 * 2026-11-22T0400_mail, this applies that migration itself; once listed, the
 * migrator has created the table and this does nothing more.
 */
import { sql } from 'kysely';
import * as mailMigration from '../../../migrations/2026-11-22T0400_mail.js';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/test-db.js';

export async function createMailTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const { rows } = await sql<{ t: string | null }>`select to_regclass('sent_mail')::text as t`.execute(database.db);
  if (!rows[0]?.t) await mailMigration.up(database.db);
  return database;
}
