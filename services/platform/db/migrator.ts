import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import type { Database } from './database.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Applies every pending migration in order (Kysely's lock and ordering check). Throws `MigrationError`. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  // Kysely's own tables go in the schema the connection works in (its search_path): otherwise a
  // kysely_migration table in ANY other schema of the database makes the migrator skip creating ours.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return results;
}
