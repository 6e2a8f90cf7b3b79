import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import full from '../records/testing/datacite-full.json' with { type: 'json' };
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { stylesheet } from './assets.js';
import { createWebTestApp, daysFromNow, deleteRecord, editRecord, json, publishNewVersion, publishRecord, type Actor, type WebTestApp } from './testing/fixtures.js';
import { parseLinkHeader, scriptBlocks, metaTags, type ParsedLink } from './testing/html-checks.js';

let t: WebTestApp;
let alice: Actor;
let bob: Actor;
let curator: Actor;
const ids = { full: '', v1: '', v2: '', embargoed: '', restricted: '', deleted: '', hostile: '', derived: '' };

const HOSTILE = `<script>alert('t')</script>"><img src=x onerror=alert(1)>`;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const page = (id: string, headers: Record<string, string> = {}, query = '') => t.app.inject({ method: 'GET', url: `/records/${id}${query}`, headers: { ...HTML, ...headers } });

beforeAll(async () => {
  t = await createWebTestApp({ web: { sitemapPageSize: 3 } });
  alice = await t.user();
  bob = await t.user();
  curator = await t.user('curator');
  ids.full = await publishRecord(t, alice, {
    metadata: { ...full, descriptions: [{ description: '<p>Harmonised <strong>MRI</strong> <a href="https://example.org/x">data</a><script>alert(1)</script><img src=x onerror=alert(2)></p>', descriptionType: 'Abstract' }, ...full.descriptions.slice(1)] },
    files: [
      { key: 'data/table.csv', content: 'site,subject\nOSL,1\n' },
      { key: 'paper.pdf', content: '%PDF-1.4 test' },
    ],
  });
  ids.v1 = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Versioned dataset' }] } });
  ids.v2 = await publishNewVersion(t, alice, ids.v1, { ...minimal, titles: [{ title: 'Versioned dataset' }], version: '2' });
  ids.embargoed = await publishRecord(t, alice, {
    metadata: { ...minimal, titles: [{ title: 'Embargoed scans' }] },
    access: { files: 'restricted', embargo: { active: true, until: daysFromNow(90), reason: 'Until the article is out' } },
    files: [{ key: 'scans.csv', content: 'a,b\n' }],
  });
  ids.restricted = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Confidential cohort list' }] }, access: { record: 'restricted', files: 'restricted' } });
  ids.deleted = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Withdrawn survey' }] } });
  await deleteRecord(t, curator, ids.deleted, 'Consent was withdrawn by participants');
  ids.hostile = await publishRecord(t, alice, {
    metadata: {
      ...minimal,
      titles: [{ title: HOSTILE }],
      creators: [{ name: `Evil, "Eve" </script><script>alert(2)</script>` }],
      subjects: [{ subject: `"'><svg onload=alert(3)>`, valueUri: 'javascript:alert(4)' }],
      rightsList: [{ rights: 'Bad licence', rightsUri: 'javascript:alert(5)' }],
      descriptions: [{ description: HOSTILE, descriptionType: 'Abstract' }],
    },
  });
  ids.derived = await publishRecord(t, alice, {
    metadata: {
      ...minimal,
      titles: [{ title: 'Derived thickness maps' }],
      relatedIdentifiers: [
        { relatedIdentifier: `http://cairn.test/records/${ids.full}`, relatedIdentifierType: 'URL', relationType: 'IsDerivedFrom' },
        { relatedIdentifier: `10.5072/cairn.${ids.v1}`, relatedIdentifierType: 'DOI', relationType: 'IsDerivedFrom' },
        { relatedIdentifier: '10.1016/j.neuroimage.2020.117081', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' },
      ],
    },
  });
});
afterAll(async () => t?.close());

describe('landing page', () => {
  it('renders every part of a full record as HTML, without JavaScript', async () => {
    const res = await page(ids.full);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = res.body;
    expect(body).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(body).toContain('<h1 id="title">Lifebrain harmonised structural MRI and cognition, wave 2</h1>');
    // Creators with ORCID and ROR links, affiliations with ROR.
    expect(body).toContain('Nordmann, Kari');
    expect(body).toContain('href="https://orcid.org/0000-0002-1825-0097"');
    expect(body).toContain('href="https://orcid.org/0000-0001-5727-2427"');
    expect(body).toContain('href="https://ror.org/04wxnsj81"');
    expect(body).toContain('href="https://ror.org/01xtthb56"');
    // Publication date, resource type, subjects, funding, licence, related works.
    expect(body).toMatch(/<dt>Published<\/dt><dd><time datetime="\d{4}-\d{2}-\d{2}T[^"]+">\d{4}-\d{2}-\d{2}<\/time><\/dd>/);
    expect(body).toContain('<dt>Resource type</dt><dd>Dataset (MRI and cognitive test data)</dd>');
    expect(body).toContain('Magnetic Resonance Imaging');
    expect(body).toContain('href="https://id.nlm.nih.gov/mesh/D008279"');
    expect(body).toContain('European Commission');
    expect(body).toContain('href="https://cordis.europa.eu/project/id/732592"');
    expect(body).toContain('rel="license">Creative Commons Attribution 4.0 International</a>');
    expect(body).toContain('Is supplement to: <a href="https://doi.org/10.1016/j.neuroimage.2020.117081">');
    // The description keeps its safe HTML and loses the rest.
    expect(body).toContain('Harmonised <strong>MRI</strong> <a href="https://example.org/x" rel="nofollow ugc noopener">data</a>');
    const outsideData = body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '');
    expect(outsideData).not.toContain('alert(1)');
    expect(outsideData).not.toContain('onerror');
    // The files table: name, size, checksum, download.
    const files = /<section aria-labelledby="files"[\s\S]*?<\/section>/.exec(body)![0];
    expect(files).toContain('data/table.csv');
    expect(files).toContain('<data value="19">19 B</data>');
    expect(files).toMatch(/md5:[0-9a-f]{32}/);
    expect(files).toContain(`href="http://cairn.test/api/records/${ids.full}/files/data%2Ftable.csv/content"`);
    expect(files).toContain(' download>Download');
    // No script runs on the page: the only script element is the JSON-LD data block.
    expect(scriptBlocks(body).map((s) => s.type)).toEqual(['application/ld+json']);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('shows the DOI with a notice that the test provider never registers it', async () => {
    const body = (await page(ids.full)).body;
    const doi = /<dt>DOI<\/dt><dd>([\s\S]*?)<\/dd>/.exec(body)?.[1] ?? '';
    expect(doi).toMatch(/<code>10\.5072\/[^<]+<\/code>/);
    expect(doi).toContain('not registered');
  });

  it('has a citation box with server-side style links', async () => {
    const res = await page(ids.full);
    const cite = /<section aria-labelledby="cite"[\s\S]*?<\/section>/.exec(res.body)![0];
    expect(cite).toContain('Nordmann, K.');
    expect(cite).toContain('href="?style=apa#cite" aria-current="true"');
    const styles = [...cite.matchAll(/href="\?style=([\w-]+)#cite"/g)].map((m) => m[1]!);
    expect(styles.length).toBeGreaterThan(1);
    const other = styles.find((s) => s !== 'apa')!;
    const switched = await page(ids.full, {}, `?style=${other}`);
    expect(switched.statusCode).toBe(200);
    expect(switched.body).toContain(`href="?style=${other}#cite" aria-current="true"`);
    const citation = (b: string) => /<blockquote class="citation">([\s\S]*?)<\/blockquote>/.exec(b)![1];
    expect(citation(switched.body)).not.toBe(citation(res.body));
    // An unknown style falls back to the default.
    expect((await page(ids.full, {}, '?style=<b>')).body).toContain('href="?style=apa#cite" aria-current="true"');
  });

  it('links every export format', async () => {
    const body = (await page(ids.full)).body;
    for (const format of ['datacite-xml', 'datacite-json', 'json-ld', 'csl', 'bibtex', 'dublincore']) {
      expect(body).toContain(`href="http://cairn.test/api/records/${ids.full}/export/${format}"`);
      const res = await t.app.inject({ method: 'GET', url: `/api/records/${ids.full}/export/${format}` });
      expect(res.statusCode, format).toBe(200);
      expect(res.body.length).toBeGreaterThan(50);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${ids.full}/export/marc21` })).statusCode).toBe(400);
  });

  it('puts schema.org JSON-LD and Highwire citation_* tags in <head>', async () => {
    const body = (await page(ids.full)).body;
    const head = body.slice(0, body.indexOf('</head>'));
    const [ld] = scriptBlocks(head);
    const data = JSON.parse(ld!.content);
    expect(data['@context']).toMatch(/schema\.org/);
    expect(JSON.stringify(data)).toContain('Lifebrain harmonised structural MRI');
    const meta = metaTags(head);
    expect(meta.citation_title).toEqual(['Lifebrain harmonised structural MRI and cognition, wave 2']);
    expect(meta.citation_author).toEqual(['Nordmann, Kari', 'Lifebrain Consortium', 'García, Sofía']);
    expect(meta.citation_publication_date?.[0]).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    expect(meta.citation_doi?.[0]).toMatch(/^10\.5072\//);
    expect(meta.citation_publisher).toEqual(['University of Oslo']);
    expect(meta.citation_pdf_url).toEqual([`http://cairn.test/api/records/${ids.full}/files/paper.pdf/content`]);
    expect(meta.citation_abstract_html_url).toEqual([`http://cairn.test/records/${ids.full}`]);
  });

  it('sends FAIR Signposting in a compact Link header', async () => {
    const res = await page(ids.full);
    const header = String(res.headers.link);
    expect(header).toMatch(/^<[^>]+>; rel="[a-z-]+"(; type="[^"]+")?(, <[^>]+>; rel="[a-z-]+"(; type="[^"]+")?)*$/);
    const links = parseLinkHeader(header);
    const rel = (r: string) => links.filter((l) => l.rel === r);
    // The test DOI does not resolve: cite-as is the landing page itself.
    expect(rel('cite-as').map((l) => l.href)).toEqual([`http://cairn.test/records/${ids.full}`]);
    expect(rel('describedby').map((l) => l.type)).toEqual(
      expect.arrayContaining(['application/vnd.datacite.datacite+xml', 'application/vnd.datacite.datacite+json', 'application/ld+json']),
    );
    expect(rel('item').map((l) => l.href).sort()).toEqual([
      `http://cairn.test/api/records/${ids.full}/files/data%2Ftable.csv/content`,
      `http://cairn.test/api/records/${ids.full}/files/paper.pdf/content`,
    ]);
    expect(rel('item').every((l) => l.type)).toBe(true);
    expect(rel('author').map((l) => l.href)).toEqual(['https://orcid.org/0000-0002-1825-0097', 'https://ror.org/04wxnsj81', 'https://orcid.org/0000-0001-5727-2427']);
    expect(rel('license').map((l) => l.href)).toEqual(['https://creativecommons.org/licenses/by/4.0/legalcode']);
    expect(rel('type').map((l) => l.href)).toEqual(['https://schema.org/Dataset', 'https://schema.org/AboutPage']);
    expect(rel('linkset').map((l) => l.type)).toEqual(['application/linkset+json', 'application/linkset']);
  });

  it('serves the linkset as application/linkset+json and application/linkset', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/records/${ids.full}/linkset` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/linkset+json; charset=utf-8');
    const { linkset } = json(res);
    expect(Array.isArray(linkset)).toBe(true);
    const landing = linkset[0];
    expect(landing.anchor).toBe(`http://cairn.test/records/${ids.full}`);
    for (const r of ['cite-as', 'describedby', 'item', 'author', 'license', 'type']) {
      expect(Array.isArray(landing[r]), r).toBe(true);
      for (const target of landing[r]) expect(typeof target.href).toBe('string');
    }
    // Each metadata document and file points back to the landing page.
    const back = linkset.slice(1);
    expect(back.some((c: any) => c.describes?.[0].href === landing.anchor)).toBe(true);
    expect(back.filter((c: any) => c.collection?.[0].href === landing.anchor)).toHaveLength(2);

    const text = await t.app.inject({ method: 'GET', url: `/records/${ids.full}/linkset`, headers: { accept: 'application/linkset' } });
    expect(text.headers['content-type']).toBe('application/linkset; charset=utf-8');
    const parsed = parseLinkHeader(text.body.replace(/\n/g, ''));
    expect(parsed.every((l) => l.anchor)).toBe(true);
    expect(parsed.filter((l) => l.anchor === landing.anchor && l.rel === 'cite-as')).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: `/records/${ids.full}/linkset?format=text` })).headers['content-type']).toBe('application/linkset; charset=utf-8');
  });

  it('lists the versions, marks the latest and points older versions to it', async () => {
    const v1 = (await page(ids.v1)).body;
    const versions = /<section aria-labelledby="versions">[\s\S]*?<\/section>/.exec(v1)![0];
    expect(versions).toContain(`href="http://cairn.test/records/${ids.v2}">Version 2</a>`);
    expect(versions).toContain(`href="http://cairn.test/records/${ids.v1}">Version 1</a>`);
    expect(versions).toMatch(new RegExp(`records/${ids.v2}">Version 2</a>[^]*?<span class="badge">latest</span>`));
    expect(versions).toContain('A newer version of this record exists');
    expect(versions).toMatch(/<li class="current" aria-current="page"><a href="[^"]+\/records\/[^"]+">Version 1</);
    const v2 = (await page(ids.v2)).body;
    expect(v2).not.toContain('A newer version of this record exists');
    const latest = await t.app.inject({ method: 'GET', url: `/records/${ids.v1}/latest` });
    expect(latest.statusCode).toBe(302);
    expect(latest.headers.location).toBe(`http://cairn.test/records/${ids.v2}`);
  });

  it('links related records of this repository (derived data and its sources)', async () => {
    const body = (await page(ids.derived)).body;
    expect(body).toContain(`Is derived from: <a href="http://cairn.test/records/${ids.full}">`);
    expect(body).toContain(`Is derived from: <a href="http://cairn.test/doi/10.5072/cairn.${ids.v1}">`);
    expect(body.match(/in this repository/g)).toHaveLength(2);
  });

  it('shows the embargo notice with its lift date instead of the files', async () => {
    const res = await page(ids.embargoed);
    expect(res.statusCode).toBe(200);
    const files = /<section aria-labelledby="files"[\s\S]*?<\/section>/.exec(res.body)![0];
    expect(files).toContain('Embargoed.');
    expect(files).toContain(`>${daysFromNow(90)}</time>`);
    expect(files).toContain('Until the article is out');
    expect(files).not.toContain('<table');
    expect(files).not.toContain('scans.csv');
    expect(parseLinkHeader(String(res.headers.link)).filter((l) => l.rel === 'item')).toEqual([]);
    // The owner sees the files and the notice.
    const own = await page(ids.embargoed, alice.auth);
    expect(own.body).toContain('scans.csv');
    expect(own.body).toContain('Embargoed.');
  });

  it('answers a tombstone with 410 that keeps the citation and the reason', async () => {
    const res = await page(ids.deleted);
    expect(res.statusCode).toBe(410);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('This record has been removed');
    expect(res.body).toContain('Consent was withdrawn by participants');
    const cite = /<blockquote class="citation">([\s\S]*?)<\/blockquote>/.exec(res.body)![1]!;
    expect(cite).toContain('Withdrawn survey');
    expect(cite).toContain('Nordmann');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
  });

  it("keeps a deleted restricted record's metadata hidden on its tombstone", async () => {
    const id = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Secret registry extract' }] }, access: { record: 'restricted', files: 'restricted' } });
    await deleteRecord(t, curator, id, 'Secret registry extract was published by mistake');
    const anon = await page(id);
    expect(anon.statusCode).toBe(410);
    expect(anon.body).toContain('This record has been removed');
    expect(anon.body).not.toContain('Secret registry extract');
    expect(anon.body).not.toContain('blockquote');
    const owner = await page(id, alice.auth);
    expect(owner.statusCode).toBe(410);
    expect(owner.body).toContain('Secret registry extract');
  });

  it('never shows a restricted record: 401 page for anonymous, 403 for others, 200 for the owner', async () => {
    const anon = await page(ids.restricted);
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(anon.body).toContain('Sign-in required');
    const other = await page(ids.restricted, bob.auth);
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Access denied');
    for (const r of [anon, other]) {
      expect(r.body).not.toContain('Confidential');
      expect(r.headers.link).toBeUndefined();
      expect(r.headers['cache-control']).toBe('no-store');
    }
    expect((await t.app.inject({ method: 'GET', url: `/records/${ids.restricted}/linkset` })).statusCode).toBe(401);
    const owner = await page(ids.restricted, alice.auth);
    expect(owner.statusCode).toBe(200);
    expect(owner.body).toContain('Confidential cohort list');
    expect(owner.headers['cache-control']).toBe('private, no-cache');
    // Still hidden from anonymous readers after the owner looked (no shared cache entry).
    expect((await page(ids.restricted)).statusCode).toBe(401);
    const missing = await page('zzzzz-zzzzz');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Record not found');
  });

  it("opens a restricted record through a secret link, privately, keeping the token in the page's links", async () => {
    const created = await t.app.inject({ method: 'POST', url: `/api/records/${ids.restricted}/access/links`, headers: { ...alice.auth, 'content-type': 'application/json' }, payload: { permission: 'view' } });
    expect(created.statusCode, created.body).toBe(201);
    const token = json(created).token as string;
    const res = await page(ids.restricted, {}, `?token=${encodeURIComponent(token)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Confidential cohort list');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.body).toContain(`href="?style=apa&amp;token=${encodeURIComponent(token)}#cite"`);
    expect((await page(ids.restricted)).statusCode).toBe(401);
  });

  it('escapes hostile metadata everywhere', async () => {
    const res = await page(ids.hostile);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).not.toMatch(/<script>alert/);
    expect(body).not.toMatch(/<img src=x/);
    expect(body).not.toMatch(/<svg/);
    // Outside the JSON-LD data block (which may carry the URI as data), no javascript: link.
    expect(body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')).not.toContain('javascript:');
    expect(body).toContain('&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Only the JSON-LD block, and it cannot be closed early.
    const scripts = scriptBlocks(body);
    expect(scripts.map((s) => s.type)).toEqual(['application/ld+json']);
    expect(JSON.stringify(JSON.parse(scripts[0]!.content))).toContain("<script>alert('t')</script>");
    expect(metaTags(body).citation_title).toEqual([HOSTILE]);
    expect(String(res.headers.link)).not.toContain('javascript');
  });
});

describe('content negotiation on /records/{id}', () => {
  it('gives HTML to browsers and the export formats for their media types', async () => {
    expect((await page(ids.full)).headers['content-type']).toBe('text/html; charset=utf-8');
    const ld = await t.app.inject({ method: 'GET', url: `/records/${ids.full}`, headers: { accept: 'application/ld+json' } });
    expect(ld.statusCode).toBe(200);
    expect(ld.headers['content-type']).toContain('application/ld+json');
    expect(JSON.parse(ld.body)['@context']).toMatch(/schema\.org/);
    const xml = await t.app.inject({ method: 'GET', url: `/records/${ids.full}`, headers: { accept: 'application/vnd.datacite.datacite+xml' } });
    expect(xml.headers['content-type']).toContain('application/vnd.datacite.datacite+xml');
    expect(xml.body).toContain('http://datacite.org/schema/kernel-4');
    expect(xml.headers.vary).toContain('Accept');
    const bib = await t.app.inject({ method: 'GET', url: `/records/${ids.full}`, headers: { accept: 'application/x-bibtex' } });
    expect(bib.body).toMatch(/^@/);
    const none = await t.app.inject({ method: 'GET', url: `/records/${ids.full}`, headers: { accept: 'image/png' } });
    expect(none.statusCode).toBe(406);
  });

  it('answers machine formats of a restricted record with problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/records/${ids.restricted}`, headers: { accept: 'application/ld+json' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toContain('Confidential');
  });
});

describe('freshness and caching', () => {
  it('serves the stylesheet from a hashed path, cached for a year', async () => {
    const body = (await page(ids.full)).body;
    expect(body).toContain(`<link rel="stylesheet" href="${stylesheet.path}">`);
    const css = await t.app.inject({ method: 'GET', url: stylesheet.path });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.body).toContain('prefers-color-scheme');
  });

  it('answers a conditional request with 304', async () => {
    const first = await page(ids.full);
    const again = await page(ids.full, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('shows an edit at once, and hides a record that became restricted', async () => {
    const id = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Before the edit' }] } });
    expect((await page(id)).body).toContain('Before the edit');
    await editRecord(t, alice, id, { ...minimal, titles: [{ title: 'After the edit' }] });
    expect((await page(id)).body).toContain('After the edit');
    await editRecord(t, alice, id, { ...minimal, titles: [{ title: 'Now private' }] }, { record: 'restricted', files: 'restricted' });
    const hidden = await page(id);
    expect(hidden.statusCode).toBe(401);
    expect(hidden.body).not.toContain('After the edit');
  });
});

describe('sitemap', () => {
  it('lists public records only, as an index of parts when they do not fit one', async () => {
    const index = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(index.body).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const parts = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(parts[0]).toBe('http://cairn.test/sitemaps/1.xml');
    const urls: string[] = [];
    for (const part of parts) {
      const res = await t.app.inject({ method: 'GET', url: new URL(part).pathname });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      const locs = [...res.body.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>\d{4}-[^<]+<\/lastmod><\/url>/g)].map((m) => m[1]!);
      expect(locs.length).toBeLessThanOrEqual(3);
      urls.push(...locs);
    }
    expect(new Set(urls).size).toBe(urls.length);
    for (const id of [ids.full, ids.v1, ids.v2, ids.embargoed, ids.hostile, ids.derived]) expect(urls).toContain(`http://cairn.test/records/${id}`);
    expect(urls).not.toContain(`http://cairn.test/records/${ids.restricted}`);
    expect(urls).not.toContain(`http://cairn.test/records/${ids.deleted}`);
    expect((await t.app.inject({ method: 'GET', url: `/sitemaps/${parts.length + 1}.xml` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/sitemaps/x.xml' })).statusCode).toBe(404);
  });
});

// Keep the parser honest about the compact form itself.
describe('parseLinkHeader', () => {
  it('reads the compact form and quoted commas', () => {
    const links: ParsedLink[] = parseLinkHeader('<https://a.example/x>; rel="cite-as", <https://b.example/y?a=1,2>; rel="item"; type="text/csv"');
    expect(links).toEqual([
      { href: 'https://a.example/x', rel: 'cite-as' },
      { href: 'https://b.example/y?a=1,2', rel: 'item', type: 'text/csv' },
    ]);
  });
});
