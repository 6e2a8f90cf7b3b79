import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import minimal from './testing/datacite-minimal.json' with { type: 'json' };
import imaging from './testing/imaging-valid.json' with { type: 'json' };
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  alice = await t.user();
  bob = await t.user();
  admin = await t.user('admin');
});
afterAll(async () => t.close());

const json = (auth: object) => ({ ...auth, 'content-type': 'application/json' });

async function createDraft(user: TestUser, payload: object = { metadata: minimal, files: { enabled: false } }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(user.auth), payload });
  expect(res.statusCode).toBe(201);
  return body(res);
}

async function publishNew(user: TestUser, metadata: object = minimal) {
  const draft = await createDraft(user, { metadata, files: { enabled: false } });
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: user.auth });
  expect(res.statusCode).toBe(202);
  return body(res);
}

async function count(table: 'drafts' | 'records' | 'parents' | 'audit_log') {
  const row = await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('drafts', () => {
  it('creates an incomplete draft, saves it and reports each error as a pointer', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(alice.auth), payload: { metadata: { titles: [{ title: 'Half done' }] } } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const draft = body(res);
    expect(draft.id).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    expect(draft.parent.id).not.toBe(draft.id);
    expect(draft.status).toBe('draft');
    expect(draft.versions.index).toBe(1);
    expect(draft.metadata.titles[0].title).toBe('Half done');
    expect(draft.access).toMatchObject({ record: 'public', files: 'public', status: 'open' });
    const pointers = draft.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/metadata/creators', '/metadata/publisher', '/metadata/publicationYear', '/metadata/types']));
    expect(res.headers.location).toBe(`http://cairn.test/api/records/${draft.id}/draft`);
    expect(draft.links.publish).toBe(`http://cairn.test/api/records/${draft.id}/draft/actions/publish`);

    const read = await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: alice.auth });
    expect(read.statusCode).toBe(200);
    expect(body(read).metadata).toEqual(draft.metadata);
  });

  it('updates with If-Match and refuses a stale revision with 412, changing nothing', async () => {
    const draft = await createDraft(alice);
    const ok = await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: { ...json(alice.auth), 'if-match': '"1"' }, payload: { ...draft, metadata: { ...minimal, version: '2' } } });
    expect(ok.statusCode).toBe(200);
    expect(body(ok).revision_id).toBe(2);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: { ...json(alice.auth), 'if-match': '"1"' }, payload: { metadata: { ...minimal, version: '3' } } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(body(stale).code).toBe('RECORD_REVISION_MISMATCH');
    const after = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: alice.auth }));
    expect(after.metadata.version).toBe('2');
    expect(after.revision_id).toBe(2);
    const garbage = await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: { ...json(alice.auth), 'if-match': 'yesterday' }, payload: {} });
    expect(garbage.statusCode).toBe(400);
  });

  it('rejects a structurally wrong body with 400 problem+json and field pointers', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(alice.auth), payload: { metadata: 'not an object', access: { record: 'secret' } } });
    expect(res.statusCode).toBe(400);
    const problem = body(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/metadata', '/access/record']));
    const bad = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(alice.auth), payload: '{"metadata": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps drafts private: 401 anonymous, 403 another user, 200 admin', async () => {
    const draft = await createDraft(alice);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: json(bob.auth), payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: admin.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/records', payload: {} })).statusCode).toBe(401);
  });

  it('rejects an invalid token with 401 rather than treating the caller as anonymous', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/user/records', headers: { authorization: 'Bearer cairn_nope' } });
    expect(res.statusCode).toBe(401);
    expect(body(res).code).toBe('TOKEN_INVALID');
  });

  it('deletes a draft with its parent', async () => {
    const draft = await createDraft(alice);
    const before = await count('parents');
    const res = await t.app.inject({ method: 'DELETE', url: `/api/records/${draft.id}/draft`, headers: alice.auth });
    expect(res.statusCode).toBe(204);
    expect(await count('parents')).toBe(before - 1);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: alice.auth })).statusCode).toBe(404);
  });
});

describe('publish', () => {
  it('refuses invalid metadata with 400 listing each error, and keeps nothing', async () => {
    const draft = await createDraft(alice, { metadata: { ...minimal, creators: [{ name: ' ' }], types: { resourceTypeGeneral: 'Spreadsheet' } }, files: { enabled: false } });
    const records = await count('records');
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: alice.auth });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = body(res);
    expect(problem.code).toBe('RECORD_INVALID');
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/metadata/creators/0/name');
    expect(pointers).toContain('/metadata/types/resourceTypeGeneral');
    expect(await count('records')).toBe(records);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}`, headers: alice.auth })).statusCode).toBe(404);
  });

  it('refuses a draft with files enabled but none uploaded', async () => {
    const draft = await createDraft(alice, { metadata: minimal });
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: alice.auth });
    expect(res.statusCode).toBe(400);
    expect(body(res).errors[0].pointer).toBe('/files');
  });

  it('applies a profile: imaging requirements are enforced on top of DataCite', async () => {
    const draft = await createDraft(alice, { metadata: minimal, profile: 'imaging', files: { enabled: false } });
    expect(draft.errors.length).toBeGreaterThan(0);
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: alice.auth });
    expect(res.statusCode).toBe(400);
    const good = await createDraft(alice, { metadata: imaging, profile: 'imaging', files: { enabled: false } });
    expect(good.errors).toEqual([]);
    const unknown = await createDraft(alice, { metadata: minimal, profile: 'astronomy', files: { enabled: false } });
    expect(unknown.errors).toContainEqual({ pointer: '/profile', message: 'unknown profile astronomy' });
    const profiles = body(await t.app.inject({ method: 'GET', url: '/api/profiles' }));
    expect(profiles.hits.map((p: { id: string }) => p.id)).toContain('imaging');
  });

  it('publishes a metadata-only record readable by anyone, with a stale If-Match refused', async () => {
    const draft = await createDraft(alice);
    const stale = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: { ...alice.auth, 'if-match': '"7"' } });
    expect(stale.statusCode).toBe(412);
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: { ...alice.auth, 'if-match': '"1"' } });
    expect(res.statusCode).toBe(202);
    const record = body(res);
    expect(record).toMatchObject({ id: draft.id, status: 'published', is_published: true, is_draft: false, revision_id: 1 });
    expect(record.versions).toEqual({ index: 1, is_latest: true, is_latest_draft: false });
    expect(record.access.status).toBe('metadata-only');
    const anon = await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}` });
    expect(anon.statusCode).toBe(200);
    expect(anon.headers.etag).toBe('"1"');
    expect(body(anon).metadata).toEqual(minimal);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: alice.auth })).statusCode).toBe(404);
  });

  it('hides a restricted record from anonymous users and others', async () => {
    const draft = await createDraft(alice, { metadata: minimal, files: { enabled: false }, access: { record: 'restricted', files: 'restricted' } });
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: alice.auth })).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}`, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}`, headers: alice.auth })).statusCode).toBe(200);
  });

  it('needs the records:publish scope on the token', async () => {
    const limited = await t.user('depositor', ['records:read', 'records:write']);
    const draft = await createDraft(limited);
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: limited.auth });
    expect(res.statusCode).toBe(403);
  });
});

describe('edit and versions', () => {
  it('edits published metadata as a new revision, with the audit trail before/after', async () => {
    const record = await publishNew(alice);
    const edit = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft`, headers: alice.auth });
    expect(edit.statusCode).toBe(201);
    expect(body(edit)).toMatchObject({ id: record.id, status: 'edit_draft', is_published: true });
    const again = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft`, headers: alice.auth });
    expect(body(again).id).toBe(record.id);
    const titles = [{ title: 'Corrected title' }];
    const put = await t.app.inject({ method: 'PUT', url: `/api/records/${record.id}/draft`, headers: json(alice.auth), payload: { metadata: { ...minimal, titles }, files: { enabled: false } } });
    expect(put.statusCode).toBe(200);
    // The published record is unchanged until the edit is published.
    expect(body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` })).metadata.titles).toEqual(minimal.titles);
    const pub = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft/actions/publish`, headers: alice.auth });
    expect(pub.statusCode).toBe(202);
    expect(body(pub)).toMatchObject({ revision_id: 2, metadata: { titles } });
    // Anonymous reads are cached in memory; publishing the edit purges them.
    expect(body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` })).metadata.titles).toEqual(titles);
    await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft`, headers: alice.auth });
    await t.app.inject({ method: 'PUT', url: `/api/records/${record.id}/draft`, headers: json(alice.auth), payload: { metadata: { ...minimal, titles }, files: { enabled: false }, access: { record: 'restricted', files: 'restricted' } } });
    await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft/actions/publish`, headers: alice.auth });
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` })).statusCode).toBe(401);

    const audit = await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/audit`, headers: alice.auth });
    expect(audit.statusCode).toBe(200);
    const entries = body(audit).hits.hits;
    expect(entries.map((e: { action: string }) => e.action).slice(0, 5)).toEqual(['draft.create', 'record.publish', 'draft.edit', 'draft.update', 'record.update']);
    const update = entries[4];
    expect(update.actor).toBe(alice.id);
    expect(update.before.metadata.titles).toEqual(minimal.titles);
    expect(update.after.metadata.titles).toEqual(titles);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/audit`, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/audit`, headers: admin.auth })).statusCode).toBe(200);
  });

  it('refuses to rewrite the audit log, even from inside the database', async () => {
    await expect(t.database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
  });

  it('creates exactly one new-version draft under concurrent requests, with a unique index', async () => {
    const v1 = await publishNew(alice);
    const results = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/versions`, headers: alice.auth })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const ids = new Set(results.map((r) => body(r).id));
    expect(ids.size).toBe(1);
    const v2draft = body(results[0]!);
    expect(v2draft).toMatchObject({ status: 'new_version_draft', versions: { index: 2 }, parent: { id: v1.parent.id } });
    const drafts = await t.database.db.selectFrom('drafts').select('id').where('parent_id', '=', v1.parent.id).execute();
    expect(drafts).toHaveLength(1);

    const pub = await t.app.inject({ method: 'POST', url: `/api/records/${v2draft.id}/draft/actions/publish`, headers: alice.auth });
    expect(pub.statusCode).toBe(202);
    expect(body(pub).versions).toEqual({ index: 2, is_latest: true, is_latest_draft: false });

    const versions = body(await t.app.inject({ method: 'GET', url: `/api/records/${v1.id}/versions` }));
    expect(versions.hits.total).toBe(2);
    expect(versions.hits.hits.map((h: { versions: { index: number } }) => h.versions.index)).toEqual([2, 1]);
    expect(versions.hits.hits[1].versions.is_latest).toBe(false);

    const latest = await t.app.inject({ method: 'GET', url: `/api/records/${v1.id}/versions/latest` });
    expect(latest.statusCode).toBe(302);
    expect(latest.headers.location).toBe(`http://cairn.test/api/records/${v2draft.id}`);

    // After publishing, a new version gets index 3, never a reused one.
    const v3 = await t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/versions`, headers: alice.auth });
    expect(body(v3).versions.index).toBe(3);
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/versions`, headers: bob.auth })).statusCode).toBe(403);
  });

  it('lists my drafts and records, newest first, paged', async () => {
    const carol = await t.user();
    const first = await publishNew(carol);
    const second = await createDraft(carol);
    const res = await t.app.inject({ method: 'GET', url: '/api/user/records?size=1', headers: carol.auth });
    expect(res.statusCode).toBe(200);
    const page = body(res);
    expect(page.hits.total).toBe(2);
    expect(page.hits.hits[0].id).toBe(second.id);
    expect(page.links.next).toContain('page=2');
    const page2 = body(await t.app.inject({ method: 'GET', url: '/api/user/records?size=1&page=2', headers: carol.auth }));
    expect(page2.hits.hits[0].id).toBe(first.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/user/records?size=1000', headers: carol.auth })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/user/records?page=-1', headers: carol.auth })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/user/records' })).statusCode).toBe(401);
  });
});

describe('deletion', () => {
  it('leaves a 410 tombstone with the reason and citation; only curators and admins may delete', async () => {
    const v1 = await publishNew(alice);
    const del = (user: TestUser, payload: object = { reason: 'Participant withdrew consent' }) =>
      t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/delete`, headers: json(user.auth), payload });
    expect((await del(alice)).statusCode).toBe(403);
    expect((await del(admin, {})).statusCode).toBe(400);
    expect((await del(admin)).statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/api/records/${v1.id}` });
    expect(gone.statusCode).toBe(410);
    expect(body(gone).tombstone).toMatchObject({ id: v1.id, reason: 'Participant withdrew consent', citation: { titles: minimal.titles, publicationYear: minimal.publicationYear } });
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${v1.id}/files` })).statusCode).toBe(410);
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/versions`, headers: alice.auth })).statusCode).toBe(410);
    expect((await del(admin)).statusCode).toBe(410);
    const audit = body(await t.app.inject({ method: 'GET', url: `/api/records/${v1.id}/audit`, headers: admin.auth }));
    expect(audit.hits.hits.at(-1)).toMatchObject({ action: 'record.delete', actor: admin.id, after: { reason: 'Participant withdrew consent' } });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response instead of creating twice', async () => {
    const parents = await count('parents');
    const headers = { ...json(alice.auth), 'idempotency-key': 'create-1' };
    const first = await t.app.inject({ method: 'POST', url: '/api/records', headers, payload: { metadata: minimal } });
    const second = await t.app.inject({ method: 'POST', url: '/api/records', headers, payload: { metadata: minimal } });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(body(second).id).toBe(body(first).id);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count('parents')).toBe(parents + 1);

    const reused = await t.app.inject({ method: 'POST', url: '/api/records', headers, payload: { metadata: { titles: [] } } });
    expect(reused.statusCode).toBe(422);
    expect(body(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: the same key from Bob is a new request.
    const bobs = await t.app.inject({ method: 'POST', url: '/api/records', headers: { ...json(bob.auth), 'idempotency-key': 'create-1' }, payload: { metadata: minimal } });
    expect(bobs.statusCode).toBe(201);
    expect(body(bobs).id).not.toBe(body(first).id);
    expect(await count('parents')).toBe(parents + 2);
  });
});

describe('errors and operations', () => {
  it('answers unknown routes and records with problem+json', async () => {
    const route = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(route.statusCode).toBe(404);
    expect(route.headers['content-type']).toContain('application/problem+json');
    const record = await t.app.inject({ method: 'GET', url: '/api/records/zzzzz-zzzzz' });
    expect(record.statusCode).toBe(404);
    expect(body(record)).toMatchObject({ status: 404, code: 'RECORD_NOT_FOUND', instance: '/api/records/zzzzz-zzzzz' });
    expect(record.headers['x-request-id']).toBe(body(record).request_id);
  });

  it('reports liveness and readiness', async () => {
    expect(body(await t.app.inject({ method: 'GET', url: '/health/live' }))).toEqual({ status: 'ok' });
    expect(body(await t.app.inject({ method: 'GET', url: '/health/ready' }))).toEqual({ status: 'ok' });
  });
});
