/**
 * Validating an `initFiles` request (InvenioRDM's `POST /draft/files`, an array of
 * `{ key, size?, checksum?, mimetype?, metadata?, transfer? }`) into entry rows.
 */
import mime from 'mime-types';
import { ValidationError } from '../platform/errors.js';
import { normalizeChecksum } from './checksum.js';
import { MAX_PARTS, type FilesLimits } from './config.js';
import { FileExistsError, FileTooLargeError, QuotaExceededError, TooManyFilesError } from './errors.js';
import { validateFileKey } from './keys.js';
import type { BucketRow, NewFileEntryRow } from './tables.js';
import { jsonb } from '../platform/db/json.js';

export interface FileInit {
  key: string;
  /** The size the content will have; checked against the limits now and against the content later. */
  size?: number;
  /** `md5:<hex>` or `sha256:<hex>`; the content must match. */
  checksum?: string;
  mimetype?: string;
  metadata?: Record<string, unknown>;
  /** `L` (default): one request with the content. `M`: `parts` parts of `part_size` bytes (the last the remainder). */
  transfer?: { type: 'L' | 'M'; parts?: number; part_size?: number };
}

/** The type of a key's extension, or `application/octet-stream`. Never throws. */
export function mimetypeOf(key: string): string {
  return mime.lookup(key) || 'application/octet-stream';
}

function invalid(pointer: string, message: string): never {
  throw new ValidationError('Invalid file entry.', { errors: [{ pointer, message }] });
}

function count(value: unknown, pointer: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) invalid(pointer, `must be an integer >= ${min}`);
  return value;
}

/**
 * Builds the rows for new entries of `bucket`, which already holds `usage`.
 * Throws InvalidFileKeyError/ValidationError (400), FileExistsError (409),
 * FileTooLargeError/QuotaExceededError/TooManyFilesError (413).
 */
export function buildEntryRows(
  bucket: BucketRow,
  usage: { count: number; bytes: number },
  existingKeys: ReadonlySet<string>,
  inputs: readonly FileInit[],
  limits: FilesLimits,
  now: Date,
): NewFileEntryRow[] {
  if (!Array.isArray(inputs)) invalid('', 'must be an array of file entries');
  const seen = new Set<string>();
  let declaredBytes = 0;
  const rows = inputs.map((input, i): NewFileEntryRow => {
    if (typeof input !== 'object' || input === null) invalid(`/${i}`, 'must be an object');
    validateFileKey(input.key);
    const key = input.key;
    if (seen.has(key) || existingKeys.has(key)) throw new FileExistsError(key);
    seen.add(key);
    const size = input.size === undefined || input.size === null ? null : count(input.size, `/${i}/size`, 0);
    if (size !== null && size > limits.maxFileSize) throw new FileTooLargeError(limits.maxFileSize);
    declaredBytes += size ?? 0;
    const checksum = input.checksum === undefined || input.checksum === null ? null : normalizeChecksum(input.checksum, `/${i}/checksum`);
    if (input.mimetype !== undefined && (typeof input.mimetype !== 'string' || !/^[\w.+-]+\/[\w.+-]+/.test(input.mimetype) || input.mimetype.length > 255)) {
      invalid(`/${i}/mimetype`, 'must be a media type such as text/csv');
    }
    const metadata = input.metadata ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) invalid(`/${i}/metadata`, 'must be an object');
    const type = input.transfer?.type ?? 'L';
    if (type !== 'L' && type !== 'M') invalid(`/${i}/transfer/type`, 'must be L (one request) or M (multipart)');
    let parts: number | null = null;
    let partSize: number | null = null;
    if (type === 'M') {
      if (size === null) invalid(`/${i}/size`, 'is required for a multipart upload');
      parts = count(input.transfer?.parts, `/${i}/transfer/parts`, 1);
      if (parts > MAX_PARTS) invalid(`/${i}/transfer/parts`, `must be at most ${MAX_PARTS}`);
      partSize = count(input.transfer?.part_size, `/${i}/transfer/part_size`, 1);
      if (parts !== Math.ceil(size / partSize)) {
        invalid(`/${i}/transfer/parts`, `must be ceil(size / part_size) = ${Math.ceil(size / partSize)}`);
      }
    }
    return {
      bucket_id: bucket.id,
      key,
      status: 'pending',
      transfer_type: type,
      declared_size: size,
      declared_checksum: checksum,
      part_size: partSize,
      parts,
      size: null,
      mimetype: input.mimetype ?? mimetypeOf(key),
      checksum_md5: null,
      checksum_sha256: null,
      blob_sha256: null,
      metadata: jsonb(metadata),
      created_at: now,
      updated_at: now,
    };
  });
  if (usage.count + rows.length > bucket.max_files) throw new TooManyFilesError(bucket.max_files);
  if (usage.bytes + declaredBytes > bucket.quota_bytes) throw new QuotaExceededError(bucket.quota_bytes, bucket.quota_bytes - usage.bytes);
  return rows;
}
