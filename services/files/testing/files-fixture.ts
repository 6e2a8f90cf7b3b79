/**
 * A FilesService over a fresh real database (PGlite, or PostgreSQL when DATABASE_URL is
 * set) and a LocalFileStore in a fresh temp directory, plus the outbox worker that
 * runs `files.release`. For this context's tests only.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { systemClock } from '../../platform/clock.js';
import { OutboxWorker } from '../../platform/outbox-worker.js';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/test-db.js';
import { unitOfWorkFactory, type UnitOfWorkFactory } from '../../platform/uow.js';
import type { FilesLimits } from '../config.js';
import { LocalFileStore } from '../local-file-store.js';
import { releaseBlobsHandler } from '../release-blobs-handler.js';
import { FilesService } from '../service.js';

export interface FilesFixture {
  tdb: TestDatabase;
  root: string;
  store: LocalFileStore;
  uow: UnitOfWorkFactory;
  files: FilesService;
  outbox: OutboxWorker;
  /** Creates a bucket in its own transaction. */
  bucket(): Promise<string>;
  /** Staging files left in root/tmp. */
  temps(): Promise<string[]>;
  /** Blob files on disk. */
  blobFiles(): Promise<string[]>;
  blobRows(): Promise<string[]>;
  destroy(): Promise<void>;
}

export const MiB = 1024 * 1024;

export async function createFilesFixture(limits: Partial<FilesLimits> = {}): Promise<FilesFixture> {
  const tdb = await createTestDatabase();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-files-'));
  const store = new LocalFileStore({ root: path.join(root, 'files') });
  const uow = unitOfWorkFactory(tdb.db, systemClock, () => undefined);
  const files = new FilesService({
    db: tdb.db,
    uow,
    store,
    clock: systemClock,
    limits: { maxFileSize: 16 * MiB, recordQuota: 64 * MiB, maxFilesPerRecord: 100, ...limits },
  });
  const outbox = new OutboxWorker({
    db: tdb.db,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    handlers: { 'files.release': releaseBlobsHandler({ db: tdb.db, store }) },
  });
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(p)));
      else out.push(p);
    }
    return out;
  };
  return {
    tdb,
    root,
    store,
    uow,
    files,
    outbox,
    bucket: () => uow.run((u) => files.createBucket(u)),
    temps: () => walk(path.join(root, 'files', 'tmp')),
    blobFiles: async () => (await walk(path.join(root, 'files', 'blobs'))).map((p) => path.basename(p)).sort(),
    blobRows: async () => (await tdb.db.selectFrom('blobs').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256),
    destroy: async () => {
      await tdb.destroy();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** Deterministic-enough test bytes. */
export function bytesOf(n: number): Buffer {
  return randomBytes(n);
}

/** A Readable that yields `data` in chunks of `chunk` bytes (as a socket would). */
export function chunked(data: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    })(),
    { objectMode: false },
  );
}

/** A Readable that yields `before` bytes and then fails, like a client that went away. */
export function failing(data: Buffer, before: number): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < before; i += 64 * 1024) yield data.subarray(i, Math.min(before, i + 64 * 1024));
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    })(),
    { objectMode: false },
  );
}

export function hex(algorithm: 'md5' | 'sha256', data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

export function b64(algorithm: 'md5' | 'sha256', data: Buffer): string {
  return createHash(algorithm).update(data).digest('base64');
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
