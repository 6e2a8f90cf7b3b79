/**
 * Record components: how other contexts take part in a record's life without the
 * records service knowing them (InvenioRDM's service components). The PID context mints
 * DOIs in `beforePublish`; the search context turns `onEvent` into index tasks; both run
 * inside the same unit of work as the change, so they commit or roll back with it.
 */
import type { UnitOfWork } from '../platform/uow.js';
import type { DraftRow, ParentRow, Pids, RecordRow } from './tables.js';

export type RecordEventType =
  | 'draft.created'
  | 'draft.updated'
  | 'draft.deleted'
  | 'record.published'
  | 'record.updated'
  | 'record.deleted'
  | 'files.changed';

export interface RecordEvent {
  type: RecordEventType;
  /** The record/draft id (they share it). */
  id: string;
  parentId: string;
}

export interface PublishContext {
  draft: DraftRow;
  parent: ParentRow;
  /** The published record this draft edits, if any. */
  previous: RecordRow | undefined;
}

export interface RecordComponent {
  readonly name: string;
  /** Runs in the publish transaction before the record is written; returned pids are merged into the record's. Throw to refuse. */
  beforePublish?(uow: UnitOfWork, ctx: PublishContext): Promise<Pids | void>;
  /** Runs in the transaction of every change. */
  onEvent?(uow: UnitOfWork, event: RecordEvent): Promise<void>;
}
