/**
 * The files context's error catalogue: one class per failure, each with a stable
 * `code`, an HTTP `status` and a `title`; context values go into `extra` (rendered as
 * problem+json members by the root handler in `platform/errors.ts`).
 */
import { AppError } from '../platform/errors.js';

export class InvalidFileKeyError extends AppError {
  readonly code = 'FILE_KEY_INVALID';
  readonly status = 400;
  readonly title = 'Invalid file key';
  constructor(key: string, reason: string) {
    super(`The file key is invalid: ${reason}.`, { extra: { key: String(key).slice(0, 200), reason } });
  }
}

export class BucketNotFoundError extends AppError {
  readonly code = 'BUCKET_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Bucket not found';
  constructor(bucketId: string) {
    super(`No file bucket ${bucketId}.`);
  }
}

export class FileNotFoundError extends AppError {
  readonly code = 'FILE_NOT_FOUND';
  readonly status = 404;
  readonly title = 'File not found';
  constructor(key: string, detail = `No file with key "${key}".`) {
    super(detail, { extra: { key } });
  }
}

export class FileExistsError extends AppError {
  readonly code = 'FILE_EXISTS';
  readonly status = 409;
  readonly title = 'File already exists';
  constructor(key: string, detail = `A file with key "${key}" already exists.`) {
    super(detail, { extra: { key } });
  }
}

export class BucketLockedError extends AppError {
  readonly code = 'FILES_LOCKED';
  readonly status = 409;
  readonly title = 'Files are locked';
  constructor() {
    super('The files of a published version are immutable; create a new version to change them.');
  }
}

export class FilesPendingError extends AppError {
  readonly code = 'FILES_PENDING';
  readonly status = 400;
  readonly title = 'Files not committed';
  constructor(keys: string[]) {
    super(`${keys.length} file(s) are not committed yet.`, { extra: { pending: keys } });
  }
}

export class DigestMismatchError extends AppError {
  readonly code = 'DIGEST_MISMATCH';
  readonly status = 422;
  readonly title = 'Checksum mismatch';
  constructor(algorithm: 'md5' | 'sha256', expected: string, actual: string) {
    super(`The ${algorithm} of the received content is ${actual}, expected ${expected}.`, { extra: { algorithm, expected, actual } });
  }
}

export class InvalidDigestHeaderError extends AppError {
  readonly code = 'DIGEST_HEADER_INVALID';
  readonly status = 400;
  readonly title = 'Invalid digest header';
  constructor(header: string, reason: string) {
    super(`The ${header} header is malformed: ${reason}.`, { extra: { header } });
  }
}

export class FileTooLargeError extends AppError {
  readonly code = 'FILE_TOO_LARGE';
  readonly status = 413;
  readonly title = 'File too large';
  constructor(maxFileSize: number) {
    super(`A file may hold at most ${maxFileSize} bytes.`, { extra: { max_file_size: maxFileSize } });
  }
}

export class QuotaExceededError extends AppError {
  readonly code = 'QUOTA_EXCEEDED';
  readonly status = 413;
  readonly title = 'Quota exceeded';
  constructor(quota: number, available: number) {
    super(`The files of one record may hold at most ${quota} bytes; ${Math.max(0, available)} bytes are left.`, {
      extra: { quota_bytes: quota, available_bytes: Math.max(0, available) },
    });
  }
}

export class TooManyFilesError extends AppError {
  readonly code = 'TOO_MANY_FILES';
  readonly status = 413;
  readonly title = 'Too many files';
  constructor(maxFiles: number) {
    super(`A record may hold at most ${maxFiles} files.`, { extra: { max_files: maxFiles } });
  }
}

export class SizeMismatchError extends AppError {
  readonly code = 'SIZE_MISMATCH';
  readonly status = 400;
  readonly title = 'Size mismatch';
  constructor(expected: number, actual: number | null, detail?: string) {
    super(detail ?? `The content is ${actual ?? 'more than ' + expected} bytes long, but ${expected} bytes were declared.`, {
      extra: { expected, ...(actual === null ? {} : { actual }) },
    });
  }
}

export class ContentMissingError extends AppError {
  readonly code = 'FILE_CONTENT_MISSING';
  readonly status = 400;
  readonly title = 'File content missing';
  constructor(key: string) {
    super(`Upload the content of "${key}" before committing it.`, { extra: { key } });
  }
}

export class PartMissingError extends AppError {
  readonly code = 'FILE_PARTS_MISSING';
  readonly status = 400;
  readonly title = 'File parts missing';
  constructor(key: string, missing: number[]) {
    super(`Parts ${missing.join(', ')} of "${key}" have not been uploaded.`, { extra: { key, missing_parts: missing } });
  }
}

export class InvalidPartError extends AppError {
  readonly code = 'FILE_PART_INVALID';
  readonly status = 400;
  readonly title = 'Invalid file part';
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(detail, { extra });
  }
}

export class TransferTypeError extends AppError {
  readonly code = 'FILE_TRANSFER_TYPE';
  readonly status = 400;
  readonly title = 'Wrong transfer type';
  constructor(key: string, type: 'L' | 'M') {
    super(
      type === 'M'
        ? `"${key}" is a multipart upload: send its parts, then commit.`
        : `"${key}" is a single-request upload: send its content in one request.`,
      { extra: { key, transfer_type: type } },
    );
  }
}

export class UploadAbortedError extends AppError {
  readonly code = 'UPLOAD_ABORTED';
  readonly status = 400;
  readonly title = 'Upload aborted';
  constructor(cause?: unknown) {
    super('The upload was interrupted before all content arrived; nothing was kept.');
    if (cause !== undefined) this.cause = cause;
  }
}

export class UploadConflictError extends AppError {
  readonly code = 'FILE_UPLOAD_CONFLICT';
  readonly status = 409;
  readonly title = 'Upload changed';
  constructor(key: string) {
    super(`The parts of "${key}" changed while it was being committed; commit again.`, { extra: { key } });
  }
}

export class RangeNotSatisfiableError extends AppError {
  readonly code = 'RANGE_NOT_SATISFIABLE';
  readonly status = 416;
  readonly title = 'Range not satisfiable';
  constructor(size: number) {
    super(`The requested range lies outside the file's ${size} bytes.`, { headers: { 'Content-Range': `bytes */${size}` } });
  }
}
