import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let curator: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  alice = await t.user();
  bob = await t.user();
  curator = await t.user('admin');
});
afterAll(async () => t.close());

const json = (auth: object) => ({ ...auth, 'content-type': 'application/json' });

async function createDraft(user: TestUser, metadata: object = minimal) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(user.auth), payload: { metadata, files: { enabled: false } } });
  expect(res.statusCode).toBe(201);
  return body(res);
}

async function publish(user: TestUser, id: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: user.auth });
  expect(res.statusCode).toBe(202);
  return body(res);
}

describe('local DOIs', () => {
  it('mints a DOI per version and a concept DOI on the parent when publishing', async () => {
    const draft = await createDraft(alice);
    expect(draft.pids).toEqual({});
    const record = await publish(alice, draft.id);
    expect(record.pids.doi).toEqual({ identifier: `10.5072/cairn.${draft.id}`, provider: 'local', status: 'registered' });
    expect(record.parent.pids.doi).toEqual({ identifier: `10.5072/cairn.${record.parent.id}`, provider: 'local', status: 'registered' });
    const read = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}` }));
    expect(read.pids).toEqual(record.pids);
    expect(read.parent.pids).toEqual(record.parent.pids);
    // Nothing to register remotely.
    const outbox = await t.database.db.selectFrom('outbox').select('topic').where('topic', '=', 'pids.register').execute();
    expect(outbox).toEqual([]);
  });

  it('keeps the DOI through edits; a new version gets its own, under the same concept DOI', async () => {
    const v1 = await publish(alice, (await createDraft(alice)).id);
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/draft`, headers: alice.auth })).statusCode).toBe(201);
    const edit = await t.app.inject({ method: 'PUT', url: `/api/records/${v1.id}/draft`, headers: json(alice.auth), payload: { metadata: { ...minimal, version: '1.1' }, files: { enabled: false } } });
    expect(body(edit).pids).toEqual(v1.pids);
    const edited = await publish(alice, v1.id);
    expect(edited.pids).toEqual(v1.pids);
    expect(edited.revision_id).toBe(2);

    const v2draft = body(await t.app.inject({ method: 'POST', url: `/api/records/${v1.id}/versions`, headers: alice.auth }));
    expect(v2draft.pids).toEqual({});
    expect(v2draft.parent.pids).toEqual(v1.parent.pids);
    const v2 = await publish(alice, v2draft.id);
    expect(v2.pids.doi.identifier).toBe(`10.5072/cairn.${v2.id}`);
    expect(v2.parent.pids).toEqual(v1.parent.pids);

    // The concept DOI resolves to the latest version; each version DOI to its own page.
    const concept = await t.app.inject({ method: 'GET', url: `/doi/${v1.parent.pids.doi.identifier}` });
    expect(concept.statusCode).toBe(302);
    expect(concept.headers.location).toBe(`http://cairn.test/records/${v2.id}`);
    const own = await t.app.inject({ method: 'GET', url: `/doi/${v1.pids.doi.identifier}` });
    expect(own.statusCode).toBe(302);
    expect(own.headers.location).toBe(`http://cairn.test/records/${v1.id}`);
    // DOIs are case-insensitive.
    const upper = await t.app.inject({ method: 'GET', url: `/doi/${v2.pids.doi.identifier.toUpperCase()}` });
    expect(upper.headers.location).toBe(`http://cairn.test/records/${v2.id}`);
    // The DataCite XML of a version names its concept.
    const xml = (await t.app.inject({ method: 'GET', url: `/api/records/${v2.id}/export/datacite-xml` })).body;
    expect(xml).toContain(`<relatedIdentifier relatedIdentifierType="DOI" relationType="IsVersionOf">${v1.parent.pids.doi.identifier}</relatedIdentifier>`);
  });

  it('answers the resolution as JSON with noredirect, 404 for unknown DOIs', async () => {
    const record = await publish(alice, (await createDraft(alice)).id);
    const res = await t.app.inject({ method: 'GET', url: `/doi/${record.pids.doi.identifier}?noredirect` });
    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({ doi: record.pids.doi.identifier, url: `http://cairn.test/records/${record.id}`, record_id: record.id, concept: false });
    const concept = body(await t.app.inject({ method: 'GET', url: `/doi/${record.parent.pids.doi.identifier}?noredirect=true` }));
    expect(concept).toMatchObject({ record_id: record.id, concept: true });
    const missing = await t.app.inject({ method: 'GET', url: '/doi/10.5072/cairn.zzzzz-zzzzz' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(body(missing).code).toBe('DOI_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: '/doi/11.1/x' })).statusCode).toBe(400);
  });

  it('reserves a draft DOI on request (owners only), and publishes under it', async () => {
    const draft = await createDraft(alice);
    const url = `/api/records/${draft.id}/draft/pids/doi`;
    expect((await t.app.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: bob.auth })).statusCode).toBe(403);
    const first = await t.app.inject({ method: 'POST', url, headers: alice.auth });
    expect(first.statusCode).toBe(201);
    expect(body(first).pids.doi).toEqual({ identifier: `10.5072/cairn.${draft.id}`, provider: 'local', status: 'reserved' });
    const again = await t.app.inject({ method: 'POST', url, headers: alice.auth });
    expect(again.statusCode).toBe(200);
    expect(body(again).pids).toEqual(body(first).pids);
    // A reserved DOI is not published yet: it does not resolve.
    expect((await t.app.inject({ method: 'GET', url: `/doi/10.5072/cairn.${draft.id}` })).statusCode).toBe(404);
    // Saving the draft keeps it.
    const put = await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: json(alice.auth), payload: { metadata: minimal, files: { enabled: false } } });
    expect(body(put).pids.doi.status).toBe('reserved');
    const record = await publish(alice, draft.id);
    expect(record.pids.doi).toEqual({ identifier: `10.5072/cairn.${draft.id}`, provider: 'local', status: 'registered' });
    expect((await t.app.inject({ method: 'POST', url: '/api/records/zzzzz-zzzzz/draft/pids/doi', headers: alice.auth })).statusCode).toBe(404);
    const audit = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/audit`, headers: alice.auth }));
    expect(audit.hits.hits.map((e: { action: string }) => e.action)).toContain('draft.pids');
  });

  it('keeps resolving the DOI of a deleted record, to the page that says why', async () => {
    const record = await publish(alice, (await createDraft(alice)).id);
    const del = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/delete`, headers: json(curator.auth), payload: { reason: 'Duplicate of another record' } });
    expect(del.statusCode).toBe(204);
    const res = await t.app.inject({ method: 'GET', url: `/doi/${record.pids.doi.identifier}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`http://cairn.test/records/${record.id}`);
    const gone = body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` }));
    expect(gone.tombstone.pids.doi.identifier).toBe(record.pids.doi.identifier);
  });
});
