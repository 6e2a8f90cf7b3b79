import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { FileTooLargeError, UploadAbortedError } from './errors.js';
import { LocalFileStore } from './local-file-store.js';
import { streamToTemp } from './stream-to-temp.js';
import { bytesOf, chunked, failing, hex, MiB } from './testing/files-fixture.js';

let dir: string;
let store: LocalFileStore;
const tmpFiles = () => fs.readdir(path.join(dir, 'files', 'tmp')).catch(() => []);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-stream-'));
  store = new LocalFileStore({ root: path.join(dir, 'files') });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const tooLarge = (bytes: number) => ({ bytes, error: () => new FileTooLargeError(bytes) });

describe('streamToTemp', () => {
  it('hashes and counts a few MB streamed in chunks, equal to node:crypto over the same bytes', async () => {
    const data = bytesOf(5 * MiB + 123);
    const staged = await streamToTemp(chunked(data, 65_536), store, tooLarge(10 * MiB));
    expect(staged).toMatchObject({ size: data.length, md5: hex('md5', data), sha256: hex('sha256', data) });
    expect((await fs.readFile(staged.tempPath)).equals(data)).toBe(true);
    await store.discardTemp(staged.tempPath);
  });

  it('handles an empty body', async () => {
    const staged = await streamToTemp(Readable.from([], { objectMode: false }), store, tooLarge(10));
    expect(staged).toMatchObject({ size: 0, md5: hex('md5', Buffer.alloc(0)), sha256: hex('sha256', Buffer.alloc(0)) });
    await store.discardTemp(staged.tempPath);
  });

  it('stops at the limit, destroys the source and deletes the staging file', async () => {
    const data = bytesOf(4 * MiB);
    let produced = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 65_536) {
          produced += 65_536;
          yield data.subarray(i, i + 65_536);
        }
      })(),
      { objectMode: false },
    );
    await expect(streamToTemp(source, store, tooLarge(MiB))).rejects.toBeInstanceOf(FileTooLargeError);
    expect(source.destroyed).toBe(true);
    // Cut off near the limit, not after reading everything.
    expect(produced).toBeLessThan(2 * MiB);
    expect(await tmpFiles()).toEqual([]);
  });

  it('accepts exactly the limit', async () => {
    const data = bytesOf(1000);
    const staged = await streamToTemp(chunked(data, 100), store, tooLarge(1000));
    expect(staged.size).toBe(1000);
    await store.discardTemp(staged.tempPath);
  });

  it('turns a source failing mid-way into UploadAbortedError and keeps nothing', async () => {
    const data = bytesOf(2 * MiB);
    await expect(streamToTemp(failing(data, MiB), store, tooLarge(10 * MiB))).rejects.toBeInstanceOf(UploadAbortedError);
    expect(await tmpFiles()).toEqual([]);
  });

  it('turns a source destroyed without an error (premature close) into UploadAbortedError', async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.alloc(1000));
    setTimeout(() => source.destroy(), 20);
    await expect(streamToTemp(source, store, tooLarge(10_000))).rejects.toBeInstanceOf(UploadAbortedError);
    expect(await tmpFiles()).toEqual([]);
  });
});
