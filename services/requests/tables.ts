import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

/** The kinds of request (issue 3, point 7). */
export const REQUEST_TYPES = ['publish-review', 'embargo-extension', 'early-lift', 'access-request'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = ['submitted', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What a request asks for, by type; kept as jsonb. */
export interface RequestPayload {
  /** The requester's message. */
  message?: string | null;
  /** The record's first title when the request was made (for lists and mail). */
  record_title?: string;
  /** embargo-extension: the new end of the embargo (YYYY-MM-DD) and the end when asked. */
  until?: string;
  previous_until?: string | null;
  /** access-request: when the requested grant should end (ISO 8601), if the requester asks for an end. */
  expires_at?: string | null;
  /** publish-review: why the draft needs a review (`sensitive`, `personal-data`, `all-publishes`). */
  reasons?: string[];
  /** publish-review: the draft revision the review was asked for. */
  revision_id?: number;
}

export interface RequestsTable {
  id: string;
  type: RequestType;
  status: RequestStatus;
  /** The record or draft (they share ids) the request is about. */
  record_id: string;
  parent_id: string;
  created_by: string;
  /** `curators` (every curator and administrator) or `user` (the record's owner, for access requests). */
  receiver_type: 'curators' | 'user';
  receiver_id: string | null;
  payload: JsonColumn<RequestPayload>;
  /**
   * publish-review, once accepted: the draft revision the curator approved. The publish gate
   * lets exactly that revision through, once; a publish, a change of files or the draft's
   * deletion clears it.
   */
  approved_revision: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
  /** A request still `submitted` at this instant becomes `expired`. */
  expires_at: Date | null;
}
export type RequestRow = Selectable<RequestsTable>;
export type NewRequestRow = Insertable<RequestsTable>;
export type RequestRowUpdate = Updateable<RequestsTable>;

export type RequestEventType = 'comment' | 'action';
export type RequestAction = 'submitted' | 'accepted' | 'declined' | 'cancelled' | 'expired';

/** One entry of a request's timeline; the table refuses UPDATE and DELETE. */
export interface RequestEventsTable {
  id: ColumnType<number, never, never>;
  request_id: string;
  type: RequestEventType;
  /** For `action` entries: what happened. */
  action: RequestAction | null;
  /** Null for the system (expiry). */
  actor_id: string | null;
  content: string;
  created_at: ColumnType<Date, Date, never>;
}
export type RequestEventRow = Selectable<RequestEventsTable>;
export type NewRequestEventRow = Insertable<RequestEventsTable>;

export interface RequestsTables {
  requests: RequestsTable;
  request_events: RequestEventsTable;
}
