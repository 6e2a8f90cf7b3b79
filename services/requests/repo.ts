/** Kysely queries for requests and their timelines. Writes run on the caller's transaction. */
import type { Executor } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import type { NewRequestEventRow, RequestAction, RequestEventRow, RequestPayload, RequestRow, RequestStatus, RequestType } from './tables.js';

export interface NewRequest {
  id: string;
  type: RequestType;
  record_id: string;
  parent_id: string;
  created_by: string;
  receiver_type: 'curators' | 'user';
  receiver_id: string | null;
  payload: RequestPayload;
  created_at: Date;
  expires_at: Date | null;
}

export interface RequestFilter {
  /** Only requests this user made or receives (absent: all, for curators). */
  visibleTo?: string;
  status?: RequestStatus;
  type?: RequestType;
  recordId?: string;
  receiverType?: 'curators' | 'user';
}

/** True for a unique-index violation (the one-open-request indexes). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export const requestsRepo = {
  /** Inserts a `submitted` request. Throws the driver's unique violation when one is open already. */
  async insert(db: Executor, v: NewRequest): Promise<RequestRow> {
    return db
      .insertInto('requests')
      .values({ ...v, status: 'submitted', payload: jsonb(v.payload), updated_at: v.created_at })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async find(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<RequestRow | undefined> {
    let q = db.selectFrom('requests').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  /** The open request of `type` on a record (for access requests: by `createdBy`). */
  async findOpen(db: Executor, type: RequestType, recordId: string, createdBy?: string): Promise<RequestRow | undefined> {
    let q = db.selectFrom('requests').selectAll().where('type', '=', type).where('record_id', '=', recordId).where('status', '=', 'submitted');
    if (createdBy) q = q.where('created_by', '=', createdBy);
    return q.executeTakeFirst();
  },

  /** Moves a `submitted` request to its final status; undefined when it was not `submitted` any more. */
  async close(db: Executor, id: string, v: { status: Exclude<RequestStatus, 'submitted'>; updated_at: Date; approved_revision?: number | null }): Promise<RequestRow | undefined> {
    return db.updateTable('requests').set(v).where('id', '=', id).where('status', '=', 'submitted').returningAll().executeTakeFirst();
  },

  async appendEvent(db: Executor, e: NewRequestEventRow): Promise<RequestEventRow> {
    return db.insertInto('request_events').values(e).returningAll().executeTakeFirstOrThrow();
  },

  /** A request's timeline, oldest first. */
  async events(db: Executor, requestId: string): Promise<RequestEventRow[]> {
    return db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  },

  /** Newest (or oldest) first, offset-paged, with the total. */
  async list(db: Executor, f: RequestFilter, offset: number, limit: number, order: 'newest' | 'oldest' = 'newest'): Promise<{ rows: RequestRow[]; total: number }> {
    let q = db.selectFrom('requests');
    if (f.visibleTo) {
      const me = f.visibleTo;
      q = q.where((eb) => eb.or([eb('created_by', '=', me), eb.and([eb('receiver_type', '=', 'user'), eb('receiver_id', '=', me)])]));
    }
    if (f.status) q = q.where('status', '=', f.status);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.recordId) q = q.where('record_id', '=', f.recordId);
    if (f.receiverType) q = q.where('receiver_type', '=', f.receiverType);
    const direction = order === 'newest' ? 'desc' : 'asc';
    const rows = await q.selectAll().orderBy('created_at', direction).orderBy('id', direction).offset(offset).limit(limit).execute();
    const count = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  },

  /** Moves every `submitted` request due by `now` to `expired`; returns the ids it moved. */
  async expireDue(db: Executor, now: Date): Promise<Array<{ id: string }>> {
    return db
      .updateTable('requests')
      .set({ status: 'expired', updated_at: now })
      .where('status', '=', 'submitted')
      .where('expires_at', '<=', now)
      .returning('id')
      .execute();
  },

  /** Whether any `submitted` request is due by `now` (a cheap probe before `expireDue`). */
  async anyDue(db: Executor, now: Date): Promise<boolean> {
    const row = await db.selectFrom('requests').select('id').where('status', '=', 'submitted').where('expires_at', '<=', now).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** The accepted publish review approving exactly this draft revision, if any. */
  async approvalFor(db: Executor, draftId: string, revision: number): Promise<RequestRow | undefined> {
    return db
      .selectFrom('requests')
      .selectAll()
      .where('type', '=', 'publish-review')
      .where('record_id', '=', draftId)
      .where('status', '=', 'accepted')
      .where('approved_revision', '=', revision)
      .executeTakeFirst();
  },

  /** Voids every approval of a draft (it was published, its files changed, it was deleted). */
  async clearApprovals(db: Executor, draftId: string, now: Date): Promise<number> {
    const r = await db
      .updateTable('requests')
      .set({ approved_revision: null, updated_at: now })
      .where('type', '=', 'publish-review')
      .where('record_id', '=', draftId)
      .where('approved_revision', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};

/** An action entry for the timeline. */
export function actionEvent(requestId: string, action: RequestAction, actorId: string | null, content: string, at: Date): NewRequestEventRow {
  return { request_id: requestId, type: 'action', action, actor_id: actorId, content, created_at: at };
}
