/**
 * Keeping `blobs` rows and stored bytes in step. A blob is written once per distinct
 * content (entries in many buckets may share it) and released through the outbox when
 * an entry stops referencing it; `releaseBlobsHandler` deletes it once none does.
 */
import type { Executor } from '../platform/db/database.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { FileStore } from './file-store.js';
import { filesRepo } from './repo.js';
import type { StagedBytes } from './stream-to-temp.js';

export const RELEASE_TOPIC = 'files.release';

/**
 * Inside the caller's transaction: ensures the `blobs` row for the staged bytes exists
 * and holds a share lock on it (so a concurrent release waits for this transaction, or
 * this one for the release), then moves the bytes into the store unless they are there.
 * Consumes the staging file either way.
 */
export async function storeBlob(trx: Executor, store: FileStore, staged: StagedBytes, now: Date): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await filesRepo.insertBlobIfMissing(trx, { sha256: staged.sha256, md5: staged.md5, size: staged.size, now });
    // A release may have deleted the row between the insert (a no-op) and the lock: insert again.
    if (await filesRepo.lockBlob(trx, staged.sha256, 'share')) break;
    if (attempt === 5) throw new Error(`blob ${staged.sha256} keeps disappearing`);
  }
  await store.place(staged.tempPath, staged.sha256);
}

/** Registers the release of blobs no longer referenced by some entries (an outbox operation). */
export function registerBlobRelease(uow: UnitOfWork, sha256: Array<string | null | undefined>): void {
  const list = [...new Set(sha256.filter((s): s is string => typeof s === 'string'))];
  if (list.length > 0) uow.register({ topic: RELEASE_TOPIC, payload: { sha256: list } });
}
