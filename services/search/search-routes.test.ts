import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let curator: TestUser;
let admin: TestUser;
const ids = {} as Record<'atlas' | 'ocean' | 'secret' | 'notes', string>;

const json = (auth: object) => ({ ...auth, 'content-type': 'application/json' });
const meta = (title: string, extra: Record<string, unknown> = {}) => ({ ...minimal, titles: [{ title }], ...extra });

async function draft(user: TestUser, title: string, extra: Record<string, unknown> = {}, access?: object) {
  const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(user.auth), payload: { metadata: meta(title, extra), files: { enabled: false }, ...(access ? { access } : {}) } });
  expect(res.statusCode).toBe(201);
  return body(res).id as string;
}
async function publish(user: TestUser, id: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: user.auth });
  expect(res.statusCode, res.body).toBe(202);
}
/** The cursor after a page's last hit, as a deep page's links.next would carry it. */
function cursorAfter(page: { hits: { hits: Array<{ id: string; created: string }> } }): string {
  const last = page.hits.hits[page.hits.hits.length - 1]!;
  return Buffer.from(JSON.stringify({ s: 'newest', v: [Date.parse(last.created), last.id] })).toString('base64url');
}
const get = (url: string, user?: TestUser) => t.app.inject({ method: 'GET', url, ...(user ? { headers: user.auth } : {}) });
const hitIds = async (url: string, user?: TestUser) => {
  const res = await get(url, user);
  expect(res.statusCode, res.body).toBe(200);
  return (body(res).hits.hits as Array<{ id: string }>).map((h) => h.id);
};

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, curator, admin] = [await t.user(), await t.user(), await t.user('curator'), await t.user('admin')];
  ids.atlas = await draft(alice, 'Brain imaging atlas of the adult mouse', { subjects: [{ subject: 'Neuroscience' }], publicationYear: '2020' });
  await publish(alice, ids.atlas);
  ids.ocean = await draft(bob, 'Ocean temperature from moored buoys', { subjects: [{ subject: 'Oceanography' }], publicationYear: '2019', types: { resourceTypeGeneral: 'Image' } });
  await publish(bob, ids.ocean);
  ids.secret = await draft(alice, 'Restricted brain cohort', { subjects: [{ subject: 'Neuroscience' }] }, { record: 'restricted', files: 'restricted' });
  await publish(alice, ids.secret);
  ids.notes = await draft(alice, 'Unpublished brain notes');
  await t.outbox.drain();
});
afterAll(async () => t?.close());

describe('indexing through the outbox', () => {
  it('writes an index task in the transaction of each change, applied after commit', async () => {
    const id = await draft(bob, 'Glacier mass balance');
    const tasks = await t.database.db.selectFrom('outbox').select('payload').where('topic', '=', 'search.index').execute();
    expect(tasks.map((r) => r.payload)).toContainEqual({ id, event: 'draft.created' });
    expect(await hitIds('/api/records?q=glacier')).toEqual([]);
    await publish(bob, id);
    await t.outbox.drain();
    expect(await hitIds('/api/records?q=glacier')).toEqual([id]);
    expect(await t.database.db.selectFrom('outbox').select('id').where('topic', '=', 'search.index').execute()).toEqual([]);
  });
});

describe('GET /api/records', () => {
  it('answers InvenioRDM-shaped results whose hits equal GET /api/records/{id}', async () => {
    const res = await get('/api/records?q=brain');
    expect(res.statusCode).toBe(200);
    const page = body(res);
    expect(page.hits.total).toBe(1);
    expect(page.hits.hits[0]).toEqual(body(await get(`/api/records/${ids.atlas}`)));
    expect(page.sortBy).toBe('bestmatch');
    expect(page.links.self).toBe('http://cairn.test/api/records?q=brain&page=1&size=10');
    expect(page.aggregations.subject.buckets).toEqual([{ key: 'Neuroscience', doc_count: 1, is_selected: false }]);
    expect(Object.keys(page.aggregations).sort()).toEqual(['access_status', 'affiliation', 'file_format', 'language', 'subject', 'type', 'year']);
  });

  it('shows restricted records to their owner and curators only, in totals and facets too', async () => {
    expect(await hitIds('/api/records?q=brain')).toEqual([ids.atlas]);
    expect((await hitIds('/api/records?q=brain', alice)).sort()).toEqual([ids.atlas, ids.secret].sort());
    expect(await hitIds('/api/records?q=brain', bob)).toEqual([ids.atlas]);
    expect((await hitIds('/api/records?q=brain', curator)).sort()).toEqual([ids.atlas, ids.secret].sort());
    const anonymous = body(await get('/api/records?subject=Neuroscience'));
    expect(anonymous.hits.total).toBe(1);
    expect(anonymous.aggregations.access_status.buckets.map((b: { key: string }) => b.key)).not.toContain('restricted');
    const owner = body(await get('/api/records?subject=Neuroscience', alice));
    expect(owner.hits.total).toBe(2);
    // A facet ignores its own filter, so other subjects stay listed beside the selected one.
    expect(owner.aggregations.subject.buckets).toContainEqual({ key: 'Neuroscience', doc_count: 2, is_selected: true });
  });

  it('combines facet values: OR within a facet, AND across facets', async () => {
    expect((await hitIds('/api/records?type=Dataset&type=Image')).length).toBeGreaterThanOrEqual(2);
    expect(await hitIds('/api/records?type=Image&year=2019')).toEqual([ids.ocean]);
    expect(await hitIds('/api/records?type=Image&year=2020')).toEqual([]);
    const r = body(await get('/api/records?type=Image'));
    expect(r.aggregations.type.buckets.find((b: { key: string }) => b.key === 'Dataset')).toBeDefined();
  });

  it('pages by number and, past the window or on request, by cursor', async () => {
    const all = await hitIds('/api/records?sort=newest&size=100');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = body(await get('/api/records?sort=newest&size=1'));
    expect(first.hits.hits.map((h: { id: string }) => h.id)).toEqual(all.slice(0, 1));
    expect(first.links.next).toBe('http://cairn.test/api/records?sort=newest&size=1&page=2');
    const second = body(await get('/api/records?sort=newest&size=1&page=2'));
    expect(second.hits.hits.map((h: { id: string }) => h.id)).toEqual(all.slice(1, 2));
    expect(second.links.prev).toBe('http://cairn.test/api/records?sort=newest&size=1&page=1');
    // The last page reachable by number links onward with a cursor; following cursors visits the rest once each.
    const last = body(await get('/api/records?sort=newest&size=1&page=10000'));
    expect(last.hits.hits).toEqual([]);
    let url: string | undefined = `/api/records?sort=newest&size=1&after=${encodeURIComponent(cursorAfter(first))}`;
    const walked = [...all.slice(0, 1)];
    while (url) {
      const page: { hits: { hits: Array<{ id: string }> }; links: { next?: string } } = body(await get(url));
      walked.push(...page.hits.hits.map((h: { id: string }) => h.id));
      url = page.links.next ? new URL(page.links.next).pathname + new URL(page.links.next).search : undefined;
      if (url) expect(url).toContain('after=');
    }
    expect(walked).toEqual(all);
  });

  it('refuses bad queries and parameters with 400 problem+json naming the position or parameter', async () => {
    const problem = async (url: string, code: string, pointer: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const p = body(res);
      expect(p.code, url).toBe(code);
      expect(p.errors.map((e: { pointer: string }) => e.pointer), url).toContain(pointer);
      return p;
    };
    const quote = await problem(`/api/records?q=${encodeURIComponent('brain "imaging')}`, 'SEARCH_QUERY_INVALID', 'querystring:/q');
    expect(quote.position).toBe(7);
    expect(quote.detail).toMatch(/unbalanced quote.*position 7/);
    expect((await problem(`/api/records?q=${encodeURIComponent('(brain OR mouse')}`, 'SEARCH_QUERY_INVALID', 'querystring:/q')).position).toBe(1);
    expect((await problem(`/api/records?q=${encodeURIComponent('year:[2019 TO 2020')}`, 'SEARCH_QUERY_INVALID', 'querystring:/q')).detail).toMatch(/bracket/);
    expect((await problem('/api/records?q=colour:red', 'SEARCH_QUERY_INVALID', 'querystring:/q')).detail).toMatch(/unknown field "colour"/);
    await problem('/api/records?size=1000', 'VALIDATION_FAILED', 'querystring:/size');
    await problem('/api/records?page=-1', 'VALIDATION_FAILED', 'querystring:/page');
    await problem('/api/records?sort=popular', 'VALIDATION_FAILED', 'querystring:/sort');
    await problem('/api/records?page=101&size=100', 'SEARCH_PARAMETER_INVALID', 'querystring:/page');
    await problem('/api/records?after=not-a-cursor', 'SEARCH_PARAMETER_INVALID', 'querystring:/after');
    await problem('/api/records?year=last', 'SEARCH_PARAMETER_INVALID', 'querystring:/year');
    const other = body(await get('/api/records?sort=title&size=1')).links.next as string;
    expect(other).toBeDefined();
  });

  it('never answers 500 for random query strings', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const chars = [...'ab "()[]{}-+*:\\/\'&|!<>~', 'title:', 'year:', 'doi:', ' OR ', ' TO ', '%'];
    for (let n = 0; n < 60; n++) {
      let q = '';
      for (let k = Math.floor(rand() * 12); k > 0; k--) q += chars[Math.floor(rand() * chars.length)];
      const res = await get(`/api/records?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(res.statusCode);
    }
  });
});

describe('lifecycle', () => {
  it('drops deleted records, shows only the latest version unless asked, and lists my uploads', async () => {
    const v2 = body(await t.app.inject({ method: 'POST', url: `/api/records/${ids.atlas}/versions`, headers: alice.auth })).id as string;
    await t.app.inject({ method: 'PUT', url: `/api/records/${v2}/draft`, headers: json(alice.auth), payload: { metadata: meta('Brain imaging atlas of the adult mouse, second edition'), files: { enabled: false } } });
    await publish(alice, v2);
    await t.outbox.drain();
    expect(await hitIds('/api/records?q=atlas')).toEqual([v2]);
    expect((await hitIds('/api/records?q=atlas&allversions=true')).sort()).toEqual([ids.atlas, v2].sort());
    const old = body(await get('/api/records?q=atlas&allversions=true')).hits.hits.find((h: { id: string }) => h.id === ids.atlas);
    expect(old.versions.is_latest).toBe(false);

    // An edit draft stands in for its record in my uploads; searching finds it by its new title.
    await t.app.inject({ method: 'POST', url: `/api/records/${ids.ocean}/draft`, headers: bob.auth });
    await t.app.inject({ method: 'PUT', url: `/api/records/${ids.ocean}/draft`, headers: json(bob.auth), payload: { metadata: meta('Ocean temperature, corrected'), files: { enabled: false } } });
    const mine = body(await get('/api/user/records?q=ocean', bob));
    expect(mine.hits.hits.map((h: { id: string; is_draft: boolean }) => [h.id, h.is_draft])).toEqual([[ids.ocean, true]]);
    expect(await hitIds('/api/user/records?q=corrected', bob)).toEqual([ids.ocean]);
    expect(await hitIds('/api/user/records?q=brain', alice)).toEqual(expect.arrayContaining([ids.notes, ids.secret, v2]));
    expect((await get('/api/user/records?q=brain')).statusCode).toBe(401);
    expect((await get('/api/user/records?q=%22open', alice)).statusCode).toBe(400);

    const del = await t.app.inject({ method: 'POST', url: `/api/records/${v2}/delete`, headers: json(admin.auth), payload: { reason: 'Withdrawn by the authors' } });
    expect(del.statusCode).toBe(204);
    await t.outbox.drain();
    expect(await hitIds('/api/records?q=atlas&allversions=true')).toEqual([ids.atlas]);
    // The previous version is the latest again.
    expect(await hitIds('/api/records?q=atlas')).toEqual([ids.atlas]);
  });

  it('rebuilds the index from the database and reports what is missing or stale', async () => {
    const indexer = t.services.searchIndexer;
    expect(await indexer.check()).toMatchObject({ missing: [], stale: [], orphaned: [] });
    await t.database.db.deleteFrom('search_documents').where('key', '=', ids.ocean).execute();
    await t.database.db.updateTable('search_documents').set({ fingerprint: 'x' }).where('key', '=', ids.secret).execute();
    const report = await indexer.check();
    expect(report.missing).toEqual([ids.ocean]);
    expect(report.stale).toEqual([ids.secret]);
    const rebuilt = await indexer.reindex();
    expect(rebuilt.documents).toBe(report.checked);
    expect(await indexer.check()).toMatchObject({ missing: [], stale: [], orphaned: [] });
  });
});
