import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { bytesOf, chunked, createFilesFixture, hex, MiB, readAll, type FilesFixture } from './testing/files-fixture.js';

let fx: FilesFixture;

beforeAll(async () => {
  fx = await createFilesFixture({ maxFileSize: 8 * MiB, recordQuota: 32 * MiB });
});
afterAll(async () => {
  await fx?.destroy();
});

const PART = MiB;
const SIZE = 2 * MiB + 300_000;

async function multipartFile(key: string, data: Buffer, extra: { checksum?: string } = {}) {
  const bucket = await fx.bucket();
  const [entry] = await fx.uow.run((u) =>
    fx.files.initFiles(u, bucket, [{ key, size: data.length, transfer: { type: 'M', parts: Math.ceil(data.length / PART), part_size: PART }, ...extra }]),
  );
  return { bucket, entry: entry! };
}
const part = (data: Buffer, n: number) => data.subarray((n - 1) * PART, n * PART);

describe('FilesService: multipart uploads', () => {
  it('assembles parts sent out of order, one of them re-sent, with matching checksums', async () => {
    const data = bytesOf(SIZE);
    const { bucket, entry } = await multipartFile('big/volume.h5', data, { checksum: `md5:${hex('md5', data)}` });
    expect(entry).toMatchObject({ status: 'pending', transfer: { type: 'M', parts: 3, part_size: PART }, declared_size: SIZE });

    await fx.files.putPart(bucket, 'big/volume.h5', 3, chunked(part(data, 3)), { contentLength: SIZE - 2 * PART });
    // A corrupted copy of part 1 first; the client re-sends it and the new one replaces it.
    await fx.files.putPart(bucket, 'big/volume.h5', 1, chunked(bytesOf(PART)));
    await fx.files.putPart(bucket, 'big/volume.h5', 2, chunked(part(data, 2)), { md5: hex('md5', part(data, 2)) });
    const resent = await fx.files.putPart(bucket, 'big/volume.h5', 1, chunked(part(data, 1)));
    expect(resent).toEqual({ part_number: 1, size: PART, checksum: `md5:${hex('md5', part(data, 1))}` });
    expect((await fx.files.listParts(fx.tdb.db, bucket, 'big/volume.h5')).map((p) => p.part_number)).toEqual([1, 2, 3]);
    expect(await fx.temps()).toEqual([]);

    const committed = await fx.files.commit(bucket, 'big/volume.h5');
    expect(committed).toMatchObject({
      status: 'completed',
      size: SIZE,
      checksums: { md5: hex('md5', data), sha256: hex('sha256', data) },
      blob_sha256: hex('sha256', data),
    });
    const { stream } = await fx.files.openContent(fx.tdb.db, bucket, 'big/volume.h5');
    expect((await readAll(stream)).equals(data)).toBe(true);
    expect(await fx.files.listParts(fx.tdb.db, bucket, 'big/volume.h5')).toEqual([]);
    expect(await fx.store.hasPart(bucket, 'big/volume.h5', 1)).toBe(false);
    expect(await fx.temps()).toEqual([]);
    await expect(fx.files.putPart(bucket, 'big/volume.h5', 1, chunked(part(data, 1)))).rejects.toMatchObject({ status: 409 });
  });

  it('refuses to commit with a part missing (400, listing it)', async () => {
    const data = bytesOf(SIZE);
    const { bucket } = await multipartFile('gap.bin', data);
    await fx.files.putPart(bucket, 'gap.bin', 1, chunked(part(data, 1)));
    await fx.files.putPart(bucket, 'gap.bin', 3, chunked(part(data, 3)));
    await expect(fx.files.commit(bucket, 'gap.bin')).rejects.toMatchObject({ status: 400, code: 'FILE_PARTS_MISSING', extra: { missing_parts: [2] } });
    expect((await fx.files.get(fx.tdb.db, bucket, 'gap.bin')).status).toBe('pending');
    // The dropped part alone is re-sent, then the commit goes through.
    await fx.files.putPart(bucket, 'gap.bin', 2, chunked(part(data, 2)));
    expect((await fx.files.commit(bucket, 'gap.bin')).checksums.sha256).toBe(hex('sha256', data));
  });

  it('refuses parts of the wrong size or number (400) and keeps nothing of them', async () => {
    const data = bytesOf(SIZE);
    const { bucket } = await multipartFile('sizes.bin', data);
    const invalid = { status: 400, code: 'FILE_PART_INVALID' };
    await expect(fx.files.putPart(bucket, 'sizes.bin', 1, chunked(bytesOf(PART - 1)))).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 1, chunked(bytesOf(PART + 1)))).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 3, chunked(bytesOf(PART)))).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 2, chunked(bytesOf(10)), { contentLength: 10 })).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 0, chunked(bytesOf(10)))).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 4, chunked(bytesOf(10)))).rejects.toMatchObject(invalid);
    await expect(fx.files.putPart(bucket, 'sizes.bin', 2, chunked(part(data, 2)), { md5: hex('md5', Buffer.from('x')) })).rejects.toMatchObject({
      status: 422,
      code: 'DIGEST_MISMATCH',
    });
    expect(await fx.files.listParts(fx.tdb.db, bucket, 'sizes.bin')).toEqual([]);
    expect(await fx.temps()).toEqual([]);
  });

  it('refuses multipart declarations that do not add up (400)', async () => {
    const bucket = await fx.bucket();
    const initM = (transfer: { type: 'M'; parts?: number; part_size?: number }, size?: number) =>
      fx.uow.run((u) => fx.files.initFiles(u, bucket, [{ key: 'm.bin', ...(size === undefined ? {} : { size }), transfer }]));
    await expect(initM({ type: 'M', parts: 3, part_size: PART })).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/size' }] });
    await expect(initM({ type: 'M', parts: 2, part_size: PART }, SIZE)).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/transfer/parts' }] });
    await expect(initM({ type: 'M', parts: 0, part_size: PART }, 0)).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/transfer/parts' }] });
    await expect(initM({ type: 'M', parts: 3 }, SIZE)).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/0/transfer/part_size' }] });
    expect(await fx.files.list(fx.tdb.db, bucket)).toEqual([]);
  });

  it('keeps the transfer types apart (400)', async () => {
    const data = bytesOf(SIZE);
    const { bucket } = await multipartFile('typed.bin', data);
    await fx.uow.run((u) => fx.files.initFiles(u, bucket, [{ key: 'single.bin' }]));
    await expect(fx.files.putContent(bucket, 'typed.bin', chunked(data))).rejects.toMatchObject({ status: 400, code: 'FILE_TRANSFER_TYPE' });
    await expect(fx.files.putPart(bucket, 'single.bin', 1, chunked(data))).rejects.toMatchObject({ status: 400, code: 'FILE_TRANSFER_TYPE' });
  });

  it('checks the assembled file against the declared checksum (422), keeping the parts for another try', async () => {
    const data = bytesOf(SIZE);
    const { bucket } = await multipartFile('sum.bin', data, { checksum: `sha256:${hex('sha256', Buffer.from('not it'))}` });
    for (const n of [1, 2, 3]) await fx.files.putPart(bucket, 'sum.bin', n, chunked(part(data, n)));
    const before = await fx.blobRows();
    await expect(fx.files.commit(bucket, 'sum.bin')).rejects.toMatchObject({ status: 422, code: 'DIGEST_MISMATCH', extra: { algorithm: 'sha256' } });
    expect(await fx.blobRows()).toEqual(before);
    expect(await fx.temps()).toEqual([]);
    expect(await fx.files.listParts(fx.tdb.db, bucket, 'sum.bin')).toHaveLength(3);
  });

  it('deletes the parts of a deleted upload', async () => {
    const data = bytesOf(SIZE);
    const { bucket } = await multipartFile('gone.bin', data);
    await fx.files.putPart(bucket, 'gone.bin', 1, chunked(part(data, 1)));
    await fx.uow.run((u) => fx.files.deleteFile(u, bucket, 'gone.bin'));
    expect(await fx.store.hasPart(bucket, 'gone.bin', 1)).toBe(false);
    expect(await fx.tdb.db.selectFrom('file_parts').selectAll().where('bucket_id', '=', bucket).execute()).toEqual([]);
  });
});
