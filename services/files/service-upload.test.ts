import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parseDigestHeaders } from './digest.js';
import { UploadAbortedError } from './errors.js';
import { b64, bytesOf, chunked, createFilesFixture, failing, hex, MiB, readAll, type FilesFixture } from './testing/files-fixture.js';

let fx: FilesFixture;

beforeAll(async () => {
  fx = await createFilesFixture({ maxFileSize: 4 * MiB, recordQuota: 6 * MiB, maxFilesPerRecord: 5 });
});
afterAll(async () => {
  await fx?.destroy();
});

const init = (bucket: string, entries: Parameters<FilesFixture['files']['initFiles']>[2]) => fx.uow.run((u) => fx.files.initFiles(u, bucket, entries));

/** Nothing of a failed upload survives: no staging file, no blob, no content on the entry. */
async function expectNothingKept(bucket: string, key: string, blobsBefore: string[]) {
  expect(await fx.temps()).toEqual([]);
  expect(await fx.blobRows()).toEqual(blobsBefore);
  expect(await fx.blobFiles()).toEqual(blobsBefore);
  const entry = await fx.files.get(fx.tdb.db, bucket, key);
  expect(entry).toMatchObject({ status: 'pending', size: null, blob_sha256: null, checksum: null });
}

describe('FilesService: single-request uploads', () => {
  it('streams a few MB, checks the client digests, stores a blob and commits it', async () => {
    const bucket = await fx.bucket();
    const [entry] = await init(bucket, [{ key: 'raw/scan-01.csv', metadata: { note: 'first' } }]);
    expect(entry).toMatchObject({ key: 'raw/scan-01.csv', status: 'pending', mimetype: 'text/csv', transfer: { type: 'L' }, metadata: { note: 'first' } });

    const data = bytesOf(3 * MiB + 17);
    const digests = parseDigestHeaders({ 'content-md5': b64('md5', data), 'repr-digest': `sha-256=:${b64('sha256', data)}:` });
    const staged = await fx.files.receiveContent(bucket, 'raw/scan-01.csv', chunked(data), { contentLength: data.length, digests });
    expect(staged).toMatchObject({ size: data.length, md5: hex('md5', data), sha256: hex('sha256', data) });
    // Streaming wrote nothing to the database.
    expect(await fx.blobRows()).toEqual([]);

    const attached = await fx.uow.run((u) => fx.files.attachContent(u, bucket, 'raw/scan-01.csv', staged));
    expect(attached).toMatchObject({
      status: 'pending',
      size: data.length,
      checksum: `md5:${hex('md5', data)}`,
      checksums: { md5: hex('md5', data), sha256: hex('sha256', data) },
      blob_sha256: hex('sha256', data),
    });
    expect(await fx.temps()).toEqual([]);
    expect(await fx.blobFiles()).toEqual([hex('sha256', data)]);
    await expect(fx.files.openContent(fx.tdb.db, bucket, 'raw/scan-01.csv')).rejects.toMatchObject({ status: 404, code: 'FILE_NOT_FOUND' });

    const committed = await fx.files.commit(bucket, 'raw/scan-01.csv');
    expect(committed.status).toBe('completed');
    const { stream } = await fx.files.openContent(fx.tdb.db, bucket, 'raw/scan-01.csv');
    expect((await readAll(stream)).equals(data)).toBe(true);
    expect(await fx.files.summary(fx.tdb.db, bucket)).toEqual({ count: 1, total_bytes: data.length, pending: [] });
    await fx.uow.run((u) => fx.files.deleteFile(u, bucket, 'raw/scan-01.csv'));
    await fx.outbox.drain();
  });

  it('serves exact byte ranges and refuses unsatisfiable ones (416)', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'r.bin' }]);
    const data = bytesOf(100_000);
    await fx.files.putContent(bucket, 'r.bin', chunked(data, 4096));
    await fx.files.commit(bucket, 'r.bin');
    for (const [start, end] of [[0, 0], [10, 19], [65_530, 70_000], [99_999, 99_999], [0, 99_999]] as const) {
      const { stream } = await fx.files.openContent(fx.tdb.db, bucket, 'r.bin', { start, end });
      expect((await readAll(stream)).equals(data.subarray(start, end + 1))).toBe(true);
    }
    for (const range of [{ start: 0, end: 100_000 }, { start: 10, end: 5 }, { start: -1, end: 5 }]) {
      await expect(fx.files.openContent(fx.tdb.db, bucket, 'r.bin', range)).rejects.toMatchObject({
        status: 416,
        headers: { 'Content-Range': 'bytes */100000' },
      });
    }
  });

  it('refuses content whose digest differs from the client\'s (422) and keeps nothing', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'a.bin' }]);
    const before = await fx.blobRows();
    const data = bytesOf(MiB);
    const digests = parseDigestHeaders({ digest: `md5=${b64('md5', Buffer.from('something else'))}` });
    await expect(fx.files.receiveContent(bucket, 'a.bin', chunked(data), { digests })).rejects.toMatchObject({
      status: 422,
      code: 'DIGEST_MISMATCH',
      extra: { algorithm: 'md5', actual: hex('md5', data) },
    });
    const sha = parseDigestHeaders({ 'content-digest': `sha-256=:${b64('sha256', Buffer.from('x'))}:` });
    await expect(fx.files.putContent(bucket, 'a.bin', chunked(data), { digests: sha })).rejects.toMatchObject({
      status: 422,
      extra: { algorithm: 'sha256', expected: hex('sha256', Buffer.from('x')) },
    });
    await expectNothingKept(bucket, 'a.bin', before);
  });

  it('checks the size and checksum declared at init (400 / 422)', async () => {
    const bucket = await fx.bucket();
    const data = bytesOf(10_000);
    await init(bucket, [
      { key: 'sized.bin', size: 10_001 },
      { key: 'summed.bin', checksum: `md5:${hex('md5', Buffer.from('other'))}` },
      { key: 'good.bin', size: 10_000, checksum: `sha256:${hex('sha256', data).toUpperCase()}` },
    ]);
    const before = await fx.blobRows();
    await expect(fx.files.putContent(bucket, 'sized.bin', chunked(data))).rejects.toMatchObject({ status: 400, code: 'SIZE_MISMATCH' });
    await expect(fx.files.putContent(bucket, 'sized.bin', chunked(data), { contentLength: 10_000 })).rejects.toMatchObject({ status: 400, code: 'SIZE_MISMATCH' });
    await expect(fx.files.putContent(bucket, 'sized.bin', chunked(Buffer.concat([data, data])))).rejects.toMatchObject({ status: 400, code: 'SIZE_MISMATCH' });
    await expect(fx.files.putContent(bucket, 'summed.bin', chunked(data))).rejects.toMatchObject({ status: 422, code: 'DIGEST_MISMATCH' });
    await expectNothingKept(bucket, 'sized.bin', before);
    await expectNothingKept(bucket, 'summed.bin', before);
    const good = await fx.files.putContent(bucket, 'good.bin', chunked(data));
    expect(good).toMatchObject({ size: 10_000, declared_checksum: `sha256:${hex('sha256', data)}` });
  });

  it('refuses a file over maxFileSize (413) while streaming and upfront from Content-Length, keeping nothing', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'big.bin' }]);
    const before = await fx.blobRows();
    const data = bytesOf(4 * MiB + 1);
    const source = chunked(data);
    await expect(fx.files.receiveContent(bucket, 'big.bin', source)).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect(source.destroyed).toBe(true);
    await expectNothingKept(bucket, 'big.bin', before);

    const unread = chunked(data);
    await expect(fx.files.receiveContent(bucket, 'big.bin', unread, { contentLength: data.length })).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect(unread.readableDidRead).toBe(false);
    await expectNothingKept(bucket, 'big.bin', before);

    await expect(init(bucket, [{ key: 'declared-big.bin', size: 4 * MiB + 1 }])).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
  });

  it('enforces the bucket quota across files (413)', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'one.bin' }, { key: 'two.bin' }]);
    await fx.files.putContent(bucket, 'one.bin', chunked(bytesOf(3.5 * MiB)));
    const before = await fx.blobRows();
    await expect(fx.files.putContent(bucket, 'two.bin', chunked(bytesOf(3 * MiB)))).rejects.toMatchObject({ status: 413, code: 'QUOTA_EXCEEDED' });
    await expect(fx.files.putContent(bucket, 'two.bin', chunked(bytesOf(3 * MiB)), { contentLength: 3 * MiB })).rejects.toMatchObject({ status: 413, code: 'QUOTA_EXCEEDED' });
    await expectNothingKept(bucket, 'two.bin', before);
    // What is left still fits; declared sizes count against the quota at init.
    await fx.files.putContent(bucket, 'two.bin', chunked(bytesOf(2 * MiB)));
    await expect(init(bucket, [{ key: 'three.bin', size: MiB }])).rejects.toMatchObject({ status: 413, code: 'QUOTA_EXCEEDED' });
    // Re-uploading a file counts only the other files.
    await fx.files.putContent(bucket, 'one.bin', chunked(bytesOf(4 * MiB)));
  });

  it('limits the number of files (413) and refuses duplicate keys (409)', async () => {
    const bucket = await fx.bucket();
    await expect(init(bucket, ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({ key })))).rejects.toMatchObject({ status: 413, code: 'TOO_MANY_FILES' });
    await init(bucket, ['a', 'b', 'c'].map((key) => ({ key })));
    await expect(init(bucket, ['d', 'e', 'f'].map((key) => ({ key })))).rejects.toMatchObject({ status: 413, code: 'TOO_MANY_FILES' });
    await expect(init(bucket, [{ key: 'a' }])).rejects.toMatchObject({ status: 409, code: 'FILE_EXISTS' });
    await expect(init(bucket, [{ key: 'x' }, { key: 'x' }])).rejects.toMatchObject({ status: 409, code: 'FILE_EXISTS' });
    await expect(init(bucket, [{ key: '../etc/passwd' }])).rejects.toMatchObject({ status: 400, code: 'FILE_KEY_INVALID' });
    await expect(init(bucket, [{ key: 'ok', checksum: 'crc32:1234' }])).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/checksum' }] });
    await expect(init(bucket, [{ key: 'ok', size: -1 }])).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/size' }] });
    expect((await fx.files.list(fx.tdb.db, bucket)).map((e) => e.key)).toEqual(['a', 'b', 'c']);
  });

  it('leaves nothing behind when the source fails mid-way', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'cut.bin' }]);
    const before = await fx.blobRows();
    const data = bytesOf(2 * MiB);
    await expect(fx.files.putContent(bucket, 'cut.bin', failing(data, MiB))).rejects.toBeInstanceOf(UploadAbortedError);
    await expect(fx.files.receiveContent(bucket, 'cut.bin', failing(data, MiB))).rejects.toMatchObject({ status: 400, code: 'UPLOAD_ABORTED' });
    await expectNothingKept(bucket, 'cut.bin', before);
  });

  it('leaves nothing behind when an HTTP client disconnects mid-upload', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'http.bin' }]);
    const before = await fx.blobRows();
    let settle!: (v: unknown) => void;
    const outcome = new Promise((resolve) => (settle = resolve));
    const server = http.createServer((req, res) => {
      fx.files.receiveContent(bucket, 'http.bin', req, { contentLength: Number(req.headers['content-length']) }).then(settle, settle);
      res.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`PUT /content HTTP/1.1\r\nHost: test\r\nContent-Length: ${2 * MiB}\r\n\r\n`);
      socket.write(bytesOf(512 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
      const result = await outcome;
      expect(result).toBeInstanceOf(UploadAbortedError);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expectNothingKept(bucket, 'http.bin', before);
  });

  it('commits only uploaded content (400), and runs the caller\'s audit in the commit transaction', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'c.txt' }]);
    await expect(fx.files.commit(bucket, 'c.txt')).rejects.toMatchObject({ status: 400, code: 'FILE_CONTENT_MISSING' });
    await fx.files.putContent(bucket, 'c.txt', chunked(Buffer.from('hello')));

    const audits = () => fx.tdb.db.selectFrom('audit_log').selectAll().where('subject_id', '=', `${bucket}/c.txt`).execute();
    const failingAudit = fx.files.commit(bucket, 'c.txt', {
      inTx: async (uow, entry) => {
        await uow.audit({ actorId: null, action: 'file.commit', subjectType: 'file', subjectId: `${bucket}/${entry.key}` });
        throw new Error('caller changed its mind');
      },
    });
    await expect(failingAudit).rejects.toThrow('caller changed its mind');
    expect((await fx.files.get(fx.tdb.db, bucket, 'c.txt')).status).toBe('pending');
    expect(await audits()).toEqual([]);

    let seen: string | undefined;
    const entry = await fx.files.commit(bucket, 'c.txt', {
      requestId: 'req-1',
      inTx: async (uow, e) => {
        seen = e.status;
        await uow.audit({ actorId: 'u1', action: 'file.commit', subjectType: 'file', subjectId: `${bucket}/${e.key}`, after: { checksum: e.checksum } });
      },
    });
    expect(seen).toBe('completed');
    expect(entry.checksum).toBe(`md5:${hex('md5', Buffer.from('hello'))}`);
    expect(await audits()).toMatchObject([{ action: 'file.commit', request_id: 'req-1' }]);
    // Committing again changes nothing and audits nothing.
    await fx.files.commit(bucket, 'c.txt', { inTx: async () => { throw new Error('not called'); } });
  });

  it('replaces the content of an uncommitted or committed file, releasing the old blob', async () => {
    const bucket = await fx.bucket();
    await init(bucket, [{ key: 'v.txt' }]);
    const first = Buffer.from('first version');
    const second = Buffer.from('second version');
    await fx.files.putContent(bucket, 'v.txt', chunked(first));
    await fx.files.commit(bucket, 'v.txt');
    const replaced = await fx.files.putContent(bucket, 'v.txt', chunked(second));
    expect(replaced).toMatchObject({ status: 'pending', blob_sha256: hex('sha256', second) });
    await fx.outbox.drain();
    const blobs = await fx.blobRows();
    expect(blobs).toContain(hex('sha256', second));
    expect(blobs).not.toContain(hex('sha256', first));
    expect(await fx.blobFiles()).not.toContain(hex('sha256', first));
  });

  it('refuses content for unknown files (404) and discards staged content on request', async () => {
    const bucket = await fx.bucket();
    await expect(fx.files.receiveContent(bucket, 'nope', chunked(Buffer.from('x')))).rejects.toMatchObject({ status: 404, code: 'FILE_NOT_FOUND' });
    await expect(fx.files.receiveContent('bkt_missing', 'nope', chunked(Buffer.from('x')))).rejects.toMatchObject({ status: 404, code: 'BUCKET_NOT_FOUND' });
    await init(bucket, [{ key: 'd.txt' }]);
    const staged = await fx.files.receiveContent(bucket, 'd.txt', chunked(Buffer.from('x')));
    expect(await fx.temps()).toHaveLength(1);
    await fx.files.discard(staged);
    expect(await fx.temps()).toEqual([]);
  });
});
