/**
 * The FileStore port: content-addressed blob storage, keyed by the SHA-256 of the
 * bytes, plus a staging area for uploads in flight and for the parts of multipart
 * uploads. It knows nothing of buckets' rules, records or users; `FilesService` keeps
 * the database (the `blobs` table) and the store in step.
 *
 * Adapters: `LocalFileStore` (a directory tree); an object-store adapter can follow.
 */
import type { Readable, Writable } from 'node:stream';

/** A new staging file being written. */
export interface TempWriter {
  /** Where the bytes go; pass it to `place`, `placePart` or `discardTemp`. */
  readonly path: string;
  /** Write the bytes here; the file is flushed to disk (fsync) before the stream finishes. */
  readonly stream: Writable;
}

/** An inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileStore {
  /** Opens a new, empty staging file on the same filesystem as the blobs. */
  createTempWriter(): Promise<TempWriter>;
  /** Deletes a staging file; a missing one is not an error. */
  discardTemp(tempPath: string): Promise<void>;
  /** Moves a staging file into place as blob `sha256` (atomically); if the blob exists already, drops the staging file. */
  place(tempPath: string, sha256: string): Promise<void>;
  /** Whether blob `sha256` is stored. */
  has(sha256: string): Promise<boolean>;
  /** Opens blob `sha256` (optionally an inclusive byte range) for reading; rejects if it is missing. */
  openRead(sha256: string, range?: Partial<ByteRange>): Promise<Readable>;
  /** Deletes blob `sha256`; a missing blob is not an error. */
  remove(sha256: string): Promise<void>;
  /** Moves a staging file into place as part `partNumber` of upload (bucket, key), replacing an earlier one. */
  placePart(tempPath: string, bucketId: string, key: string, partNumber: number): Promise<void>;
  /** Whether part `partNumber` of upload (bucket, key) is stored. */
  hasPart(bucketId: string, key: string, partNumber: number): Promise<boolean>;
  /** Opens part `partNumber` of upload (bucket, key) for reading; rejects if it is missing. */
  openPart(bucketId: string, key: string, partNumber: number): Promise<Readable>;
  /** Deletes the parts of one upload, or of every upload in the bucket when `key` is omitted. */
  removeParts(bucketId: string, key?: string): Promise<void>;
}
