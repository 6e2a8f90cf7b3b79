import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { LocalFileStore } from './local-file-store.js';
import { chunked, hex, readAll } from './testing/files-fixture.js';

let dir: string;
let store: LocalFileStore;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-store-'));
  store = new LocalFileStore({ root: path.join(dir, 'files') });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function stage(data: Buffer): Promise<string> {
  const writer = await store.createTempWriter();
  await pipeline(chunked(data, 1000), writer.stream);
  return writer.path;
}

describe('LocalFileStore', () => {
  it('places a staged file at blobs/ab/cd/<sha256> and reads it back, whole and by range', async () => {
    const data = Buffer.from('0123456789abcdefghij'.repeat(100));
    const sha = hex('sha256', data);
    const temp = await stage(data);
    expect(path.dirname(temp)).toBe(path.join(dir, 'files', 'tmp'));
    expect(await store.has(sha)).toBe(false);
    await store.place(temp, sha);
    expect(await store.has(sha)).toBe(true);
    await expect(fs.access(temp)).rejects.toThrow();
    await expect(fs.readFile(path.join(dir, 'files', 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha))).resolves.toEqual(data);
    expect(await readAll(await store.openRead(sha))).toEqual(data);
    expect(await readAll(await store.openRead(sha, { start: 10, end: 19 }))).toEqual(data.subarray(10, 20));
    expect(await readAll(await store.openRead(sha, { start: 1990 }))).toEqual(data.subarray(1990));
  });

  it('drops the staged file when the blob is there already', async () => {
    const data = Buffer.from('same bytes');
    const sha = hex('sha256', data);
    await store.place(await stage(data), sha);
    const again = await stage(data);
    await store.place(again, sha);
    await expect(fs.access(again)).rejects.toThrow();
    expect(await readAll(await store.openRead(sha))).toEqual(data);
  });

  it('removes blobs idempotently and rejects reads of missing ones', async () => {
    const data = Buffer.from('to be removed');
    const sha = hex('sha256', data);
    await store.place(await stage(data), sha);
    await store.remove(sha);
    await store.remove(sha);
    expect(await store.has(sha)).toBe(false);
    await expect(store.openRead(sha)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps parts per bucket and key, replaces a re-sent part, and removes them', async () => {
    await store.placePart(await stage(Buffer.from('one')), 'bkt_a', 'raw/x.bin', 1);
    await store.placePart(await stage(Buffer.from('two')), 'bkt_a', 'raw/x.bin', 2);
    await store.placePart(await stage(Buffer.from('TWO')), 'bkt_a', 'raw/x.bin', 2);
    await store.placePart(await stage(Buffer.from('other')), 'bkt_a', 'y.bin', 1);
    expect((await readAll(await store.openPart('bkt_a', 'raw/x.bin', 2))).toString()).toBe('TWO');
    expect(await store.hasPart('bkt_a', 'raw/x.bin', 3)).toBe(false);
    await store.removeParts('bkt_a', 'raw/x.bin');
    expect(await store.hasPart('bkt_a', 'raw/x.bin', 1)).toBe(false);
    expect(await store.hasPart('bkt_a', 'y.bin', 1)).toBe(true);
    await store.removeParts('bkt_a');
    await expect(fs.access(path.join(dir, 'files', 'parts', 'bkt_a'))).rejects.toThrow();
  });

  it('refuses paths outside its staging area and malformed ids', async () => {
    const outside = path.join(dir, 'outside.txt');
    await fs.writeFile(outside, 'x');
    await expect(store.place(outside, hex('sha256', Buffer.from('x')))).rejects.toThrow(/staging/);
    await expect(store.discardTemp(path.join(dir, 'files', 'tmp', '..', 'blobs'))).rejects.toThrow(/staging/);
    await expect(store.has('../../etc/passwd')).rejects.toThrow(/sha256/);
    await expect(store.hasPart('../x', 'k', 1)).rejects.toThrow(/bucket/);
    await expect(fs.readFile(outside, 'utf8')).resolves.toBe('x');
  });

  it('discards staging files, also when already gone', async () => {
    const temp = await stage(Buffer.from('tmp'));
    await store.discardTemp(temp);
    await store.discardTemp(temp);
    expect(await fs.readdir(path.join(dir, 'files', 'tmp'))).toEqual([]);
  });
});
