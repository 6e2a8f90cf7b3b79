import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parents_owner').on('parents').column('owner_id').execute();

  for (const table of ['records', 'drafts'] as const) {
    let create = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text', (c) => c.notNull().references('parents.id'))
      .addColumn('version_index', 'integer', (c) => c.notNull())
      .addColumn('revision_id', 'integer', (c) => c.notNull())
      .addColumn('metadata', 'jsonb', (c) => c.notNull())
      .addColumn('access', 'jsonb', (c) => c.notNull())
      .addColumn('files_enabled', 'boolean', (c) => c.notNull())
      .addColumn('profile', 'text')
      .addColumn('bucket_id', 'text', (c) => c.notNull().references('buckets.id'))
      .addColumn('pids', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull());
    if (table === 'records') create = create.addColumn('publication_date', 'timestamptz', (c) => c.notNull());
    // A version index is unique per parent, whatever the concurrency.
    await create.addUniqueConstraint(`${table}_parent_version`, ['parent_id', 'version_index']).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drafts').execute();
  await db.schema.dropTable('records').execute();
  await db.schema.dropTable('parents').execute();
}
