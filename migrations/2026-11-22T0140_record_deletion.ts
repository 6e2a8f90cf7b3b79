import type { Kysely } from 'kysely';

// Deleting a published record leaves a tombstone: the row stays (its DOI keeps resolving), marked deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('records')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deletion_reason', 'text')
    .addColumn('deleted_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('records').dropColumn('deleted_at').dropColumn('deletion_reason').dropColumn('deleted_by').execute();
}
