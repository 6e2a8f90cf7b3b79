/** Loading a bucket or an entry, or failing with the catalogue's error. */
import type { Executor } from '../platform/db/database.js';
import { BucketLockedError, BucketNotFoundError, FileNotFoundError } from './errors.js';
import { filesRepo, type RowLock } from './repo.js';
import type { BucketRow, FileEntryRow } from './tables.js';

/** Throws BucketNotFoundError (404). */
export async function requireBucket(db: Executor, bucketId: string, lock?: RowLock): Promise<BucketRow> {
  const bucket = await filesRepo.findBucket(db, bucketId, lock);
  if (!bucket) throw new BucketNotFoundError(bucketId);
  return bucket;
}

/** Throws BucketNotFoundError (404), BucketLockedError (409). */
export async function requireWritableBucket(db: Executor, bucketId: string, lock?: RowLock): Promise<BucketRow> {
  const bucket = await requireBucket(db, bucketId, lock);
  if (bucket.locked) throw new BucketLockedError();
  return bucket;
}

/** Throws FileNotFoundError (404). */
export async function requireEntry(db: Executor, bucketId: string, key: string, lock?: RowLock): Promise<FileEntryRow> {
  const entry = await filesRepo.findEntry(db, bucketId, key, lock);
  if (!entry) throw new FileNotFoundError(key);
  return entry;
}
