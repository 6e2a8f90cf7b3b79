import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import type { DraftRow, Metadata, ParentRow, Pids, RecordAccess, RecordRow } from './tables.js';

export interface RecordLikeValues {
  id: string;
  parent_id: string;
  version_index: number;
  revision_id: number;
  metadata: Metadata;
  access: RecordAccess;
  files_enabled: boolean;
  profile: string | null;
  bucket_id: string;
  pids: Pids;
  created_at: Date;
  updated_at: Date;
}

function jsonColumns(v: { metadata: Metadata; access: RecordAccess; pids: Pids }) {
  return { metadata: jsonb(v.metadata), access: jsonb(v.access), pids: jsonb(v.pids) };
}

/** Kysely queries for parents, drafts and published records. */
export const recordsRepo = {
  async insertParent(db: Executor, row: ParentRow): Promise<void> {
    await db.insertInto('parents').values(row).execute();
  },
  async findParent(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ParentRow | undefined> {
    let q = db.selectFrom('parents').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },
  async deleteParent(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('parents').where('id', '=', id).execute();
  },
  async anyParent(db: Executor): Promise<boolean> {
    return (await db.selectFrom('parents').select('id').limit(1).executeTakeFirst()) !== undefined;
  },
  async findParents(db: Executor, ids: string[]): Promise<ParentRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('parents').selectAll().where('id', 'in', ids).execute();
  },

  async insertDraft(db: Executor, v: RecordLikeValues): Promise<DraftRow> {
    return db.insertInto('drafts').values({ ...v, ...jsonColumns(v) }).returningAll().executeTakeFirstOrThrow();
  },
  async findDraft(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<DraftRow | undefined> {
    let q = db.selectFrom('drafts').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },
  async updateDraft(
    db: Executor,
    id: string,
    v: Pick<RecordLikeValues, 'metadata' | 'access' | 'pids' | 'files_enabled' | 'profile' | 'revision_id' | 'updated_at'>,
  ): Promise<DraftRow> {
    return db
      .updateTable('drafts')
      .set({ ...v, ...jsonColumns(v) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async deleteDraft(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('drafts').where('id', '=', id).execute();
  },
  /** The unpublished next-version draft of a parent, if one exists. */
  async findNewVersionDraft(db: Executor, parentId: string): Promise<DraftRow | undefined> {
    return db
      .selectFrom('drafts as d')
      .selectAll('d')
      .where('d.parent_id', '=', parentId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('records as r').select('r.id').whereRef('r.id', '=', 'd.id'))))
      .executeTakeFirst();
  },

  async insertRecord(db: Executor, v: RecordLikeValues & { publication_date: Date }): Promise<RecordRow> {
    return db.insertInto('records').values({ ...v, ...jsonColumns(v) }).returningAll().executeTakeFirstOrThrow();
  },
  async updateRecord(
    db: Executor,
    id: string,
    v: Pick<RecordLikeValues, 'metadata' | 'access' | 'pids' | 'files_enabled' | 'profile' | 'revision_id' | 'updated_at'>,
  ): Promise<RecordRow> {
    return db
      .updateTable('records')
      .set({ ...v, ...jsonColumns(v) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async findRecord(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<RecordRow | undefined> {
    let q = db.selectFrom('records').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },
  async markDeleted(db: Executor, id: string, v: { deleted_at: Date; deletion_reason: string; deleted_by: string | null; updated_at: Date }): Promise<void> {
    await db.updateTable('records').set(v).where('id', '=', id).execute();
  },
  async recordExists(db: Executor, id: string): Promise<boolean> {
    return (await db.selectFrom('records').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  },
  async idTaken(db: Executor, id: string): Promise<boolean> {
    const row = await db
      .selectFrom('parents')
      .select('id')
      .where('id', '=', id)
      .union(db.selectFrom('drafts').select('id').where('id', '=', id))
      .union(db.selectFrom('records').select('id').where('id', '=', id))
      .executeTakeFirst();
    return row !== undefined;
  },
  /** Published versions of a parent, newest first. */
  async listVersions(db: Executor, parentId: string): Promise<RecordRow[]> {
    return db.selectFrom('records').selectAll().where('parent_id', '=', parentId).orderBy('version_index', 'desc').execute();
  },
  /** The highest version index used by the parent (published or draft). */
  async maxVersionIndex(db: Executor, parentId: string): Promise<number> {
    const row = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('records')
          .select('version_index')
          .where('parent_id', '=', parentId)
          .unionAll(eb.selectFrom('drafts').select('version_index').where('parent_id', '=', parentId))
          .as('v'),
      )
      .select((eb) => eb.fn.max('v.version_index').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  },

  /**
   * The caller's records for "my uploads": one entry per id — the draft when there is one
   * (new or editing), else the published record — newest change first.
   */
  async listOwned(db: Executor, ownerId: string, offset: number, limit: number): Promise<{ ids: Array<{ id: string; is_draft: boolean }>; total: number }> {
    const owned = db
      .selectFrom('drafts as d')
      .innerJoin('parents as p', 'p.id', 'd.parent_id')
      .select(['d.id', 'd.updated_at', sql<boolean>`true`.as('is_draft')])
      .where('p.owner_id', '=', ownerId)
      .unionAll(
        db
          .selectFrom('records as r')
          .innerJoin('parents as p', 'p.id', 'r.parent_id')
          .select(['r.id', 'r.updated_at', sql<boolean>`false`.as('is_draft')])
          .where('p.owner_id', '=', ownerId)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('drafts as d2').select('d2.id').whereRef('d2.id', '=', 'r.id')))),
      );
    const [rows, count] = await Promise.all([
      db.selectFrom(owned.as('o')).select(['o.id', 'o.is_draft']).orderBy('o.updated_at', 'desc').orderBy('o.id').offset(offset).limit(limit).execute(),
      db.selectFrom(owned.as('o')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { ids: rows, total: Number(count.n) };
  },
};
