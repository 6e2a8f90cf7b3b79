import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('buckets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quota_bytes', 'bigint', (c) => c.notNull())
    .addColumn('max_files', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('md5', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('file_entries')
    .addColumn('bucket_id', 'text', (c) => c.notNull().references('buckets.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'completed')`))
    .addColumn('transfer_type', 'text', (c) => c.notNull().check(sql`transfer_type in ('L', 'M')`))
    .addColumn('declared_size', 'bigint')
    .addColumn('declared_checksum', 'text')
    .addColumn('part_size', 'bigint')
    .addColumn('parts', 'integer')
    .addColumn('size', 'bigint')
    .addColumn('mimetype', 'text', (c) => c.notNull())
    .addColumn('checksum_md5', 'text')
    .addColumn('checksum_sha256', 'text')
    .addColumn('blob_sha256', 'text', (c) => c.references('blobs.sha256'))
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_entries_pk', ['bucket_id', 'key'])
    .execute();
  await db.schema.createIndex('file_entries_blob').on('file_entries').column('blob_sha256').execute();

  await db.schema
    .createTable('file_parts')
    .addColumn('bucket_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('checksum_md5', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_parts_pk', ['bucket_id', 'key', 'part_number'])
    .addForeignKeyConstraint('file_parts_entry', ['bucket_id', 'key'], 'file_entries', ['bucket_id', 'key'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_parts').execute();
  await db.schema.dropTable('file_entries').execute();
  await db.schema.dropTable('blobs').execute();
  await db.schema.dropTable('buckets').execute();
}
