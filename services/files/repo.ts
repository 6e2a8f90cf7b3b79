/**
 * Queries on `buckets`, `file_entries`, `file_parts` and `blobs`. Every function takes
 * the executor first (the database, or the caller's open transaction: inside a
 * transaction always pass `uow.trx`). No business rules here: those live in the service.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { BucketRow, FileEntryRow, FileEntryRowUpdate, FilePartRow, NewFileEntryRow } from './tables.js';

export type RowLock = 'update' | 'share';

export const filesRepo = {
  async insertBucket(db: Executor, row: { id: string; quota_bytes: number; max_files: number; now: Date }): Promise<void> {
    const { now, ...values } = row;
    await db.insertInto('buckets').values({ ...values, locked: false, created_at: now, updated_at: now }).execute();
  },

  async findBucket(db: Executor, id: string, lock?: RowLock): Promise<BucketRow | undefined> {
    let q = db.selectFrom('buckets').selectAll().where('id', '=', id);
    if (lock === 'update') q = q.forUpdate();
    if (lock === 'share') q = q.forShare();
    return q.executeTakeFirst();
  },

  async lockBucket(db: Executor, id: string, now: Date): Promise<void> {
    await db.updateTable('buckets').set({ locked: true, updated_at: now }).where('id', '=', id).execute();
  },

  async deleteBucket(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('buckets').where('id', '=', id).execute();
  },

  async listEntries(db: Executor, bucketId: string): Promise<FileEntryRow[]> {
    return db.selectFrom('file_entries').selectAll().where('bucket_id', '=', bucketId).orderBy('key').execute();
  },

  async findEntry(db: Executor, bucketId: string, key: string, lock?: RowLock): Promise<FileEntryRow | undefined> {
    let q = db.selectFrom('file_entries').selectAll().where('bucket_id', '=', bucketId).where('key', '=', key);
    if (lock === 'update') q = q.forUpdate();
    if (lock === 'share') q = q.forShare();
    return q.executeTakeFirst();
  },

  async findKeys(db: Executor, bucketId: string, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await db.selectFrom('file_entries').select('key').where('bucket_id', '=', bucketId).where('key', 'in', keys).execute();
    return rows.map((r) => r.key);
  },

  async insertEntries(db: Executor, rows: NewFileEntryRow[]): Promise<FileEntryRow[]> {
    if (rows.length === 0) return [];
    return db.insertInto('file_entries').values(rows).returningAll().execute();
  },

  async updateEntry(db: Executor, bucketId: string, key: string, update: FileEntryRowUpdate): Promise<FileEntryRow> {
    return db
      .updateTable('file_entries')
      .set(update)
      .where('bucket_id', '=', bucketId)
      .where('key', '=', key)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Deletes one entry (its parts cascade); returns the blob it referenced, if any. */
  async deleteEntry(db: Executor, bucketId: string, key: string): Promise<{ blob_sha256: string | null } | undefined> {
    return db.deleteFrom('file_entries').where('bucket_id', '=', bucketId).where('key', '=', key).returning('blob_sha256').executeTakeFirst();
  },

  /** Deletes every entry of a bucket; returns the distinct blobs they referenced. */
  async deleteEntries(db: Executor, bucketId: string): Promise<string[]> {
    const rows = await db.deleteFrom('file_entries').where('bucket_id', '=', bucketId).returning('blob_sha256').execute();
    return [...new Set(rows.flatMap((r) => (r.blob_sha256 ? [r.blob_sha256] : [])))];
  },

  /**
   * Entries and bytes a bucket holds, leaving out `exceptKey`. Bytes count the content of
   * uploaded files and the declared size of files still waiting for theirs.
   */
  async usage(db: Executor, bucketId: string, exceptKey?: string): Promise<{ count: number; bytes: number }> {
    let q = db
      .selectFrom('file_entries')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<number>`coalesce(sum(coalesce(size, declared_size, 0)), 0)::bigint`.as('bytes'),
      ])
      .where('bucket_id', '=', bucketId);
    if (exceptKey !== undefined) q = q.where('key', '<>', exceptKey);
    const row = await q.executeTakeFirstOrThrow();
    return { count: Number(row.count), bytes: Number(row.bytes) };
  },

  async listParts(db: Executor, bucketId: string, key: string): Promise<FilePartRow[]> {
    return db.selectFrom('file_parts').selectAll().where('bucket_id', '=', bucketId).where('key', '=', key).orderBy('part_number').execute();
  },

  /** Records a part; a re-sent part replaces the earlier one. */
  async upsertPart(db: Executor, row: { bucket_id: string; key: string; part_number: number; size: number; checksum_md5: string; now: Date }): Promise<FilePartRow> {
    const { now, ...values } = row;
    return db
      .insertInto('file_parts')
      .values({ ...values, created_at: now })
      .onConflict((oc) => oc.columns(['bucket_id', 'key', 'part_number']).doUpdateSet({ size: values.size, checksum_md5: values.checksum_md5 }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async deleteParts(db: Executor, bucketId: string, key: string): Promise<void> {
    await db.deleteFrom('file_parts').where('bucket_id', '=', bucketId).where('key', '=', key).execute();
  },

  async insertBlobIfMissing(db: Executor, row: { sha256: string; md5: string; size: number; now: Date }): Promise<void> {
    await db
      .insertInto('blobs')
      .values({ sha256: row.sha256, md5: row.md5, size: row.size, created_at: row.now })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  },

  /** Locks a blob row; false when there is none (e.g. a release deleted it meanwhile). */
  async lockBlob(db: Executor, sha256: string, lock: RowLock): Promise<boolean> {
    let q = db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256);
    q = lock === 'update' ? q.forUpdate() : q.forShare();
    return (await q.executeTakeFirst()) !== undefined;
  },

  /** Deletes a blob row unless an entry still references it; true when it was deleted. */
  async deleteBlobIfUnreferenced(db: Executor, sha256: string): Promise<boolean> {
    const result = await db
      .deleteFrom('blobs')
      .where('sha256', '=', sha256)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('file_entries').select(sql`1`.as('one')).where('blob_sha256', '=', sha256))),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Entries (all), bytes of uploaded content, and the keys not committed yet. */
  async summary(db: Executor, bucketId: string): Promise<{ count: number; total_bytes: number; pending: string[] }> {
    const row = await db
      .selectFrom('file_entries')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<number>`coalesce(sum(size), 0)::bigint`.as('total_bytes'),
        sql<string[] | null>`array_agg(key order by key) filter (where status = 'pending')`.as('pending'),
      ])
      .where('bucket_id', '=', bucketId)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), total_bytes: Number(row.total_bytes), pending: row.pending ?? [] };
  },
};
