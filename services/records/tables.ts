import type { ColumnType, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

export interface RecordAccess {
  record: 'public' | 'restricted';
  files: 'public' | 'restricted';
  embargo: { active: boolean; until: string | null; reason: string | null };
}
export type Metadata = Record<string, unknown>;
export type Pids = Record<string, { identifier: string; provider: string; client?: string; status?: string }>;

export interface ParentsTable {
  id: string;
  owner_id: string;
  /** The concept's pids (the concept DOI, resolving to the latest version); set by the pids context. */
  pids: ColumnType<Pids, Pids | undefined, RawBuilder<Pids>>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
export type ParentRow = Selectable<ParentsTable>;

/** Columns shared by a published record and a draft (a draft of a published record has the same id). */
export type Classification = 'public' | 'internal' | 'confidential' | 'sensitive';

interface RecordLikeTable {
  id: string;
  /** Data classification (seed 000): sensitive records can never be public. */
  classification: ColumnType<Classification, Classification | undefined, Classification>;
  parent_id: string;
  version_index: number;
  revision_id: number;
  metadata: JsonColumn<Metadata>;
  access: JsonColumn<RecordAccess>;
  files_enabled: boolean;
  profile: string | null;
  bucket_id: string;
  pids: JsonColumn<Pids>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface RecordsTable extends RecordLikeTable {
  publication_date: ColumnType<Date, Date, never>;
  /** Set when the record was deleted: a tombstone that keeps its citation and the reason. */
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  deletion_reason: ColumnType<string | null, string | null | undefined, string | null>;
  deleted_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export type RecordRow = Selectable<RecordsTable>;
export type NewRecordRow = Insertable<RecordsTable>;
export type RecordRowUpdate = Updateable<RecordsTable>;

/** A personal identifier found in a draft's files or metadata (the sample is masked). */
export interface PersonalDataFinding {
  kind: string;
  source: string;
  location: Record<string, unknown>;
  sample: string;
}

export interface DraftsTable extends RecordLikeTable {
  /** Findings of the personal-data scan; any finding means publishing needs a curator's decision. */
  personal_data: ColumnType<PersonalDataFinding[], RawBuilder<PersonalDataFinding[]> | undefined, RawBuilder<PersonalDataFinding[]>>;
}
export type DraftRow = Selectable<DraftsTable>;
export type NewDraftRow = Insertable<DraftsTable>;
export type DraftRowUpdate = Updateable<DraftsTable>;

export interface RecordsTables {
  parents: ParentsTable;
  records: RecordsTable;
  drafts: DraftsTable;
}
