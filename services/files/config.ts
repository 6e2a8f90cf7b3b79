/** What `FilesService` is built from (one frozen object, wired in `services/app.ts`). */
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { UnitOfWorkFactory } from '../platform/uow.js';
import type { FileStore } from './file-store.js';
import type { Md5Offload } from './md5-offload.js';

export interface FilesLimits {
  /** Largest single file, in bytes. */
  readonly maxFileSize: number;
  /** Total bytes one bucket (record version) may hold; stored on each bucket at creation. */
  readonly recordQuota: number;
  /** Most files in one bucket; stored on each bucket at creation. */
  readonly maxFilesPerRecord: number;
}

export interface FilesServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly store: FileStore;
  readonly clock: Clock;
  readonly limits: FilesLimits;
  /** Computes MD5 on a worker thread (a second core) instead of the main thread. */
  readonly md5Offload?: Md5Offload;
}

/** Multipart uploads may have at most this many parts (as S3). */
export const MAX_PARTS = 10_000;
