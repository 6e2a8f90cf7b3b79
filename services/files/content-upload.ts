/**
 * Single-request uploads (transfer `L`): stream the body into a staging file with no
 * database writes and no transaction open (`receiveContent`), then attach it to the
 * entry inside the caller's transaction (`attachContent`). The entry stays `pending`
 * until it is committed, as in InvenioRDM.
 */
import type { Readable } from 'node:stream';
import type { UnitOfWork } from '../platform/uow.js';
import { registerBlobRelease, storeBlob } from './blobs.js';
import type { FilesServiceConfig } from './config.js';
import type { ClientDigests } from './digest.js';
import { FileTooLargeError, QuotaExceededError, TransferTypeError } from './errors.js';
import { toFileEntry, type FileEntry } from './file-entry.js';
import { requireEntry, requireWritableBucket } from './guards.js';
import { mimetypeOf } from './init-files.js';
import { filesRepo } from './repo.js';
import { streamToTemp, type StagedBytes } from './stream-to-temp.js';
import { checkReceived, contentLimit } from './upload-limits.js';

/** Content received for one entry, waiting in the staging area to be attached (or discarded). */
export interface StagedContent extends StagedBytes {
  bucketId: string;
  key: string;
}

export interface ReceiveOptions {
  /** The request's Content-Length, when known: checked against the limits before reading. */
  contentLength?: number;
  /** What the client says the digests are (from `parseDigestHeaders`). */
  digests?: ClientDigests;
}

export async function receiveContent(c: FilesServiceConfig, bucketId: string, key: string, stream: Readable, opts: ReceiveOptions): Promise<StagedContent> {
  const bucket = await requireWritableBucket(c.db, bucketId);
  const entry = await requireEntry(c.db, bucketId, key);
  if (entry.transfer_type !== 'L') throw new TransferTypeError(key, entry.transfer_type);
  const usage = await filesRepo.usage(c.db, bucketId, key);
  const bounds = { maxFileSize: c.limits.maxFileSize, quota: bucket.quota_bytes, usedByOthers: usage.bytes, declaredSize: entry.declared_size };
  const limit = contentLimit(bounds, opts.contentLength);
  const bytes = await streamToTemp(stream, c.store, limit, c.md5Offload);
  try {
    checkReceived(bytes, { declaredSize: entry.declared_size, declaredChecksum: entry.declared_checksum, ...opts });
  } catch (err) {
    await c.store.discardTemp(bytes.tempPath);
    throw err;
  }
  return { bucketId, key, ...bytes };
}

export async function attachContent(c: FilesServiceConfig, uow: UnitOfWork, bucketId: string, key: string, staged: StagedContent): Promise<FileEntry> {
  if (staged.bucketId !== bucketId || staged.key !== key) throw new Error(`staged content of ${staged.bucketId}/${staged.key} attached to ${bucketId}/${key}`);
  const trx = uow.trx;
  // The bucket row lock serializes writers of one bucket, so the quota holds under concurrency.
  const bucket = await requireWritableBucket(trx, bucketId, 'update');
  const entry = await requireEntry(trx, bucketId, key, 'update');
  if (entry.transfer_type !== 'L') throw new TransferTypeError(key, entry.transfer_type);
  // The entry may have been deleted and initialised again since the bytes arrived.
  checkReceived(staged, { declaredSize: entry.declared_size, declaredChecksum: entry.declared_checksum });
  if (staged.size > c.limits.maxFileSize) throw new FileTooLargeError(c.limits.maxFileSize);
  const usage = await filesRepo.usage(trx, bucketId, key);
  if (usage.bytes + staged.size > bucket.quota_bytes) throw new QuotaExceededError(bucket.quota_bytes, bucket.quota_bytes - usage.bytes);

  const now = uow.clock.now();
  await storeBlob(trx, c.store, staged, now);
  const row = await filesRepo.updateEntry(trx, bucketId, key, {
    // New content for a committed file (of an unlocked bucket) needs a new commit.
    status: 'pending',
    size: staged.size,
    checksum_md5: staged.md5,
    checksum_sha256: staged.sha256,
    blob_sha256: staged.sha256,
    mimetype: entry.mimetype === 'application/octet-stream' ? mimetypeOf(key) : entry.mimetype,
    updated_at: now,
  });
  if (entry.blob_sha256 && entry.blob_sha256 !== staged.sha256) registerBlobRelease(uow, [entry.blob_sha256]);
  return toFileEntry(row);
}
