/**
 * Multipart uploads (transfer `M`, InvenioRDM's multipart transfer): the entry declares
 * `size`, `parts` and `part_size`; each part is sent on its own (in any order, a failed
 * one re-sent alone, a re-sent one replacing the earlier), then `commit` assembles them.
 * Every part but the last holds exactly `part_size` bytes, the last the remainder.
 */
import type { Readable } from 'node:stream';
import type { Executor } from '../platform/db/database.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { FilesServiceConfig } from './config.js';
import { verifyDigests } from './checksum.js';
import { FileExistsError, InvalidPartError, TransferTypeError } from './errors.js';
import { requireEntry, requireWritableBucket } from './guards.js';
import { filesRepo } from './repo.js';
import { streamToTemp, type StagedBytes } from './stream-to-temp.js';
import type { FileEntryRow } from './tables.js';

/** One part received, waiting in the staging area to be attached (or discarded). */
export interface StagedPart extends StagedBytes {
  bucketId: string;
  key: string;
  partNumber: number;
}

export interface StoredPart {
  part_number: number;
  size: number;
  /** `md5:<hex>` */
  checksum: string;
}

export interface ReceivePartOptions {
  contentLength?: number;
  /** Hex MD5 the client sent for this part (e.g. from Content-MD5). */
  md5?: string;
}

/** The size part `n` must have. Throws InvalidPartError (400) for a number out of range. */
export function expectedPartSize(entry: FileEntryRow, partNumber: number): number {
  const parts = entry.parts ?? 0;
  const partSize = entry.part_size ?? 0;
  if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > parts) {
    throw new InvalidPartError(`Part numbers of "${entry.key}" run from 1 to ${parts}.`, { key: entry.key, part_number: partNumber, parts });
  }
  return partNumber < parts ? partSize : (entry.declared_size ?? 0) - partSize * (parts - 1);
}

/** A pending multipart entry of a writable bucket. Throws 404, 409 (locked, committed), 400 (transfer type). */
async function requirePartTarget(db: Executor, bucketId: string, key: string, lock: boolean): Promise<FileEntryRow> {
  await requireWritableBucket(db, bucketId, lock ? 'share' : undefined);
  const entry = await requireEntry(db, bucketId, key, lock ? 'update' : undefined);
  if (entry.transfer_type !== 'M') throw new TransferTypeError(key, entry.transfer_type);
  if (entry.status === 'completed') throw new FileExistsError(key, `"${key}" is committed already; its parts cannot change.`);
  return entry;
}

function wrongSize(key: string, partNumber: number, expected: number, actual: number | null): InvalidPartError {
  return new InvalidPartError(`Part ${partNumber} of "${key}" must hold exactly ${expected} bytes${actual === null ? '' : `, not ${actual}`}.`, {
    key,
    part_number: partNumber,
    expected_size: expected,
    ...(actual === null ? {} : { actual_size: actual }),
  });
}

export async function receivePart(
  c: FilesServiceConfig,
  bucketId: string,
  key: string,
  partNumber: number,
  stream: Readable,
  opts: ReceivePartOptions,
): Promise<StagedPart> {
  const entry = await requirePartTarget(c.db, bucketId, key, false);
  const expected = expectedPartSize(entry, partNumber);
  if (opts.contentLength !== undefined && opts.contentLength !== expected) throw wrongSize(key, partNumber, expected, opts.contentLength);
  const bytes = await streamToTemp(stream, c.store, { bytes: expected, error: () => wrongSize(key, partNumber, expected, null) }, c.md5Offload);
  try {
    if (bytes.size !== expected) throw wrongSize(key, partNumber, expected, bytes.size);
    if (opts.md5 !== undefined) verifyDigests(bytes, { md5: opts.md5 });
  } catch (err) {
    await c.store.discardTemp(bytes.tempPath);
    throw err;
  }
  return { bucketId, key, partNumber, ...bytes };
}

export async function attachPart(c: FilesServiceConfig, uow: UnitOfWork, staged: StagedPart): Promise<StoredPart> {
  const { bucketId, key, partNumber } = staged;
  // The entry row lock orders concurrent re-sends of a part: the row and the file agree.
  const entry = await requirePartTarget(uow.trx, bucketId, key, true);
  const expected = expectedPartSize(entry, partNumber);
  if (staged.size !== expected) throw wrongSize(key, partNumber, expected, staged.size);
  const row = await filesRepo.upsertPart(uow.trx, { bucket_id: bucketId, key, part_number: partNumber, size: staged.size, checksum_md5: staged.md5, now: uow.clock.now() });
  await c.store.placePart(staged.tempPath, bucketId, key, partNumber);
  return { part_number: row.part_number, size: row.size, checksum: `md5:${row.checksum_md5}` };
}
