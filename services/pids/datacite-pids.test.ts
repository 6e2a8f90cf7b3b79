import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import full from '../records/testing/datacite-full.json' with { type: 'json' };
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { startDataCiteStandIn, type DataCiteStandIn } from './testing/datacite-stand-in.js';

const REPOSITORY = 'CAIRN.TEST';
const PASSWORD = 'stand-in-secret';
const clock = new ManualClock('2026-03-01T10:00:00Z');
let dc: DataCiteStandIn;
let t: TestApp;
let alice: TestUser;
let curator: TestUser;

beforeAll(async () => {
  dc = await startDataCiteStandIn({ repositoryId: REPOSITORY, password: PASSWORD, prefix: '10.5072' });
  t = await createTestApp({
    clock,
    env: { DOI_PROVIDER: 'datacite', DATACITE_URL: dc.url, DATACITE_REPOSITORY_ID: REPOSITORY, DATACITE_PASSWORD: PASSWORD },
  });
  alice = await t.user();
  curator = await t.user('admin');
});
afterAll(async () => {
  await t.close();
  await dc.close();
});
beforeEach(() => {
  dc.requests.length = 0;
  dc.failNext(0);
  dc.setDown(false);
});

const json = (auth: object) => ({ ...auth, 'content-type': 'application/json' });

async function createDraft(metadata: object = minimal, access?: object) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(alice.auth), payload: { metadata, files: { enabled: false }, ...(access ? { access } : {}) } });
  expect(res.statusCode).toBe(201);
  return body(res);
}

async function publish(id: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: alice.auth });
  expect(res.statusCode).toBe(202);
  return body(res);
}

async function read(id: string) {
  return body(await t.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: alice.auth }));
}

async function pendingRegistrations() {
  return t.database.db.selectFrom('outbox').selectAll().where('topic', '=', 'pids.register').execute();
}

describe('DataCite DOIs', () => {
  it('publishes: pending at once, findable once the outbox has registered it with the mapped metadata', async () => {
    const draft = await createDraft(full);
    const record = await publish(draft.id);
    const doi = `10.5072/cairn.${draft.id}`;
    expect(record.pids.doi).toEqual({ identifier: doi, provider: 'datacite', client: REPOSITORY, status: 'pending' });
    expect(record.parent.pids.doi).toMatchObject({ identifier: `10.5072/cairn.${record.parent.id}`, provider: 'datacite', status: 'pending' });
    expect(dc.requests).toEqual([]); // nothing remote inside the request

    await t.outbox.drain();
    const post = dc.requests.find((r) => r.method === 'POST' && r.body?.data?.attributes?.doi === doi)!;
    expect(post).toMatchObject({ path: '/dois', contentType: 'application/vnd.api+json', user: REPOSITORY });
    const attrs = post.body!.data!.attributes!;
    expect(post.body!.data!.type).toBe('dois');
    expect(attrs.id).toBeUndefined(); // JSON:API: the id is not an attribute
    expect(attrs).toMatchObject({
      event: 'publish',
      url: `http://cairn.test/records/${draft.id}`,
      titles: full.titles,
      creators: full.creators,
      publisher: full.publisher,
      publicationYear: full.publicationYear,
      subjects: full.subjects,
      geoLocations: full.geoLocations,
      fundingReferences: full.fundingReferences,
      relatedItems: full.relatedItems,
      types: { ...full.types },
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
    expect(attrs.relatedIdentifiers).toContainEqual({ relatedIdentifier: `10.5072/cairn.${record.parent.id}`, relatedIdentifierType: 'DOI', relationType: 'IsVersionOf' });
    expect(dc.dois.get(doi)?.state).toBe('findable');
    const after = await read(draft.id);
    expect(after.pids.doi.status).toBe('findable');
    expect(after.parent.pids.doi.status).toBe('findable');

    // The concept DOI: the latest version's metadata and landing page, HasVersion that version.
    const concept = dc.dois.get(`10.5072/cairn.${record.parent.id}`)!;
    expect(concept.state).toBe('findable');
    expect(concept.attributes.url).toBe(`http://cairn.test/records/${draft.id}`);
    expect(concept.attributes.relatedIdentifiers).toContainEqual({ relatedIdentifier: doi, relatedIdentifierType: 'DOI', relationType: 'HasVersion' });
    expect(await pendingRegistrations()).toEqual([]);
  });

  it('updates the metadata on edit (no event) and hides the DOI when the record becomes a tombstone', async () => {
    const record = await publish((await createDraft()).id);
    await t.outbox.drain();
    const doi = record.pids.doi.identifier;
    expect(dc.dois.get(doi)?.state).toBe('findable');

    dc.requests.length = 0;
    await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft`, headers: alice.auth });
    await t.app.inject({ method: 'PUT', url: `/api/records/${record.id}/draft`, headers: json(alice.auth), payload: { metadata: { ...minimal, titles: [{ title: 'Corrected title' }] }, files: { enabled: false } } });
    const edited = await publish(record.id);
    expect(edited.pids.doi.status).toBe('findable');
    await t.outbox.drain();
    const put = dc.requests.find((r) => r.method === 'PUT' && r.path === `/dois/${doi}`)!;
    expect(put.body!.data!.attributes!.event).toBeUndefined();
    expect(put.body!.data!.attributes!.titles).toEqual([{ title: 'Corrected title' }]);
    expect(dc.dois.get(doi)?.attributes.titles).toEqual([{ title: 'Corrected title' }]);

    dc.requests.length = 0;
    const del = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/delete`, headers: json(curator.auth), payload: { reason: 'Withdrawn by the authors' } });
    expect(del.statusCode).toBe(204);
    await t.outbox.drain();
    const hide = dc.requests.find((r) => r.method === 'PUT' && r.path === `/dois/${doi}`)!;
    expect(hide.body!.data!.attributes!.event).toBe('hide');
    expect(dc.dois.get(doi)?.state).toBe('registered');
    const tombstone = body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` }));
    expect(tombstone.tombstone.pids.doi.status).toBe('registered');
    // The tombstone's DOI still resolves here.
    expect((await t.app.inject({ method: 'GET', url: `/doi/${doi}` })).headers.location).toBe(`http://cairn.test/records/${record.id}`);
  });

  it('reserves a draft DOI (a DataCite draft), then publishes it', async () => {
    const draft = await createDraft();
    const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/pids/doi`, headers: alice.auth });
    expect(res.statusCode).toBe(201);
    const doi = `10.5072/cairn.${draft.id}`;
    expect(body(res).pids.doi).toEqual({ identifier: doi, provider: 'datacite', client: REPOSITORY, status: 'pending' });
    await t.outbox.drain();
    const reserve = dc.requests.find((r) => r.method === 'POST')!;
    expect(reserve.body!.data!.attributes).toEqual({ doi });
    expect(dc.dois.get(doi)?.state).toBe('draft');
    const reserved = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: alice.auth }));
    expect(reserved.pids.doi.status).toBe('reserved');

    const record = await publish(draft.id);
    expect(record.pids.doi).toMatchObject({ identifier: doi, status: 'pending' });
    dc.requests.length = 0;
    await t.outbox.drain();
    // Known there already: POST answers 422 "taken", the update goes by PUT with the publish event.
    const publishing = dc.requests.filter((r) => r.body?.data?.attributes?.doi === doi || r.path === `/dois/${doi}`);
    expect(publishing.map((r) => r.method)).toEqual(['POST', 'PUT']);
    expect(publishing[1]!.body!.data!.attributes!.event).toBe('publish');
    expect(dc.dois.get(doi)?.state).toBe('findable');
    expect((await read(draft.id)).pids.doi.status).toBe('findable');
  });

  it('registers a restricted record without telling its metadata (":unav"), not findable', async () => {
    const record = await publish((await createDraft(minimal, { record: 'restricted', files: 'restricted' })).id);
    await t.outbox.drain();
    const doi = record.pids.doi.identifier;
    const stored = dc.dois.get(doi)!;
    expect(stored.state).toBe('registered');
    expect(stored.attributes.titles).toEqual([{ title: ':unav' }]);
    expect(stored.attributes.creators).toEqual([{ name: ':unav' }]);
    expect((await read(record.id)).pids.doi.status).toBe('registered');
  });

  it('never fails a publish because DataCite is down: the outbox retries with backoff until it is registered', async () => {
    dc.setDown(true);
    const record = await publish((await createDraft()).id);
    expect(record.pids.doi.status).toBe('pending');
    await t.outbox.drain();
    let rows = await pendingRegistrations();
    expect(rows).toHaveLength(2); // the version and the concept
    expect(rows[0]).toMatchObject({ attempts: 1 });
    expect(rows[0]!.last_error).toMatch(/DataCite is unreachable/);
    expect(rows[0]!.run_at.getTime() - clock.now().getTime()).toBe(2000);

    // Up again but failing with 500s: another attempt, longer backoff.
    dc.setDown(false);
    dc.failNext(2, 500);
    clock.advance(2000);
    await t.outbox.drain();
    rows = await pendingRegistrations();
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
    expect(rows[0]!.last_error).toMatch(/DataCite answered 500/);
    expect((await read(record.id)).pids.doi.status).toBe('pending');

    clock.advance(4000);
    await t.outbox.drain();
    expect(await pendingRegistrations()).toEqual([]);
    expect(dc.dois.get(record.pids.doi.identifier)?.state).toBe('findable');
    const after = await read(record.id);
    expect(after.pids.doi.status).toBe('findable');
    expect(after.parent.pids.doi.status).toBe('findable');
  });

  it('keeps retrying when DataCite refuses the credentials (401), naming the cause', async () => {
    const wrong = await createTestApp({ clock, env: { DOI_PROVIDER: 'datacite', DATACITE_URL: dc.url, DATACITE_REPOSITORY_ID: REPOSITORY, DATACITE_PASSWORD: 'wrong' } });
    try {
      const user = await wrong.user();
      const draft = body(await wrong.app.inject({ method: 'POST', url: '/api/records', headers: json(user.auth), payload: { metadata: minimal, files: { enabled: false } } }));
      expect((await wrong.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: user.auth })).statusCode).toBe(202);
      await wrong.outbox.drain();
      const rows = await wrong.database.db.selectFrom('outbox').selectAll().where('topic', '=', 'pids.register').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]!.last_error).toMatch(/refused the repository credentials.*Bad credentials/);
      const answered = dc.requests.filter((r) => r.user === REPOSITORY);
      expect(answered.length).toBeGreaterThan(0);
    } finally {
      await wrong.close();
    }
  });

  it('shows the stand-in answers 422 with DataCite error objects for a findable DOI without its metadata', async () => {
    const res = await fetch(`${dc.url}/dois`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json', authorization: `Basic ${Buffer.from(`${REPOSITORY}:${PASSWORD}`).toString('base64')}` },
      body: JSON.stringify({ data: { type: 'dois', attributes: { doi: '10.5072/cairn.test-422', event: 'publish' } } }),
    });
    expect(res.status).toBe(422);
    const answer = (await res.json()) as { errors: Array<{ source: string; uid: string; title: string }> };
    expect(answer.errors).toContainEqual({ source: 'url', uid: '10.5072/cairn.test-422', title: "Can't be blank" });
    const unauthorized = await fetch(`${dc.url}/dois`, { method: 'POST', headers: { 'content-type': 'application/vnd.api+json' }, body: '{}' });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ errors: [{ status: '401', title: 'Bad credentials.' }] });
  });
});
