import type { Kysely } from 'kysely';

// OAI-PMH and the sitemap page published records by (updated_at, id).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('records_updated_id').on('records').columns(['updated_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('records_updated_id').execute();
}
