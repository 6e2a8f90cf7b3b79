import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testDatabaseUrl } from '../platform/testing/test-db.js';
import { releaseBlobsHandler } from './release-blobs-handler.js';
import { bytesOf, chunked, createFilesFixture, hex, readAll, type FilesFixture } from './testing/files-fixture.js';

let fx: FilesFixture;

beforeAll(async () => {
  fx = await createFilesFixture();
});
afterAll(async () => {
  await fx?.destroy();
});

async function bucketWith(files: Record<string, Buffer>): Promise<string> {
  const bucket = await fx.bucket();
  await fx.uow.run((u) => fx.files.initFiles(u, bucket, Object.keys(files).map((key) => ({ key }))));
  for (const [key, data] of Object.entries(files)) {
    await fx.files.putContent(bucket, key, chunked(data));
    await fx.files.commit(bucket, key);
  }
  return bucket;
}
const releases = () => fx.tdb.db.selectFrom('outbox').select('payload').where('topic', '=', 'files.release').execute();

describe('FilesService: blobs, buckets and versions', () => {
  it('stores the same content once, and releases the blob only when nothing references it', async () => {
    const data = bytesOf(200_000);
    const sha = hex('sha256', data);
    const a = await bucketWith({ 'x.bin': data });
    const b = await bucketWith({ 'copy-of-x.bin': data });
    expect((await fx.blobFiles()).filter((s) => s === sha)).toHaveLength(1);
    expect((await fx.blobRows()).filter((s) => s === sha)).toHaveLength(1);

    await fx.uow.run((u) => fx.files.deleteFile(u, a, 'x.bin'));
    expect(await releases()).toEqual([{ payload: { sha256: [sha] } }]);
    expect(await fx.outbox.drain()).toBe(1);
    expect(await fx.blobRows()).toContain(sha);
    expect(await fx.blobFiles()).toContain(sha);
    const { stream } = await fx.files.openContent(fx.tdb.db, b, 'copy-of-x.bin');
    expect((await readAll(stream)).equals(data)).toBe(true);

    await fx.uow.run((u) => fx.files.deleteFile(u, b, 'copy-of-x.bin'));
    expect(await fx.outbox.drain()).toBe(1);
    expect(await fx.blobRows()).not.toContain(sha);
    expect(await fx.blobFiles()).not.toContain(sha);
    // Idempotent: running the release again is a no-op.
    await releaseBlobsHandler({ db: fx.tdb.db, store: fx.store })({ sha256: [sha, 'not-a-sha'] }, undefined as never);
  });

  it('re-places the bytes when content arrives again after its blob was released', async () => {
    const data = bytesOf(50_000);
    const sha = hex('sha256', data);
    const a = await bucketWith({ 'y.bin': data });
    await fx.uow.run((u) => fx.files.deleteFile(u, a, 'y.bin'));
    // The same bytes are uploaded elsewhere before the release runs...
    const b = await fx.bucket();
    await fx.uow.run((u) => fx.files.initFiles(u, b, [{ key: 'y.bin' }]));
    const staged = await fx.files.receiveContent(b, 'y.bin', chunked(data));
    await fx.outbox.drain();
    expect(await fx.blobFiles()).not.toContain(sha);
    // ...and attached after it: the row is inserted again and the bytes placed again.
    await fx.uow.run((u) => fx.files.attachContent(u, b, 'y.bin', staged));
    expect(await fx.blobRows()).toContain(sha);
    expect(await fx.blobFiles()).toContain(sha);
  });

  // Needs two connections: PGlite runs one transaction at a time.
  it.runIf(testDatabaseUrl())('makes a concurrent release wait for an attach of the same bytes, then keep the blob', async () => {
    const data = bytesOf(20_000);
    const sha = hex('sha256', data);
    const a = await bucketWith({ 'z.bin': data });
    await fx.uow.run((u) => fx.files.deleteFile(u, a, 'z.bin'));
    const b = await fx.bucket();
    await fx.uow.run((u) => fx.files.initFiles(u, b, [{ key: 'z.bin' }]));
    const staged = await fx.files.receiveContent(b, 'z.bin', chunked(data));

    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let attached!: () => void;
    const attachedSignal = new Promise<void>((resolve) => (attached = resolve));
    const attaching = fx.uow.run(async (u) => {
      await fx.files.attachContent(u, b, 'z.bin', staged);
      attached();
      await gate;
    });
    await attachedSignal;
    let released = false;
    const releasing = releaseBlobsHandler({ db: fx.tdb.db, store: fx.store })({ sha256: [sha] }, undefined as never).then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(released).toBe(false);
    open();
    await attaching;
    await releasing;
    expect(await fx.blobRows()).toContain(sha);
    expect(await fx.blobFiles()).toContain(sha);
    await fx.outbox.drain();
    expect(await fx.blobFiles()).toContain(sha);
  });

  it('imports the files of a previous version without copying bytes', async () => {
    const one = bytesOf(30_000);
    const two = bytesOf(40_000);
    const v1 = await bucketWith({ 'a.bin': one, 'raw/b.bin': two });
    await fx.uow.run((u) => fx.files.initFiles(u, v1, [{ key: 'pending.bin' }]));
    await fx.uow.run((u) => fx.files.deleteFile(u, v1, 'pending.bin'));
    await fx.uow.run((u) => fx.files.lockBucket(u, v1));
    const blobsBefore = await fx.blobFiles();

    const v2 = await fx.bucket();
    const imported = await fx.uow.run((u) => fx.files.importFiles(u, v1, v2));
    expect(imported.map((e) => [e.key, e.status, e.blob_sha256])).toEqual([
      ['a.bin', 'completed', hex('sha256', one)],
      ['raw/b.bin', 'completed', hex('sha256', two)],
    ]);
    expect(await fx.blobFiles()).toEqual(blobsBefore);
    expect(await fx.files.summary(fx.tdb.db, v2)).toEqual({ count: 2, total_bytes: 70_000, pending: [] });
    await expect(fx.uow.run((u) => fx.files.importFiles(u, v1, v2))).rejects.toMatchObject({ status: 409, code: 'FILE_EXISTS' });

    // Deleting a file from the new version leaves the published one intact.
    await fx.uow.run((u) => fx.files.deleteFile(u, v2, 'a.bin'));
    await fx.outbox.drain();
    const { stream } = await fx.files.openContent(fx.tdb.db, v1, 'a.bin');
    expect((await readAll(stream)).equals(one)).toBe(true);
  });

  it('refuses every change to a locked bucket (409)', async () => {
    const data = Buffer.from('published');
    const bucket = await bucketWith({ 'p.txt': data });
    await fx.uow.run((u) => fx.files.lockBucket(u, bucket));
    await fx.uow.run((u) => fx.files.lockBucket(u, bucket));
    const locked = { status: 409, code: 'FILES_LOCKED' };
    await expect(fx.uow.run((u) => fx.files.initFiles(u, bucket, [{ key: 'new.txt' }]))).rejects.toMatchObject(locked);
    await expect(fx.files.putContent(bucket, 'p.txt', chunked(Buffer.from('changed')))).rejects.toMatchObject(locked);
    await expect(fx.uow.run((u) => fx.files.deleteFile(u, bucket, 'p.txt'))).rejects.toMatchObject(locked);
    await expect(fx.uow.run((u) => fx.files.deleteBucket(u, bucket))).rejects.toMatchObject(locked);
    const other = await fx.bucket();
    await expect(fx.uow.run((u) => fx.files.importFiles(u, other, bucket))).rejects.toMatchObject(locked);
    expect(await fx.temps()).toEqual([]);
    const { stream } = await fx.files.openContent(fx.tdb.db, bucket, 'p.txt');
    expect((await readAll(stream)).toString()).toBe('published');
  });

  it('refuses to lock a bucket with uncommitted files (400)', async () => {
    const bucket = await fx.bucket();
    await fx.uow.run((u) => fx.files.initFiles(u, bucket, [{ key: 'b.txt' }, { key: 'a.txt' }]));
    expect(await fx.files.summary(fx.tdb.db, bucket)).toEqual({ count: 2, total_bytes: 0, pending: ['a.txt', 'b.txt'] });
    await expect(fx.uow.run((u) => fx.files.lockBucket(u, bucket))).rejects.toMatchObject({ status: 400, code: 'FILES_PENDING', extra: { pending: ['a.txt', 'b.txt'] } });
  });

  it('deletes a bucket with its entries and parts, releasing its blobs', async () => {
    const data = bytesOf(10_000);
    const sha = hex('sha256', data);
    const bucket = await bucketWith({ 'd.bin': data });
    await fx.uow.run((u) => fx.files.initFiles(u, bucket, [{ key: 'm.bin', size: 20, transfer: { type: 'M', parts: 2, part_size: 10 } }]));
    await fx.files.putPart(bucket, 'm.bin', 1, chunked(Buffer.alloc(10)));
    await fx.uow.run((u) => fx.files.deleteBucket(u, bucket));
    await expect(fx.files.list(fx.tdb.db, bucket)).rejects.toMatchObject({ status: 404, code: 'BUCKET_NOT_FOUND' });
    expect(await fx.store.hasPart(bucket, 'm.bin', 1)).toBe(false);
    await fx.outbox.drain();
    expect(await fx.blobRows()).not.toContain(sha);
    expect(await fx.blobFiles()).not.toContain(sha);
  });

  it('force-deletes a locked bucket', async () => {
    const bucket = await bucketWith({ 'f.txt': Buffer.from('purge me') });
    await fx.uow.run((u) => fx.files.lockBucket(u, bucket));
    await fx.uow.run((u) => fx.files.deleteBucket(u, bucket, { force: true }));
    await expect(fx.files.get(fx.tdb.db, bucket, 'f.txt')).rejects.toMatchObject({ status: 404 });
  });
});
