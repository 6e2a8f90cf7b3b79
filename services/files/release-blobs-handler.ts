/**
 * The outbox handler for `files.release`: deletes blobs that no entry references any
 * more. Per sha256, in one transaction: lock the blob row, delete it if unreferenced,
 * and if deleted remove the bytes BEFORE commit. A concurrent upload of the same bytes
 * (see `storeBlob`) either holds the row first, and then the delete finds the new
 * reference, or waits for this commit, finds no row, inserts it again and re-places
 * the bytes. Idempotent: a missing row or file is simply done.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { OutboxHandler } from '../platform/outbox-worker.js';
import type { FileStore } from './file-store.js';
import { filesRepo } from './repo.js';

export interface ReleaseBlobsDeps {
  readonly db: Kysely<Database>;
  readonly store: FileStore;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Builds the handler; it throws (and the outbox retries) only on database or I/O failure. */
export function releaseBlobsHandler(deps: ReleaseBlobsDeps): OutboxHandler {
  const { db, store } = deps;
  return async (payload) => {
    const list = Array.isArray(payload.sha256) ? payload.sha256 : [];
    for (const sha256 of new Set(list.filter((s): s is string => typeof s === 'string' && SHA256.test(s)))) {
      await db.transaction().execute(async (trx) => {
        // No row: already released, or inserted by a transaction not yet committed; leave the bytes alone.
        if (!(await filesRepo.lockBlob(trx, sha256, 'update'))) return;
        if (await filesRepo.deleteBlobIfUnreferenced(trx, sha256)) await store.remove(sha256);
      });
    }
  };
}
