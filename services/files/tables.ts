import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

export interface BucketsTable {
  id: string;
  /** A locked bucket belongs to a published version: its files never change. */
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  quota_bytes: number;
  max_files: number;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
export type BucketRow = Selectable<BucketsTable>;

export type FileStatus = 'pending' | 'completed';
export type TransferType = 'L' | 'M';

export interface FileEntriesTable {
  bucket_id: string;
  key: string;
  status: FileStatus;
  /** 'L' local (one PUT), 'M' multipart (parts, then commit). */
  transfer_type: TransferType;
  /** Size declared at init, if any; the uploaded content must match it. */
  declared_size: number | null;
  /** Checksum declared at init (`md5:<hex>` or `sha256:<hex>`), if any; the uploaded content must match it. */
  declared_checksum: ColumnType<string | null, string | null | undefined, string | null>;
  part_size: number | null;
  parts: number | null;
  size: number | null;
  mimetype: string;
  checksum_md5: string | null;
  checksum_sha256: string | null;
  /** The content-addressed blob (sha256) holding the bytes, once uploaded. */
  blob_sha256: string | null;
  metadata: JsonColumn<Record<string, unknown>>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}
export type FileEntryRow = Selectable<FileEntriesTable>;
export type NewFileEntryRow = Insertable<FileEntriesTable>;
export type FileEntryRowUpdate = Updateable<FileEntriesTable>;

export interface FilePartsTable {
  bucket_id: string;
  key: string;
  part_number: number;
  size: number;
  checksum_md5: string;
  created_at: ColumnType<Date, Date, never>;
}
export type FilePartRow = Selectable<FilePartsTable>;

export interface BlobsTable {
  sha256: string;
  md5: string;
  size: number;
  created_at: ColumnType<Date, Date, never>;
}
export type BlobRow = Selectable<BlobsTable>;

export interface FilesTables {
  buckets: BucketsTable;
  file_entries: FileEntriesTable;
  file_parts: FilePartsTable;
  blobs: BlobsTable;
}
