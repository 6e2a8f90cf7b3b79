import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import minimal from './testing/datacite-minimal.json' with { type: 'json' };
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;

const QUOTA = 64 * 1024;
const MAX_FILE = 32 * 1024;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_FILE_SIZE: String(MAX_FILE), RECORD_QUOTA: String(QUOTA), MAX_FILES_PER_RECORD: '5' } });
  alice = await t.user();
  bob = await t.user();
});
afterAll(async () => t.close());

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const enc = encodeURIComponent;

async function newDraft(access?: object) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: { ...alice.auth, 'content-type': 'application/json' }, payload: { metadata: minimal, ...(access ? { access } : {}) } });
  expect(res.statusCode).toBe(201);
  return body(res).id as string;
}

async function declare(id: string, entries: object[]) {
  return t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/files`, headers: { ...alice.auth, 'content-type': 'application/json' }, payload: entries });
}

async function put(id: string, key: string, data: Buffer, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'PUT', url: `/api/records/${id}/draft/files/${enc(key)}/content`, headers: { ...alice.auth, 'content-type': 'application/octet-stream', ...headers }, payload: data });
}

async function commit(id: string, key: string) {
  return t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/files/${enc(key)}/commit`, headers: alice.auth });
}

async function upload(id: string, key: string, data: Buffer) {
  expect((await declare(id, [{ key }])).statusCode).toBe(201);
  expect((await put(id, key, data)).statusCode).toBe(200);
  const c = await commit(id, key);
  expect(c.statusCode).toBe(200);
  return body(c);
}

async function publish(id: string) {
  return t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: alice.auth });
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(t.dataDir, 'files', 'blobs');
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(e.name);
    }
  };
  await walk(root);
  return out;
}

async function tmpFiles(): Promise<string[]> {
  return fs.readdir(path.join(t.dataDir, 'files', 'tmp')).catch(() => []);
}

describe('upload, commit, publish, download', () => {
  it('streams content with md5/sha256, keeps folders in keys, and serves Range/ETag downloads', async () => {
    const id = await newDraft();
    const data = Buffer.from('site,subject,age\nOSL,sub-0001,34\nOSL,sub-0002,71\n'.repeat(50));
    const entry = await upload(id, 'tables/ages.csv', data);
    expect(entry).toMatchObject({ key: 'tables/ages.csv', status: 'completed', size: data.length, mimetype: 'text/csv' });
    expect(entry.checksum).toBe(`md5:${md5(data).toString('hex')}`);
    expect(entry.checksums.sha256).toBe(sha256(data).toString('hex'));
    expect(entry.links.content).toBe(`http://cairn.test/api/records/${id}/draft/files/tables%2Fages.csv/content`);

    const pub = await publish(id);
    expect(pub.statusCode).toBe(202);
    expect(body(pub).files).toEqual({ enabled: true, count: 1, total_bytes: data.length });

    const list = await t.app.inject({ method: 'GET', url: `/api/records/${id}/files` });
    expect(list.statusCode).toBe(200);
    expect(body(list).entries.map((e: { key: string }) => e.key)).toEqual(['tables/ages.csv']);

    const url = `/api/records/${id}/files/${enc('tables/ages.csv')}/content`;
    const full = await t.app.inject({ method: 'GET', url });
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload.equals(data)).toBe(true);
    expect(full.headers['content-type']).toContain('text/csv');
    expect(full.headers['content-disposition']).toBe('attachment; filename=ages.csv');
    expect(full.headers['content-length']).toBe(String(data.length));
    const etag = full.headers.etag as string;
    expect(etag).toBe(`"${sha256(data).toString('hex')}"`);

    const part = await t.app.inject({ method: 'GET', url, headers: { range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${data.length}`);
    expect(part.rawPayload.equals(data.subarray(10, 20))).toBe(true);
    const tail = await t.app.inject({ method: 'GET', url, headers: { range: 'bytes=-5' } });
    expect(tail.rawPayload.equals(data.subarray(data.length - 5))).toBe(true);
    const beyond = await t.app.inject({ method: 'GET', url, headers: { range: `bytes=${data.length + 10}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${data.length}`);
    const cached = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(cached.statusCode).toBe(304);
  });

  it('accepts a browser multipart/form-data upload and commits each file', async () => {
    const id = await newDraft();
    const boundary = '----cairnboundary';
    const parts = [
      { name: 'a.txt', data: 'alpha\n' },
      { name: 'b.json', data: '{"b":1}\n' },
    ];
    const payload = Buffer.concat([
      ...parts.map((p) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${p.name}"\r\nContent-Type: text/plain\r\n\r\n${p.data}\r\n`)),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/files/upload`, headers: { ...alice.auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode).toBe(201);
    const entries = body(res).entries;
    expect(entries.map((e: { key: string; status: string }) => [e.key, e.status])).toEqual([['a.txt', 'completed'], ['b.json', 'completed']]);
    expect(entries[0].checksum).toBe(`md5:${md5(Buffer.from('alpha\n')).toString('hex')}`);
  });

  it('publishes only when every file is committed', async () => {
    const id = await newDraft();
    await declare(id, [{ key: 'late.bin' }]);
    await put(id, 'late.bin', Buffer.from('bytes'));
    const res = await publish(id);
    expect(res.statusCode).toBe(400);
    expect(body(res).errors).toEqual([{ pointer: '/files/entries/late.bin', message: 'the upload is not committed yet' }]);
    expect((await commit(id, 'late.bin')).statusCode).toBe(200);
    expect((await publish(id)).statusCode).toBe(202);
  });
});

describe('bad input keeps nothing', () => {
  it.each([
    ['../escape.txt'],
    ['raw/../../etc/passwd'],
    ['/absolute.txt'],
    ['a//b.txt'],
    ['folder/'],
    ['back\\slash.txt'],
    ['ctrl\u0001char.txt'],
    ['x'.repeat(1025)],
  ])('refuses the key %j with 400', async (key) => {
    const id = await newDraft();
    const res = await declare(id, [{ key }]);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const listing = body(await t.app.inject({ method: 'GET', url: `/api/records/${id}/draft/files`, headers: alice.auth }));
    expect(listing.entries).toEqual([]);
  });

  it('refuses content whose Content-MD5 or Repr-Digest does not match with 422, keeping no bytes', async () => {
    const id = await newDraft();
    await declare(id, [{ key: 'data.bin' }]);
    const blobsBefore = await blobFiles();
    const data = Buffer.from('the real bytes');
    const wrong = md5(Buffer.from('other bytes')).toString('base64');
    const r1 = await put(id, 'data.bin', data, { 'content-md5': wrong });
    expect(r1.statusCode).toBe(422);
    expect(body(r1).code).toBe('DIGEST_MISMATCH');
    const r2 = await put(id, 'data.bin', data, { 'repr-digest': `sha-256=:${sha256(Buffer.from('nope')).toString('base64')}:` });
    expect(r2.statusCode).toBe(422);
    expect(await blobFiles()).toEqual(blobsBefore);
    expect(await tmpFiles()).toEqual([]);
    const entry = body(await t.app.inject({ method: 'GET', url: `/api/records/${id}/draft/files/data.bin`, headers: alice.auth }));
    expect(entry).toMatchObject({ status: 'pending', size: null, checksum: null });
    expect((await commit(id, 'data.bin')).statusCode).toBe(400);
    // The right digest goes through.
    const ok = await put(id, 'data.bin', data, { 'content-md5': md5(data).toString('base64'), digest: `sha-256=${sha256(data).toString('base64')}` });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a file over the size limit and over the record quota with 413, keeping nothing', async () => {
    const id = await newDraft();
    const declared = await declare(id, [{ key: 'huge.bin', size: MAX_FILE + 1 }]);
    expect(declared.statusCode).toBe(413);
    await declare(id, [{ key: 'big.bin' }, { key: 'big2.bin' }, { key: 'big3.bin' }]);
    const over = await put(id, 'big.bin', Buffer.alloc(MAX_FILE + 1, 1));
    expect(over.statusCode).toBe(413);
    expect(body(over).code).toBe('FILE_TOO_LARGE');
    expect(await tmpFiles()).toEqual([]);
    expect((await put(id, 'big.bin', Buffer.alloc(MAX_FILE, 1))).statusCode).toBe(200);
    expect((await put(id, 'big2.bin', Buffer.alloc(MAX_FILE, 2))).statusCode).toBe(200);
    const quota = await put(id, 'big3.bin', Buffer.alloc(10, 3));
    expect(quota.statusCode).toBe(413);
    expect(body(quota).code).toBe('QUOTA_EXCEEDED');
    const listing = body(await t.app.inject({ method: 'GET', url: `/api/records/${id}/draft/files`, headers: alice.auth }));
    expect(listing.total_bytes).toBe(2 * MAX_FILE);
    const many = await declare(id, [{ key: '4' }, { key: '5' }, { key: '6' }]);
    expect(many.statusCode).toBe(413);
    expect(body(many).code).toBe('TOO_MANY_FILES');
  });

  it('refuses a duplicate key with 409 and file changes by another user with 403', async () => {
    const id = await newDraft();
    expect((await declare(id, [{ key: 'x.txt' }])).statusCode).toBe(201);
    expect((await declare(id, [{ key: 'x.txt' }])).statusCode).toBe(409);
    const other = await t.app.inject({ method: 'PUT', url: `/api/records/${id}/draft/files/x.txt/content`, headers: { ...bob.auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from('hi') });
    expect(other.statusCode).toBe(403);
  });
});

describe('multipart transfer (resumable)', () => {
  it('assembles parts sent out of order, a dropped part re-sent alone, into one checksummed file', async () => {
    const id = await newDraft();
    const data = Buffer.from(Array.from({ length: 25_000 }, (_, i) => i % 251));
    const partSize = 10_000;
    const init = await declare(id, [{ key: 'scan.h5', size: data.length, checksum: `md5:${md5(data).toString('hex')}`, transfer: { type: 'M', parts: 3, part_size: partSize } }]);
    expect(init.statusCode).toBe(201);
    const links = body(init).entries[0].links;
    expect(links.part_3).toBe(`http://cairn.test/api/records/${id}/draft/files/scan.h5/content/3`);
    const partUrl = (n: number) => `/api/records/${id}/draft/files/scan.h5/content/${n}`;
    const sendPart = (n: number, bytes: Buffer) =>
      t.app.inject({ method: 'PUT', url: partUrl(n), headers: { ...alice.auth, 'content-type': 'application/octet-stream' }, payload: bytes });
    expect((await sendPart(3, data.subarray(20_000))).statusCode).toBe(200);
    expect((await sendPart(1, data.subarray(0, 10_000))).statusCode).toBe(200);
    const missing = await commit(id, 'scan.h5');
    expect(missing.statusCode).toBe(400);
    expect(body(missing).code).toBe('FILE_PARTS_MISSING');
    // Part 2 "dropped": a short send is refused, then re-sent whole.
    expect((await sendPart(2, data.subarray(10_000, 15_000))).statusCode).toBe(400);
    expect((await sendPart(2, data.subarray(10_000, 20_000))).statusCode).toBe(200);
    const done = await commit(id, 'scan.h5');
    expect(done.statusCode).toBe(200);
    expect(body(done)).toMatchObject({ status: 'completed', size: data.length, checksum: `md5:${md5(data).toString('hex')}` });
    const bytes = await t.app.inject({ method: 'GET', url: `/api/records/${id}/draft/files/scan.h5/content`, headers: alice.auth });
    expect(bytes.rawPayload.equals(data)).toBe(true);
  });
});

describe('published files are immutable; new versions import them without copying', () => {
  it('locks files of a published version and shares blobs with the next version', async () => {
    const id = await newDraft();
    const data = Buffer.from('version one data\n');
    await upload(id, 'v.txt', data);
    expect((await publish(id)).statusCode).toBe(202);

    const edit = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft`, headers: alice.auth });
    expect(edit.statusCode).toBe(201);
    const locked = await put(id, 'v.txt', Buffer.from('changed'));
    expect(locked.statusCode).toBe(409);
    expect(body(locked).code).toBe('FILES_LOCKED');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${id}/draft/files/v.txt`, headers: alice.auth })).statusCode).toBe(409);
    expect((await declare(id, [{ key: 'new.txt' }])).statusCode).toBe(409);

    const nv = body(await t.app.inject({ method: 'POST', url: `/api/records/${id}/versions`, headers: alice.auth }));
    expect(nv.files.count).toBe(0);
    const blobsBefore = (await blobFiles()).length;
    const imported = await t.app.inject({ method: 'POST', url: `/api/records/${nv.id}/draft/actions/files-import`, headers: alice.auth });
    expect(imported.statusCode).toBe(201);
    expect(body(imported).files.count).toBe(1);
    expect((await blobFiles()).length).toBe(blobsBefore);
    // The new version may change its own copy.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${nv.id}/draft/files/v.txt`, headers: alice.auth })).statusCode).toBe(204);
    const still = await t.app.inject({ method: 'GET', url: `/api/records/${id}/files/v.txt/content` });
    expect(still.rawPayload.equals(data)).toBe(true);
  });

  it('keeps restricted files from anonymous users and others, but not from the owner', async () => {
    const id = await newDraft({ record: 'public', files: 'restricted' });
    await upload(id, 'secret.txt', Buffer.from('s'));
    expect((await publish(id)).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${id}/files/secret.txt/content` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${id}/files`, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${id}/files/secret.txt/content`, headers: alice.auth })).statusCode).toBe(200);
  });

  it('records file changes in the audit log', async () => {
    const id = await newDraft();
    await upload(id, 'audited.txt', Buffer.from('a'));
    const audit = body(await t.app.inject({ method: 'GET', url: `/api/records/${id}/audit`, headers: alice.auth }));
    expect(audit.hits.hits.map((e: { action: string }) => e.action)).toEqual(['draft.create', 'file.init', 'file.upload', 'file.commit']);
  });
});
