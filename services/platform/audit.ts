/**
 * The append-only audit log: who did what to which subject, with before/after.
 * The table refuses UPDATE and DELETE (trigger in the platform migration).
 */
import { jsonb } from './db/json.js';
import type { Executor } from './db/database.js';
import type { AuditLogRow } from './tables.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export interface AuditPage {
  entries: AuditLogRow[];
  /** Pass as `after` to read the next page; absent on the last page. */
  next?: number;
}

/** Queries on `audit_log`; writes happen inside the caller's unit of work. */
export const auditRepo = {
  async append(db: Executor, at: Date, entry: AuditEntry): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        at,
        actor_id: entry.actorId,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        before: entry.before === undefined ? null : jsonb(entry.before),
        after: entry.after === undefined ? null : jsonb(entry.after),
        request_id: entry.requestId ?? null,
      })
      .execute();
  },

  /** Keyset-paged, oldest first. */
  async list(db: Executor, subjectType: string, subjectIds: string[], after: number | undefined, size: number): Promise<AuditPage> {
    let q = db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', 'in', subjectIds)
      .orderBy('id')
      .limit(size + 1);
    if (after) q = q.where('id', '>', after);
    const rows = await q.execute();
    const entries = rows.slice(0, size);
    return rows.length > size ? { entries, next: entries[entries.length - 1]!.id } : { entries };
  },
};
