import { Cite } from '@citation-js/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import full from '../records/testing/datacite-full.json' with { type: 'json' };
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { EXPORT_FORMATS, type ExportFormat } from './registry.js';
import { validateDataCiteXml } from './testing/xmllint.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let record: { id: string; parent: { id: string } };

beforeAll(async () => {
  t = await createTestApp();
  alice = await t.user();
  bob = await t.user();
  admin = await t.user('admin');
  record = await publishNew(alice, full);
});
afterAll(async () => t.close());

const json = (auth: object) => ({ ...auth, 'content-type': 'application/json' });

async function createDraft(user: TestUser, payload: object) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(user.auth), payload });
  expect(res.statusCode).toBe(201);
  return body(res);
}

async function publishNew(user: TestUser, metadata: object, extra: object = { files: { enabled: false } }) {
  const draft = await createDraft(user, { metadata, ...extra });
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: user.auth });
  expect(res.statusCode).toBe(202);
  return body(res);
}

/** A published record with one committed file. */
async function publishWithFile(user: TestUser, access: object) {
  const draft = await createDraft(user, { metadata: minimal, access });
  const files = `/api/records/${draft.id}/draft/files`;
  expect((await t.app.inject({ method: 'POST', url: files, headers: json(user.auth), payload: [{ key: 'table.csv' }] })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'PUT', url: `${files}/table.csv/content`, headers: { ...user.auth, 'content-type': 'application/octet-stream' }, payload: 'a,b\n1,2\n' })).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'POST', url: `${files}/table.csv/commit`, headers: user.auth })).statusCode).toBe(200);
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: user.auth });
  expect(res.statusCode).toBe(202);
  return body(res);
}

describe('GET /api/records/{id}/export/{format}', () => {
  it.each(Object.keys(EXPORT_FORMATS) as ExportFormat[])('exports %s with its media type', async (format) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/export/${format}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(`${EXPORT_FORMATS[format].mediaType}; charset=utf-8`);
    expect(res.body).toContain(format === 'csl' || format === 'bibtex' ? 'Lifebrain harmonised structural' : 'Lifebrain');
    if (format === 'datacite-xml') expect(await validateDataCiteXml(res.body)).toMatchObject({ valid: true });
    if (format === 'bibtex') expect(new Cite(res.body).data[0]).toMatchObject({ DOI: `10.5072/cairn.${record.id}` });
    if (format === 'csl') expect(new Cite(JSON.parse(res.body)).data[0]).toMatchObject({ DOI: `10.5072/cairn.${record.id}`, type: 'dataset' });
  });

  it('answers 400 for an unknown format and 404 for an unknown record', async () => {
    const bad = await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/export/marcxml` });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'GET', url: '/api/records/zzzzz-zzzzz/export/bibtex' })).statusCode).toBe(404);
  });

  it('obeys the access policy: restricted records 401/403, files listed only for those who may download them', async () => {
    const restricted = await publishWithFile(alice, { record: 'restricted', files: 'restricted' });
    const url = `/api/records/${restricted.id}/export/json-ld`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${restricted.id}`, headers: { ...bob.auth, accept: 'application/x-bibtex' } })).statusCode).toBe(403);
    const own = JSON.parse((await t.app.inject({ method: 'GET', url, headers: alice.auth })).body);
    expect(own.distribution).toMatchObject({ '@type': 'DataDownload', name: 'table.csv', contentUrl: `http://cairn.test/api/records/${restricted.id}/files/table.csv/content` });

    const closedFiles = await publishWithFile(alice, { record: 'public', files: 'restricted' });
    const anonymous = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/records/${closedFiles.id}/export/json-ld` })).body);
    expect(anonymous.name).toBe(minimal.titles[0]!.title);
    expect(anonymous.distribution).toBeUndefined();
    const dc = (await t.app.inject({ method: 'GET', url: `/api/records/${closedFiles.id}/export/dublincore` })).body;
    expect(dc).toContain('info:eu-repo/semantics/restrictedAccess');
    expect(dc).not.toContain('text/csv');
    const owner = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/records/${closedFiles.id}/export/json-ld`, headers: alice.auth })).body);
    expect(owner.distribution.name).toBe('table.csv');

    const open = await publishWithFile(alice, { record: 'public', files: 'public' });
    const openLd = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/records/${open.id}/export/json-ld` })).body);
    expect(openLd.distribution).toMatchObject({ name: 'table.csv', encodingFormat: 'text/csv', contentSize: '8 B' });
  });

  it('answers 410 for a tombstone', async () => {
    const gone = await publishNew(alice, minimal);
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${gone.id}/delete`, headers: json(admin.auth), payload: { reason: 'Duplicate record' } })).statusCode).toBe(204);
    const res = await t.app.inject({ method: 'GET', url: `/api/records/${gone.id}/export/datacite-xml` });
    expect(res.statusCode).toBe(410);
    expect(body(res).code).toBe('RECORD_DELETED');
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${gone.id}`, headers: { accept: 'application/x-bibtex' } })).statusCode).toBe(410);
  });
});

describe('GET /api/records/{id}/draft/export/{format}', () => {
  it('lets owners (and administrators) preview every export of a draft, under its preview DOI', async () => {
    const draft = await createDraft(alice, { metadata: full, files: { enabled: false } });
    for (const format of Object.keys(EXPORT_FORMATS)) {
      const res = await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft/export/${format}`, headers: alice.auth });
      expect(res.statusCode).toBe(200);
    }
    const xml = (await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft/export/datacite-xml`, headers: alice.auth })).body;
    expect(xml).toContain(`<identifier identifierType="DOI">10.5072/cairn.${draft.id}</identifier>`);
    expect(await validateDataCiteXml(xml)).toMatchObject({ valid: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft/export/bibtex`, headers: admin.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft/export/bibtex`, headers: bob.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft/export/bibtex` })).statusCode).toBe(401);
    // Not published yet: no public export.
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/export/bibtex`, headers: alice.auth })).statusCode).toBe(404);
  });

  it('previews the edit of a published record under its DOI', async () => {
    const published = await publishNew(alice, minimal);
    await t.app.inject({ method: 'POST', url: `/api/records/${published.id}/draft`, headers: alice.auth });
    await t.app.inject({ method: 'PUT', url: `/api/records/${published.id}/draft`, headers: json(alice.auth), payload: { metadata: { ...minimal, version: '2.0' }, files: { enabled: false } } });
    const csl = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/records/${published.id}/draft/export/csl`, headers: alice.auth })).body);
    expect(csl).toMatchObject({ version: '2.0', DOI: published.pids.doi.identifier });
    const live = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/records/${published.id}/export/csl` })).body);
    expect(live.version).toBeUndefined();
  });
});

describe('content negotiation on GET /api/records/{id}', () => {
  const get = (accept?: string, headers: object = {}) => t.app.inject({ method: 'GET', url: `/api/records/${record.id}`, headers: { ...headers, ...(accept === undefined ? {} : { accept }) } });

  it.each([
    ['application/vnd.datacite.datacite+xml', 'application/vnd.datacite.datacite+xml', '<resource'],
    ['application/vnd.datacite.datacite+json', 'application/vnd.datacite.datacite+json', '"schemaVersion"'],
    ['application/ld+json', 'application/ld+json', '"@context"'],
    ['application/vnd.schemaorg.ld+json', 'application/vnd.schemaorg.ld+json', '"@context"'],
    ['application/vnd.citationstyles.csl+json', 'application/vnd.citationstyles.csl+json', '"type": "dataset"'],
    ['application/x-bibtex', 'application/x-bibtex', '@misc{'],
    ['application/x-dc+xml', 'application/x-dc+xml', '<oai_dc:dc'],
    ['text/x-bibliography', 'text/x-bibliography', 'Nordmann, K., Lifebrain Consortium, & García, S. (2025).'],
    ['text/x-bibliography; style=vancouver', 'text/x-bibliography', '1. Nordmann K, Lifebrain Consortium, García S.'],
    ['text/x-bibliography; style=harvard1; locale=de-DE', 'text/x-bibliography', 'Lifebrain Consortium und García'],
    ['application/json;q=0.5, application/x-bibtex;q=0.9', 'application/x-bibtex', '@misc{'],
  ])('Accept: %s → %s', async (accept, type, snippet) => {
    const res = await get(accept);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    expect(res.headers.vary).toContain('Accept');
    expect(res.body).toContain(snippet);
  });

  it('keeps JSON for no Accept, application/json and */*', async () => {
    for (const accept of [undefined, 'application/json', '*/*', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const res = await get(accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(body(res).id).toBe(record.id);
      expect(res.headers.etag).toBe('"1"');
    }
  });

  it('answers 406 problem+json when nothing offered is acceptable, 400 for an unknown style', async () => {
    const res = await get('text/html');
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(body(res)).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
    expect(body(res).detail).toContain('application/x-bibtex');
    const style = await get('text/x-bibliography; style=chicago');
    expect(style.statusCode).toBe(400);
    expect(body(style)).toMatchObject({ code: 'CITATION_STYLE_UNKNOWN', styles: ['apa', 'vancouver', 'harvard1'] });
  });
});
