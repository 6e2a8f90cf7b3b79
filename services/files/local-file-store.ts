/**
 * FileStore on the local filesystem, under one root (`DATA_DIR/files`):
 *
 *   root/blobs/ab/cd/<sha256>          content-addressed blobs, never modified once placed
 *   root/tmp/<uuid>                    uploads in flight (same filesystem, so rename is atomic)
 *   root/parts/<bucket>/<sha256(key)>/<n>   parts of multipart uploads
 *
 * A staging file is written through a stream and fsync'ed before the stream finishes;
 * `place` renames it into place and fsyncs the directory, so a blob is either absent
 * or complete and durable, whatever crashes when.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import type { ByteRange, FileStore, TempWriter } from './file-store.js';

export interface LocalFileStoreConfig {
  /** The directory holding `blobs/`, `tmp/` and `parts/`; created when missing. */
  readonly root: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
const BUCKET_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class LocalFileStore implements FileStore {
  readonly #config: LocalFileStoreConfig;
  readonly #tmp: string;

  constructor(config: LocalFileStoreConfig) {
    this.#config = Object.freeze({ root: path.resolve(config.root) });
    this.#tmp = path.join(this.#config.root, 'tmp');
  }

  get root(): string {
    return this.#config.root;
  }

  async createTempWriter(): Promise<TempWriter> {
    await fs.mkdir(this.#tmp, { recursive: true });
    const tempPath = path.join(this.#tmp, randomUUID());
    const handle = await fs.open(tempPath, 'wx');
    return { path: tempPath, stream: new SyncedFileWriter(handle) };
  }

  async discardTemp(tempPath: string): Promise<void> {
    await fs.rm(this.#checkTemp(tempPath), { force: true });
  }

  async place(tempPath: string, sha256: string): Promise<void> {
    const target = this.#blobPath(sha256);
    await this.#moveIntoPlace(this.#checkTemp(tempPath), target, false);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.#blobPath(sha256));
  }

  async openRead(sha256: string, range: Partial<ByteRange> = {}): Promise<Readable> {
    const handle = await fs.open(this.#blobPath(sha256), 'r');
    return handle.createReadStream({ start: range.start ?? 0, ...(range.end !== undefined ? { end: range.end } : {}) });
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.#blobPath(sha256), { force: true });
  }

  async placePart(tempPath: string, bucketId: string, key: string, partNumber: number): Promise<void> {
    await this.#moveIntoPlace(this.#checkTemp(tempPath), this.#partPath(bucketId, key, partNumber), true);
  }

  async hasPart(bucketId: string, key: string, partNumber: number): Promise<boolean> {
    return exists(this.#partPath(bucketId, key, partNumber));
  }

  async openPart(bucketId: string, key: string, partNumber: number): Promise<Readable> {
    const handle = await fs.open(this.#partPath(bucketId, key, partNumber), 'r');
    return handle.createReadStream();
  }

  async removeParts(bucketId: string, key?: string): Promise<void> {
    const bucketDir = this.#partsDir(bucketId);
    await fs.rm(key === undefined ? bucketDir : path.join(bucketDir, keyDigest(key)), { recursive: true, force: true });
    // Drop the bucket's folder once its last upload is gone (it fails harmlessly while others remain).
    if (key !== undefined) await fs.rmdir(bucketDir).catch(() => undefined);
  }

  async #moveIntoPlace(from: string, to: string, replace: boolean): Promise<void> {
    const dir = path.dirname(to);
    await fs.mkdir(dir, { recursive: true });
    if (!replace && (await exists(to))) {
      // Same sha256, same bytes: keep the blob that is there.
      await fs.rm(from, { force: true });
      return;
    }
    await fs.rename(from, to);
    await fsyncDir(dir);
  }

  #blobPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.#config.root, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  #partsDir(bucketId: string): string {
    if (!BUCKET_ID.test(bucketId)) throw new Error(`not a bucket id: ${bucketId}`);
    return path.join(this.#config.root, 'parts', bucketId);
  }

  #partPath(bucketId: string, key: string, partNumber: number): string {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1) throw new Error(`not a part number: ${partNumber}`);
    return path.join(this.#partsDir(bucketId), keyDigest(key), String(partNumber));
  }

  /** Only our own staging files may be moved or deleted through the port. */
  #checkTemp(tempPath: string): string {
    const resolved = path.resolve(tempPath);
    if (path.dirname(resolved) !== this.#tmp) throw new Error(`not a staging file of this store: ${tempPath}`);
    return resolved;
  }
}

/** A write stream onto an open file that fsyncs and closes it before it finishes. */
class SyncedFileWriter extends Writable {
  constructor(private readonly handle: fs.FileHandle) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    writeAll(this.handle, chunk).then(() => callback(), callback);
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.handle
      .sync()
      .then(() => this.handle.close())
      .then(() => callback(), callback);
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Closing twice is harmless; the caller deletes the file.
    this.handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }
}

async function writeAll(handle: fs.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Makes a rename durable: fsync the directory that holds the new name. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
