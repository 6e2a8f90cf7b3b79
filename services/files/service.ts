/**
 * FilesService: bucket-level file storage. A bucket holds the files of one draft or
 * record version; once locked (published) it never changes. No knowledge of records,
 * users or permissions: the records context checks those and calls this service.
 *
 * Writes take the caller's `uow` and run on `uow.trx`, so they commit with the
 * caller's own changes and audit entries. Uploads are two-phase: `receive*` streams the
 * bytes into the store's staging area with no transaction open and no database writes,
 * `attach*` records them inside a transaction; `put*` does both. `commit` opens its own
 * transaction (a multipart commit streams first) and takes an `inTx` callback so the
 * caller can write its audit entry in the same transaction as the status change.
 * Blobs no entry references any more are released through the outbox (`files.release`,
 * see `release-blobs-handler.ts`).
 */
import type { Readable } from 'node:stream';
import type { Executor } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWork } from '../platform/uow.js';
import { registerBlobRelease } from './blobs.js';
import { commitFile, type CommitOptions } from './commit.js';
import type { FilesServiceConfig } from './config.js';
import { attachContent, receiveContent, type ReceiveOptions, type StagedContent } from './content-upload.js';
import { FileExistsError, FileNotFoundError, FilesPendingError, QuotaExceededError, RangeNotSatisfiableError, TooManyFilesError } from './errors.js';
import { toFileEntry, type FileEntry } from './file-entry.js';
import type { ByteRange } from './file-store.js';
import { requireBucket, requireEntry, requireWritableBucket } from './guards.js';
import { buildEntryRows, type FileInit } from './init-files.js';
import { attachPart, receivePart, type ReceivePartOptions, type StagedPart, type StoredPart } from './multipart-upload.js';
import { filesRepo } from './repo.js';

export type { CommitOptions, FileEntry, FileInit, ReceiveOptions, ReceivePartOptions, StagedContent, StagedPart, StoredPart };

export interface FilesSummary {
  /** Entries, committed or not. */
  count: number;
  /** Bytes of the content uploaded so far. */
  total_bytes: number;
  /** Keys of the entries not committed yet. */
  pending: string[];
}

/** Options of the one-call uploads: `inTx` runs in the attaching transaction (e.g. an audit entry). */
export interface PutOptions {
  inTx?: (uow: UnitOfWork) => Promise<void>;
  requestId?: string | null;
}

export class FilesService {
  readonly #c: FilesServiceConfig;

  constructor(config: FilesServiceConfig) {
    this.#c = Object.freeze({ ...config, limits: Object.freeze({ ...config.limits }) });
  }

  /** Creates an empty bucket with the configured quota and file count limit. Never throws a catalogue error. */
  async createBucket(uow: UnitOfWork): Promise<string> {
    const id = newId('bkt');
    const { recordQuota, maxFilesPerRecord } = this.#c.limits;
    await filesRepo.insertBucket(uow.trx, { id, quota_bytes: recordQuota, max_files: maxFilesPerRecord, now: uow.clock.now() });
    return id;
  }

  /** Locks a bucket for good (its version is published); idempotent. Throws BucketNotFoundError (404), FilesPendingError (400). */
  async lockBucket(uow: UnitOfWork, bucketId: string): Promise<void> {
    const bucket = await requireBucket(uow.trx, bucketId, 'update');
    if (bucket.locked) return;
    const { pending } = await filesRepo.summary(uow.trx, bucketId);
    if (pending.length > 0) throw new FilesPendingError(pending);
    await filesRepo.lockBucket(uow.trx, bucketId, uow.clock.now());
  }

  /**
   * Deletes a bucket with its entries and upload parts, and registers the release of its
   * blobs. A locked bucket only with `force` (purging a published version).
   * Throws BucketNotFoundError (404), BucketLockedError (409).
   */
  async deleteBucket(uow: UnitOfWork, bucketId: string, opts: { force?: boolean } = {}): Promise<void> {
    if (opts.force) await requireBucket(uow.trx, bucketId, 'update');
    else await requireWritableBucket(uow.trx, bucketId, 'update');
    const blobs = await filesRepo.deleteEntries(uow.trx, bucketId);
    await filesRepo.deleteBucket(uow.trx, bucketId);
    registerBlobRelease(uow, blobs);
    await this.#c.store.removeParts(bucketId);
  }

  /**
   * Copies the committed entries of one bucket into another (a new version importing the
   * previous version's files): the copies share the blobs, no bytes are copied.
   * Throws BucketNotFoundError (404), BucketLockedError/FileExistsError (409), QuotaExceededError/TooManyFilesError (413).
   */
  async importFiles(uow: UnitOfWork, fromBucketId: string, toBucketId: string): Promise<FileEntry[]> {
    const trx = uow.trx;
    await requireBucket(trx, fromBucketId);
    const target = await requireWritableBucket(trx, toBucketId, 'update');
    const sources = (await filesRepo.listEntries(trx, fromBucketId)).filter((e) => e.status === 'completed');
    const clash = await filesRepo.findKeys(trx, toBucketId, sources.map((e) => e.key));
    if (clash.length > 0) throw new FileExistsError(clash[0]!);
    const usage = await filesRepo.usage(trx, toBucketId);
    if (usage.count + sources.length > target.max_files) throw new TooManyFilesError(target.max_files);
    const bytes = sources.reduce((sum, e) => sum + (e.size ?? 0), 0);
    if (usage.bytes + bytes > target.quota_bytes) throw new QuotaExceededError(target.quota_bytes, target.quota_bytes - usage.bytes);
    const now = uow.clock.now();
    const rows = await filesRepo.insertEntries(
      trx,
      sources.map(({ bucket_id: _from, created_at: _c, updated_at: _u, metadata, ...rest }) => ({
        ...rest,
        bucket_id: toBucketId,
        metadata: jsonb(metadata),
        created_at: now,
        updated_at: now,
      })),
    );
    return rows.map(toFileEntry);
  }

  /** Counts a bucket's files and bytes and lists the uncommitted keys. Never throws a catalogue error. */
  async summary(db: Executor, bucketId: string): Promise<FilesSummary> {
    return filesRepo.summary(db, bucketId);
  }

  /**
   * Declares new files (InvenioRDM's "init"): entries in status `pending`, waiting for content.
   * Throws InvalidFileKeyError/ValidationError (400), BucketNotFoundError (404),
   * BucketLockedError/FileExistsError (409), FileTooLargeError/QuotaExceededError/TooManyFilesError (413).
   */
  async initFiles(uow: UnitOfWork, bucketId: string, entries: FileInit[]): Promise<FileEntry[]> {
    const bucket = await requireWritableBucket(uow.trx, bucketId, 'update');
    const keys = Array.isArray(entries) ? entries.map((e) => e?.key).filter((k): k is string => typeof k === 'string') : [];
    const existing = new Set(await filesRepo.findKeys(uow.trx, bucketId, keys));
    const usage = await filesRepo.usage(uow.trx, bucketId);
    const rows = buildEntryRows(bucket, usage, existing, entries, this.#c.limits, uow.clock.now());
    return (await filesRepo.insertEntries(uow.trx, rows)).map(toFileEntry);
  }

  /** Lists a bucket's entries by key. Throws BucketNotFoundError (404). */
  async list(db: Executor, bucketId: string): Promise<FileEntry[]> {
    await requireBucket(db, bucketId);
    return (await filesRepo.listEntries(db, bucketId)).map(toFileEntry);
  }

  /** One entry, committed or not. Throws FileNotFoundError (404). */
  async get(db: Executor, bucketId: string, key: string): Promise<FileEntry> {
    return toFileEntry(await requireEntry(db, bucketId, key));
  }

  /**
   * Opens a committed file's content, whole or an inclusive byte range.
   * Throws FileNotFoundError (404; also for uncommitted files), RangeNotSatisfiableError (416).
   */
  async openContent(db: Executor, bucketId: string, key: string, range?: ByteRange): Promise<{ entry: FileEntry; stream: Readable }> {
    const row = await filesRepo.findEntry(db, bucketId, key);
    if (!row || row.status !== 'completed' || !row.blob_sha256) throw new FileNotFoundError(key);
    const size = row.size ?? 0;
    if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end < size)) {
      throw new RangeNotSatisfiableError(size);
    }
    return { entry: toFileEntry(row), stream: await this.#c.store.openRead(row.blob_sha256, range) };
  }

  /**
   * Deletes one file (any status) and its upload parts; registers the release of its blob.
   * Returns the deleted entry. Throws BucketNotFoundError/FileNotFoundError (404), BucketLockedError (409).
   */
  async deleteFile(uow: UnitOfWork, bucketId: string, key: string): Promise<FileEntry> {
    await requireWritableBucket(uow.trx, bucketId, 'update');
    const entry = await requireEntry(uow.trx, bucketId, key, 'update');
    await filesRepo.deleteEntry(uow.trx, bucketId, key);
    registerBlobRelease(uow, [entry.blob_sha256]);
    if (entry.transfer_type === 'M') await this.#c.store.removeParts(bucketId, key);
    return toFileEntry(entry);
  }

  /**
   * Streams the content of a single-request (`L`) file into the staging area; no database
   * writes. The byte limit is min(max file size, quota left by the other files, declared
   * size, Content-Length); a known Content-Length over it fails before reading, more bytes
   * fail as soon as they arrive (the source is destroyed). Nothing is kept on failure.
   * Throws BucketNotFoundError/FileNotFoundError (404), BucketLockedError (409),
   * TransferTypeError/SizeMismatchError/UploadAbortedError (400), DigestMismatchError (422),
   * FileTooLargeError/QuotaExceededError (413).
   */
  async receiveContent(bucketId: string, key: string, stream: Readable, opts: ReceiveOptions = {}): Promise<StagedContent> {
    return receiveContent(this.#c, bucketId, key, stream, opts);
  }

  /**
   * Inside the caller's transaction: stores the staged bytes as a blob (shared with any
   * identical content) and points the entry at it. The entry stays (or becomes again)
   * `pending` until committed; a replaced blob is released. On failure call `discard`.
   * Throws 404, 409 (locked), 400 (transfer type, size), 422 (checksum), 413 (quota).
   */
  async attachContent(uow: UnitOfWork, bucketId: string, key: string, staged: StagedContent): Promise<FileEntry> {
    return attachContent(this.#c, uow, bucketId, key, staged);
  }

  /** Deletes staged bytes that will not be attached; harmless after an attach. Never throws a catalogue error. */
  async discard(staged: StagedContent | StagedPart): Promise<void> {
    await this.#c.store.discardTemp(staged.tempPath);
  }

  /** `receiveContent` + `attachContent` in a new transaction (+ `opts.inTx`), discarding on failure. Throws as those do. */
  async putContent(bucketId: string, key: string, stream: Readable, opts: ReceiveOptions & PutOptions = {}): Promise<FileEntry> {
    const staged = await this.receiveContent(bucketId, key, stream, opts);
    try {
      return await this.#c.uow.run(async (uow) => {
        const entry = await this.attachContent(uow, bucketId, key, staged);
        if (opts.inTx) await opts.inTx(uow);
        return entry;
      }, undefined, opts.requestId);
    } finally {
      await this.discard(staged);
    }
  }

  /**
   * Streams part `partNumber` (1-based) of a multipart (`M`) file into the staging area;
   * no database writes. It must hold exactly `part_size` bytes (the last part: the rest).
   * Throws 404, 409 (locked, committed), TransferTypeError/InvalidPartError/UploadAbortedError (400), DigestMismatchError (422).
   */
  async receivePart(bucketId: string, key: string, partNumber: number, stream: Readable, opts: ReceivePartOptions = {}): Promise<StagedPart> {
    return receivePart(this.#c, bucketId, key, partNumber, stream, opts);
  }

  /** Inside the caller's transaction: records the part, replacing an earlier copy. Throws as `receivePart`. */
  async attachPart(uow: UnitOfWork, staged: StagedPart): Promise<StoredPart> {
    return attachPart(this.#c, uow, staged);
  }

  /** `receivePart` + `attachPart` in a new transaction, discarding on failure. Throws as those do. */
  async putPart(bucketId: string, key: string, partNumber: number, stream: Readable, opts: ReceivePartOptions & PutOptions = {}): Promise<StoredPart> {
    const staged = await this.receivePart(bucketId, key, partNumber, stream, opts);
    try {
      return await this.#c.uow.run(async (uow) => {
        const part = await this.attachPart(uow, staged);
        if (opts.inTx) await opts.inTx(uow);
        return part;
      }, undefined, opts.requestId);
    } finally {
      await this.discard(staged);
    }
  }

  /** The parts of a multipart upload received so far. Throws FileNotFoundError (404). */
  async listParts(db: Executor, bucketId: string, key: string): Promise<StoredPart[]> {
    await requireEntry(db, bucketId, key);
    const rows = await filesRepo.listParts(db, bucketId, key);
    return rows.map((p) => ({ part_number: p.part_number, size: p.size, checksum: `md5:${p.checksum_md5}` }));
  }

  /**
   * Commits a file (status `completed`) in a transaction of its own; `opts.inTx(uow, entry)`
   * runs inside it after the change (the caller's audit entry), and throwing there rolls
   * the commit back. A multipart file is first assembled from its parts in order (streamed,
   * outside the transaction), checked against the declared size/checksum, and its parts
   * removed after the commit. Committing a committed file returns it unchanged (no `inTx`).
   * Throws BucketNotFoundError/FileNotFoundError (404), BucketLockedError/UploadConflictError (409),
   * ContentMissingError/PartMissingError/SizeMismatchError (400), DigestMismatchError (422).
   */
  async commit(bucketId: string, key: string, opts: CommitOptions = {}): Promise<FileEntry> {
    return commitFile(this.#c, bucketId, key, opts);
  }
}

export { releaseBlobsHandler } from './release-blobs-handler.js';
export { RELEASE_TOPIC } from './blobs.js';
