/** Types of the records service (its config, inputs and results). */
import type { Kysely } from 'kysely';
import type { Identity } from '../access/identity.js';
import { type PermissionPolicy } from '../access/policy.js';
import type { GrantPermission } from '../access/tables.js';
import type { FilesService } from '../files/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Executor } from '../platform/db/database.js';
import { type FieldError } from '../platform/errors.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import type { MetadataValidator } from '../platform/validation.js';
import type { RecordComponent } from './components.js';
import type { Classification, DraftRow, Metadata, ParentRow, Pids, RecordAccess, RecordRow } from './tables.js';


export interface RecordsServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly files: FilesService;
  readonly validator: MetadataValidator;
  readonly policy: PermissionPolicy;
  /** Resolves grants and secret links (the access context); absent means no grants exist. */
  readonly grants?: { permissionOn(identity: Identity, parentId: string, db?: Executor): Promise<GrantPermission | null> };
  /** Longest embargo, in years. */
  readonly embargoMaxYears?: number;
  /** Other contexts' parts in a record's life (DOIs, search index), in order. */
  readonly components?: readonly RecordComponent[];
}

export interface DraftInput {
  metadata?: Metadata;
  access?: Partial<Omit<RecordAccess, 'embargo'>> & { embargo?: Partial<RecordAccess['embargo']> };
  files?: { enabled?: boolean };
  profile?: string | null;
  /** Data classification; omitted on an update keeps the draft's (never silently downgraded). */
  classification?: Classification;
}

export interface FilesSummary {
  enabled: boolean;
  count: number;
  total_bytes: number;
  pending: string[];
}

/** What a service call returns about one draft or published record; `serializeRecord` renders it. */
export interface RecordResult {
  row: DraftRow | RecordRow;
  isDraft: boolean;
  /** A published record exists under this id (for a draft: it edits that record). */
  isPublished: boolean;
  parent: ParentRow;
  files: FilesSummary;
  /** Index of the newest published version of the parent (0 when none). */
  latestIndex: number;
  /** Validation problems of a draft (empty when it may be published). */
  errors: FieldError[];
}

export interface WriteOptions {
  uow?: UnitOfWork;
  /** The revision the caller last saw (If-Match). */
  revisionId?: number;
}

/** The current state of one id, as the search indexer needs it (see `indexSnapshot`). */
export interface IndexSnapshot {
  readonly id: string;
  /** The open draft under this id, with its files' keys. */
  readonly draft: (RecordResult & { fileKeys: string[] }) | null;
  /** The live published record under this id (null when never published or deleted), with its files' keys. */
  readonly record: (RecordResult & { fileKeys: string[] }) | null;
  /** The live published versions of its concept, newest first (empty when the id is gone). */
  readonly versions: Array<{ id: string; index: number }>;
}

export type Row = DraftRow | RecordRow;

/** Where pids are stored: a published record, a draft, or a parent (the concept). */
export interface PidTarget {
  kind: 'record' | 'draft' | 'parent';
  id: string;
}

/** What `pidsOf` reports: the pids, whether the record is deleted (a parent: has no live version), restricted, and a parent's newest live version. */
export interface PidHolder {
  pids: Pids;
  deleted: boolean;
  restricted: boolean;
  latestId?: string;
}

/** Filters of `listPublishedSince`; `from` inclusive, `until` exclusive (on updated_at). */
export interface PublishedQuery {
  from?: Date;
  until?: Date;
  /** DataCite `types.resourceTypeGeneral`. */
  resourceType?: string;
  ids?: string[];
  includeDeleted?: boolean;
}

/** One published record (or tombstone) as `listPublishedSince` enumerates it. */
export interface PublishedEntry {
  id: string;
  parentId: string;
  /** The datestamp: when the record last changed (published, edited, deleted). */
  updatedAt: Date;
  deleted: boolean;
  resourceType: string | null;
  /** Opaque keyset position of this entry; pass it as `after` to continue after it. */
  position: string;
}


// The read filter in SQL: public records, the caller's own (`user:`) and secret links' parents
// (`link:`). Group and user grants are not resolved here, so grantees see less, never more.
