/**
 * Committing a file: the step that turns an upload into a file of the bucket
 * (status `completed`). A single-request file needs its content; a multipart file
 * needs every part, which are then assembled in order through the hashing stream
 * into one blob (streamed, never buffered, with no transaction open meanwhile).
 *
 * The status change happens in a transaction this module opens; the caller's `inTx`
 * runs in it, after the change, so the caller's audit entry (or any other write)
 * commits or rolls back together with it.
 */
import { Readable } from 'node:stream';
import type { UnitOfWork } from '../platform/uow.js';
import { storeBlob } from './blobs.js';
import type { FilesServiceConfig } from './config.js';
import { ContentMissingError, PartMissingError, SizeMismatchError, UploadConflictError } from './errors.js';
import { toFileEntry, type FileEntry } from './file-entry.js';
import type { FileStore } from './file-store.js';
import { requireEntry, requireWritableBucket } from './guards.js';
import { filesRepo } from './repo.js';
import { streamToTemp, type StagedBytes } from './stream-to-temp.js';
import type { FilePartRow } from './tables.js';
import { checkReceived } from './upload-limits.js';

export interface CommitOptions {
  /**
   * Runs inside the committing transaction, after the entry became `completed` (e.g.
   * `uow.audit(...)`). Throwing rolls the commit back. Not called when the file was
   * committed already (nothing changes then).
   */
  inTx?: (uow: UnitOfWork, entry: FileEntry) => Promise<void>;
  /** Recorded on the unit of work (audit entries). */
  requestId?: string | null;
}

export async function commitFile(c: FilesServiceConfig, bucketId: string, key: string, opts: CommitOptions = {}): Promise<FileEntry> {
  const entry = await requireEntry(c.db, bucketId, key);
  if (entry.status === 'completed') return toFileEntry(entry);
  if (entry.transfer_type === 'L') return c.uow.run((uow) => complete(c, uow, bucketId, key, undefined, opts), undefined, opts.requestId);

  await requireWritableBucket(c.db, bucketId);
  const parts = await filesRepo.listParts(c.db, bucketId, key);
  const missing: number[] = [];
  for (let n = 1; n <= (entry.parts ?? 0); n++) {
    if (!parts.some((p) => p.part_number === n) || !(await c.store.hasPart(bucketId, key, n))) missing.push(n);
  }
  if (missing.length > 0) throw new PartMissingError(key, missing);
  const declared = entry.declared_size ?? 0;
  const source = Readable.from(partsInOrder(c.store, bucketId, key, entry.parts ?? 0), { objectMode: false });
  const staged = await streamToTemp(source, c.store, { bytes: declared, error: () => new SizeMismatchError(declared, null) }, c.md5Offload);
  try {
    checkReceived(staged, { declaredSize: entry.declared_size, declaredChecksum: entry.declared_checksum });
    const committed = await c.uow.run((uow) => complete(c, uow, bucketId, key, { staged, parts }, opts), undefined, opts.requestId);
    // Only after commit: a rollback must leave the parts for another try.
    await c.store.removeParts(bucketId, key);
    return committed;
  } finally {
    await c.store.discardTemp(staged.tempPath);
  }
}

async function* partsInOrder(store: FileStore, bucketId: string, key: string, count: number): AsyncGenerator<Buffer> {
  for (let n = 1; n <= count; n++) yield* await store.openPart(bucketId, key, n);
}

/** The transactional half: re-checks under row locks, then marks the entry completed. */
async function complete(
  c: FilesServiceConfig,
  uow: UnitOfWork,
  bucketId: string,
  key: string,
  assembled: { staged: StagedBytes; parts: FilePartRow[] } | undefined,
  opts: CommitOptions,
): Promise<FileEntry> {
  const trx = uow.trx;
  await requireWritableBucket(trx, bucketId, 'update');
  const entry = await requireEntry(trx, bucketId, key, 'update');
  if (entry.status === 'completed') return toFileEntry(entry);
  const now = uow.clock.now();
  let row;
  if (!assembled) {
    if (!entry.blob_sha256) throw new ContentMissingError(key);
    row = await filesRepo.updateEntry(trx, bucketId, key, { status: 'completed', updated_at: now });
  } else {
    // A part re-sent while we assembled would make the blob stale.
    const current = await filesRepo.listParts(trx, bucketId, key);
    const same = (a: FilePartRow[], b: FilePartRow[]) =>
      a.length === b.length && a.every((p, i) => p.part_number === b[i]!.part_number && p.checksum_md5 === b[i]!.checksum_md5);
    if (entry.transfer_type !== 'M' || !same(current, assembled.parts)) throw new UploadConflictError(key);
    const { staged } = assembled;
    await storeBlob(trx, c.store, staged, now);
    row = await filesRepo.updateEntry(trx, bucketId, key, {
      status: 'completed',
      size: staged.size,
      checksum_md5: staged.md5,
      checksum_sha256: staged.sha256,
      blob_sha256: staged.sha256,
      updated_at: now,
    });
    await filesRepo.deleteParts(trx, bucketId, key);
  }
  const result = toFileEntry(row);
  if (opts.inTx) await opts.inTx(uow, result);
  return result;
}
