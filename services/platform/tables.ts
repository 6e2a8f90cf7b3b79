import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { JsonColumn } from './db/json.js';

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: JsonColumn<Record<string, unknown>>;
  run_at: ColumnType<Date, Date, Date>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  locked_until: Date | null;
  created_at: ColumnType<Date, Date, never>;
}
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date, never>;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: JsonColumn<unknown> | null;
  after: JsonColumn<unknown> | null;
  request_id: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;

export interface IdempotencyKeyTable {
  owner: string;
  key: string;
  request_hash: string;
  status: number | null;
  content_type: string | null;
  headers: JsonColumn<Record<string, string>> | null;
  body: string | null;
  created_at: ColumnType<Date, Date, never>;
}
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

export interface PlatformTables {
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeyTable;
}
