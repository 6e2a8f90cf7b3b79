import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import type { Classification, DraftRow, Metadata, ParentRow, PersonalDataFinding, Pids, RecordAccess, RecordRow } from './tables.js';

export interface DraftValues extends RecordLikeValues {
  personal_data?: PersonalDataFinding[];
}

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
  classification?: Classification;
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

  async insertDraft(db: Executor, v: DraftValues): Promise<DraftRow> {
    const { personal_data, ...rest } = v;
    return db
      .insertInto('drafts')
      .values({ ...rest, ...jsonColumns(rest), personal_data: jsonb(personal_data ?? []) })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async setPersonalData(db: Executor, id: string, findings: PersonalDataFinding[]): Promise<void> {
    await db.updateTable('drafts').set({ personal_data: jsonb(findings) }).where('id', '=', id).execute();
  },
  async findDraft(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<DraftRow | undefined> {
    let q = db.selectFrom('drafts').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },
  async updateDraft(
    db: Executor,
    id: string,
    v: Pick<RecordLikeValues, 'metadata' | 'access' | 'pids' | 'files_enabled' | 'profile' | 'classification' | 'revision_id' | 'updated_at'> & { personal_data?: PersonalDataFinding[] },
  ): Promise<DraftRow> {
    const { personal_data, ...rest } = v;
    return db
      .updateTable('drafts')
      .set({ ...rest, ...jsonColumns(rest), ...(personal_data ? { personal_data: jsonb(personal_data) } : {}) })
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
    v: Pick<RecordLikeValues, 'metadata' | 'access' | 'pids' | 'files_enabled' | 'profile' | 'classification' | 'revision_id' | 'updated_at'>,
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
  /** Live published records with an active embargo ending at or before `until`, soonest first. */
  async embargoesDue(db: Executor, until: Date, limit: number): Promise<Array<{ id: string; until: string }>> {
    const rows = await db
      .selectFrom('records')
      .select(['id', sql<string>`access->'embargo'->>'until'`.as('until')])
      .where('deleted_at', 'is', null)
      .where(sql<boolean>`(access->'embargo'->>'active')::boolean`)
      .where(sql<string>`access->'embargo'->>'until'`, '<=', until.toISOString().slice(0, 10))
      .orderBy(sql`access->'embargo'->>'until'`)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows;
  },
  async recordExists(db: Executor, id: string): Promise<boolean> {
    return (await db.selectFrom('records').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  },
  /** Replaces the pids of a published record, a draft or a parent (no new revision: pids are the pids context's). */
  async updatePids(db: Executor, table: 'records' | 'drafts' | 'parents', id: string, pids: Pids): Promise<void> {
    await db.updateTable(table).set({ pids: jsonb(pids) }).where('id', '=', id).execute();
  },
  /** The id of the published record (deleted ones too) or parent carrying `pids[scheme].identifier` (case-insensitive, as DOIs are). */
  async findByPid(db: Executor, table: 'records' | 'parents', scheme: string, identifier: string): Promise<string | undefined> {
    const row = await db
      .selectFrom(table)
      .select('id')
      .where(sql<string>`lower(pids->${sql.lit(scheme)}->>'identifier')`, '=', identifier.toLowerCase())
      .executeTakeFirst();
    return row?.id;
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
  /** The index of the newest published, not deleted version (0 when none). */
  async latestLiveIndex(db: Executor, parentId: string): Promise<number> {
    const row = await db
      .selectFrom('records')
      .select((eb) => eb.fn.max('version_index').as('max'))
      .where('parent_id', '=', parentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.max ?? 0);
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

  /**
   * Published records (tombstones too, unless excluded) in keyset order (updated_at, id) for
   * OAI-PMH and the sitemap, filtered as the access policy's read filter says.
   * `position` is the exact (microsecond) updated_at and the id, so paging never repeats a row.
   */
  async listPublished(db: Executor, q: PublishedFilter & { after?: string; limit: number }): Promise<PublishedRow[]> {
    let query = publishedQuery(db, q).select(['r.id', 'r.parent_id', 'r.updated_at', 'r.deleted_at', sql<string>`${positionSql}`.as('position'), sql<string | null>`r.metadata->'types'->>'resourceTypeGeneral'`.as('resource_type')]);
    if (q.after) {
      const [ts, id] = splitPosition(q.after);
      query = query.where(sql<boolean>`(r.updated_at, r.id) > (cast(${ts} as timestamptz), ${id})`);
    }
    return query.orderBy('r.updated_at').orderBy('r.id').limit(q.limit).execute();
  },
  /** How many rows `listPublished` would return over all pages. */
  async countPublished(db: Executor, q: PublishedFilter): Promise<number> {
    const row = await publishedQuery(db, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },
  /** The position of every `every`-th row in keyset order: page k+1 starts after the k-th one. */
  async publishedPagePositions(db: Executor, q: PublishedFilter, every: number): Promise<string[]> {
    const numbered = publishedQuery(db, q).select([sql<string>`${positionSql}`.as('position'), sql<number>`row_number() over (order by r.updated_at, r.id)`.as('n')]);
    const rows = await db
      .selectFrom(numbered.as('s'))
      .select('s.position')
      .where(sql<boolean>`s.n % ${every} = 0`)
      .orderBy('s.n')
      .execute();
    return rows.map((r) => r.position);
  },
};

/** What `listPublished` may filter on. */
export interface PublishedFilter {
  /** Records whose metadata anyone may read (`access.record` public)… */
  publicOnly: boolean;
  /** …or whose parent belongs to one of these owners… */
  ownerIds: string[];
  /** …or is one of these parents (secret links). */
  parentIds: string[];
  /** updated_at >= from */
  from?: Date;
  /** updated_at < until */
  until?: Date;
  resourceType?: string;
  ids?: string[];
  includeDeleted: boolean;
}

export interface PublishedRow {
  id: string;
  parent_id: string;
  updated_at: Date;
  deleted_at: Date | null;
  position: string;
  resource_type: string | null;
}

const positionSql = sql<string>`to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || r.id`;

function splitPosition(position: string): [string, string] {
  const at = position.indexOf('_');
  return [position.slice(0, at), position.slice(at + 1)];
}

function publishedQuery(db: Executor, q: PublishedFilter) {
  let query = db.selectFrom('records as r').innerJoin('parents as p', 'p.id', 'r.parent_id');
  if (q.publicOnly) {
    const { ownerIds, parentIds } = q;
    query = query.where((eb) =>
      eb.or([
        eb(sql`r.access->>'record'`, '=', 'public'),
        ...(ownerIds.length > 0 ? [eb('p.owner_id', 'in', ownerIds)] : []),
        ...(parentIds.length > 0 ? [eb('p.id', 'in', parentIds)] : []),
      ]),
    );
  }
  if (!q.includeDeleted) query = query.where('r.deleted_at', 'is', null);
  if (q.from) query = query.where('r.updated_at', '>=', q.from);
  if (q.until) query = query.where('r.updated_at', '<', q.until);
  if (q.resourceType !== undefined) query = query.where(sql`r.metadata->'types'->>'resourceTypeGeneral'`, '=', q.resourceType);
  if (q.ids) query = q.ids.length > 0 ? query.where('r.id', 'in', q.ids) : query.where(sql<boolean>`false`);
  return query;
}
