/**
 * A file entry as the files context hands it out: the row, with InvenioRDM's
 * `checksum: "md5:<hex>"` and `transfer` shapes. Bucket-level only: links,
 * permissions and record ids are the records context's business.
 */
import type { FileEntryRow, FileStatus, TransferType } from './tables.js';

export interface FileEntry {
  bucket_id: string;
  key: string;
  status: FileStatus;
  /** Bytes of the uploaded content; null until content arrives. */
  size: number | null;
  mimetype: string;
  /** `md5:<hex>` of the uploaded content, as InvenioRDM reports it; null until content arrives. */
  checksum: string | null;
  checksums: { md5: string | null; sha256: string | null };
  metadata: Record<string, unknown>;
  transfer: { type: TransferType; parts?: number; part_size?: number };
  declared_size: number | null;
  declared_checksum: string | null;
  /** The blob holding the bytes (its sha256); null until content arrives. */
  blob_sha256: string | null;
  created: Date;
  updated: Date;
}

/** Maps a row to the entry handed out. Never throws. */
export function toFileEntry(row: FileEntryRow): FileEntry {
  return {
    bucket_id: row.bucket_id,
    key: row.key,
    status: row.status,
    size: row.size,
    mimetype: row.mimetype,
    checksum: row.checksum_md5 ? `md5:${row.checksum_md5}` : null,
    checksums: { md5: row.checksum_md5, sha256: row.checksum_sha256 },
    metadata: row.metadata,
    transfer:
      row.transfer_type === 'M'
        ? { type: 'M', ...(row.parts !== null ? { parts: row.parts } : {}), ...(row.part_size !== null ? { part_size: row.part_size } : {}) }
        : { type: 'L' },
    declared_size: row.declared_size,
    declared_checksum: row.declared_checksum,
    blob_sha256: row.blob_sha256,
    created: row.created_at,
    updated: row.updated_at,
  };
}
