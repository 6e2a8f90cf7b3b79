import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import full from '../records/testing/datacite-full.json' with { type: 'json' };
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import type { ExportsService } from '../exports/service.js';
import { ManualClock } from '../platform/clock.js';
import type { RecordsService } from '../records/service.js';
import { createWebTestApp, daysFromNow, deleteRecord, editRecord, publishRecord, type Actor, type WebTestApp } from '../web/testing/fixtures.js';
import { OAI_DEFAULTS } from './config.js';
import { OaiService } from './service.js';
import { DATACITE_XSD, errorCodes, expectHeader, parseOai, requestAttributes, xmllint, type Oai } from './testing/oai-xml.js';

// Three records a page, so that the dozen records below take several pages.
const PAGE = 3;
const clock = new ManualClock('2026-03-01T10:00:00Z');

let t: WebTestApp;
let alice: Actor;
let curator: Actor;
const ids = { public: [] as string[], restricted: [] as string[], deleted: '', software: '', hostile: '', embargoed: '' };

const oai = async (query: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/oai2d?${query}` });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  return parseOai(res.body);
};
const oaiId = (id: string) => `oai:cairn.test:${id}`;
const tick = () => clock.advance(60_000);

beforeAll(async () => {
  t = await createWebTestApp({ clock, oai: { pageSize: PAGE, tokenTtlMs: 60 * 60 * 1000 } });
  alice = await t.user();
  curator = await t.user('curator');
  for (let i = 0; i < 8; i++) {
    ids.public.push(await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: `Public dataset ${i}` }] } }));
    tick();
  }
  ids.software = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'A tool' }], types: { resourceTypeGeneral: 'Software' } } });
  tick();
  ids.embargoed = await publishRecord(t, alice, {
    metadata: full,
    access: { files: 'restricted', embargo: { active: true, until: '2026-09-01', reason: 'Awaiting the article' } },
    files: [{ key: 'scans.csv', content: 'a,b\n1,2\n' }],
  });
  tick();
  ids.hostile = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: '<script>alert("x")</script> & ]]> "quotes"' }] } });
  tick();
  for (let i = 0; i < 2; i++) {
    ids.restricted.push(await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: `Secret ${i}` }] }, access: { record: 'restricted' } }));
    tick();
  }
  ids.deleted = await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: 'Withdrawn' }] } });
  tick();
  await deleteRecord(t, curator, ids.deleted, 'Duplicate of another record');
  tick();
});
afterAll(async () => t?.close());

const visible = () => [...ids.public, ids.software, ids.embargoed, ids.hostile, ids.deleted];

/** Follows resumption tokens to the end with our own loop; checks cursor and completeListSize on the way. */
async function harvest(verb: 'ListIdentifiers' | 'ListRecords', args: string): Promise<{ headers: Oai[]; records: Oai[]; pages: number }> {
  const headers: Oai[] = [];
  const records: Oai[] = [];
  let query = `verb=${verb}&${args}`;
  let pages = 0;
  let expectedCursor = 0;
  let total: number | undefined;
  for (;;) {
    const root = await oai(query);
    expect(errorCodes(root)).toEqual([]);
    pages++;
    const list = root[verb];
    const got: Oai[] = verb === 'ListRecords' ? (list.record ?? []) : (list.header ?? []);
    expect(got.length).toBeLessThanOrEqual(PAGE);
    if (verb === 'ListRecords') {
      records.push(...got);
      headers.push(...got.map((r) => r.header[0]));
    } else headers.push(...got);
    const token = list.resumptionToken;
    if (token === undefined) {
      expect(pages).toBe(1);
      break;
    }
    const attrs = typeof token === 'string' ? {} : token;
    expect(Number(attrs['@cursor'])).toBe(expectedCursor);
    total ??= Number(attrs['@completeListSize']);
    expect(Number(attrs['@completeListSize'])).toBe(total);
    expectedCursor += got.length;
    const value = typeof token === 'string' ? token : (token['#text'] ?? '');
    if (value === '') {
      expect(headers.length).toBe(total);
      break;
    }
    expect(attrs['@expirationDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    query = `verb=${verb}&resumptionToken=${encodeURIComponent(value)}`;
  }
  return { headers, records, pages };
}

describe('OAI-PMH verbs', () => {
  it('Identify: repository, base URL, persistent deletions, second granularity, earliest datestamp', async () => {
    const root = await oai('verb=Identify');
    const id = root.Identify;
    expect(id.repositoryName).toBe(OAI_DEFAULTS.repositoryName);
    expect(id.baseURL).toBe('http://cairn.test/oai2d');
    expect(id.protocolVersion).toBe('2.0');
    expect(id.adminEmail).toMatch(/@/);
    expect(id.deletedRecord).toBe('persistent');
    expect(id.granularity).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(id.earliestDatestamp).toBe('2026-03-01T10:00:00Z');
    expect(id.description['oai-identifier'].repositoryIdentifier).toBe('cairn.test');
    expect(requestAttributes(root)).toEqual({ verb: 'Identify' });
  });

  it('ListMetadataFormats: oai_dc, oai_datacite and datacite, for the repository and for an item', async () => {
    for (const query of ['verb=ListMetadataFormats', `verb=ListMetadataFormats&identifier=${oaiId(ids.public[0]!)}`]) {
      const formats = (await oai(query)).ListMetadataFormats.metadataFormat as Oai[];
      expect(formats.map((f) => f.metadataPrefix)).toEqual(['oai_dc', 'oai_datacite', 'datacite']);
      expect(formats.find((f) => f.metadataPrefix === 'oai_datacite')!.metadataNamespace).toBe('http://schema.datacite.org/oai/oai-1.1/');
      expect(formats.find((f) => f.metadataPrefix === 'datacite')!.metadataNamespace).toBe('http://datacite.org/schema/kernel-4');
    }
  });

  it('ListSets: resource_type and one set per DataCite resource type', async () => {
    const sets = (await oai('verb=ListSets')).ListSets.set as Oai[];
    const specs = sets.map((s) => s.setSpec[0]);
    expect(specs).toContain('resource_type');
    expect(specs).toContain('resource_type:Dataset');
    expect(specs).toContain('resource_type:Software');
    for (const s of sets) expect(s.setName).toBeTruthy();
  });

  it('GetRecord in oai_dc: the Dublin Core record with header and set', async () => {
    const root = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(ids.embargoed)}`);
    const record = root.GetRecord.record[0];
    expectHeader(record.header[0]);
    expect(record.header[0].identifier).toBe(oaiId(ids.embargoed));
    expect(record.header[0].setSpec).toEqual(['resource_type:Dataset']);
    const dc = record.metadata['oai_dc:dc'];
    expect(dc['@xmlns:oai_dc']).toBe('http://www.openarchives.org/OAI/2.0/oai_dc/');
    expect(dc['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(JSON.stringify(dc['dc:title'])).toContain('Lifebrain harmonised structural MRI');
    expect(requestAttributes(root)).toEqual({ verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier: oaiId(ids.embargoed) });
  });

  it('GetRecord in datacite: a kernel-4 resource that validates against the DataCite XSD', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/oai2d?verb=GetRecord&metadataPrefix=datacite&identifier=${oaiId(ids.embargoed)}` });
    const root = parseOai(res.body);
    const resource = root.GetRecord.record[0].metadata.resource;
    expect(resource['@xmlns']).toBe('http://datacite.org/schema/kernel-4');
    const payload = /<resource[\s\S]*<\/resource>/.exec(res.body)![0];
    const valid = xmllint(payload, DATACITE_XSD);
    expect(valid.ok, valid.errors).toBe(true);
  });

  it('GetRecord in oai_datacite: the DataCite OAI envelope around the same resource', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/oai2d?verb=GetRecord&metadataPrefix=oai_datacite&identifier=${oaiId(ids.public[1]!)}` });
    const env = parseOai(res.body).GetRecord.record[0].metadata.oai_datacite;
    expect(env['@xmlns']).toBe('http://schema.datacite.org/oai/oai-1.1/');
    expect(env.schemaVersion).toBe('4.7');
    expect(env.datacentreSymbol).toBe(OAI_DEFAULTS.datacentreSymbol);
    expect(env.payload.resource['@xmlns']).toBe('http://datacite.org/schema/kernel-4');
    const payload = /<resource[\s\S]*<\/resource>/.exec(res.body)![0];
    expect(xmllint(payload, DATACITE_XSD).ok).toBe(true);
  });

  it('escapes hostile metadata: the answer stays well-formed and the title round-trips', async () => {
    const root = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(ids.hostile)}`);
    const res = await t.app.inject({ method: 'GET', url: `/oai2d?verb=GetRecord&metadataPrefix=datacite&identifier=${oaiId(ids.hostile)}` });
    expect(res.body).not.toContain('<script>');
    expect(root.GetRecord.record[0].metadata['oai_dc:dc']['dc:title'][0]).toBe('<script>alert("x")</script> & ]]> "quotes"');
  });

  it('keeps deleted records: GetRecord and lists give a status="deleted" header without metadata', async () => {
    const root = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(ids.deleted)}`);
    const record = root.GetRecord.record[0];
    expect(record.header[0]['@status']).toBe('deleted');
    expect(record.metadata).toBeUndefined();
    const { headers } = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc');
    expect(headers.filter((h) => h['@status'] === 'deleted').map((h) => h.identifier)).toEqual([oaiId(ids.deleted)]);
  });

  it('never shows restricted records, not even as headers', async () => {
    for (const id of ids.restricted) {
      expect(errorCodes(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId(id)}`))).toEqual(['idDoesNotExist']);
      expect(errorCodes(await oai(`verb=ListMetadataFormats&identifier=${oaiId(id)}`))).toEqual(['idDoesNotExist']);
    }
    const { headers, records } = await harvest('ListRecords', 'metadataPrefix=oai_datacite');
    const listed = headers.map((h) => h.identifier);
    for (const id of ids.restricted) expect(listed).not.toContain(oaiId(id));
    expect(JSON.stringify(records)).not.toContain('Secret');
  });

  it('accepts POST with a form body, and refuses other bodies', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/oai2d', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(ids.public[2]!))}` });
    expect(res.statusCode).toBe(200);
    expect(parseOai(res.body).GetRecord.record[0].header[0].identifier).toBe(oaiId(ids.public[2]!));
    const json = await t.app.inject({ method: 'POST', url: '/oai2d', headers: { 'content-type': 'application/json' }, payload: { verb: 'Identify' } });
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
  });
});

describe('OAI-PMH harvesting', () => {
  it('pages ListIdentifiers and ListRecords with resumption tokens: every public record exactly once, deletions included', async () => {
    for (const verb of ['ListIdentifiers', 'ListRecords'] as const) {
      const { headers, records, pages } = await harvest(verb, 'metadataPrefix=oai_dc');
      expect(pages).toBe(Math.ceil(visible().length / PAGE));
      const listed = headers.map((h) => h.identifier);
      expect(new Set(listed).size).toBe(listed.length);
      expect([...listed].sort()).toEqual(visible().map(oaiId).sort());
      headers.forEach(expectHeader);
      // Oldest change first: datestamps never go back.
      expect([...headers.map((h) => h.datestamp)].sort()).toEqual(headers.map((h) => h.datestamp));
      if (verb === 'ListRecords') {
        for (const r of records) expect(r.header[0]['@status'] === 'deleted' ? r.metadata === undefined : r.metadata['oai_dc:dc'] !== undefined).toBe(true);
      }
    }
  });

  it('selects by set: resource_type:Software, resource_type (all), group:* (nothing yet)', async () => {
    const software = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&set=resource_type:Software');
    expect(software.headers.map((h) => h.identifier)).toEqual([oaiId(ids.software)]);
    const all = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&set=resource_type');
    expect(all.headers).toHaveLength(visible().length);
    expect(errorCodes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=group:imaging-lab'))).toEqual(['noRecordsMatch']);
  });

  it('selects by from/until, inclusive, in day and second granularity', async () => {
    // Records were published a minute apart from 10:00:00; the software record at 10:08:00.
    const exact = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&from=2026-03-01T10:08:00Z&until=2026-03-01T10:08:00Z');
    expect(exact.headers.map((h) => h.identifier)).toEqual([oaiId(ids.software)]);
    const firstTwo = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&until=2026-03-01T10:01:00Z');
    expect(firstTwo.headers.map((h) => h.identifier)).toEqual([oaiId(ids.public[0]!), oaiId(ids.public[1]!)]);
    const day = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-01');
    expect(day.headers).toHaveLength(visible().length);
    expect(errorCodes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-02'))).toEqual(['noRecordsMatch']);
    expect(errorCodes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2026-02-28'))).toEqual(['noRecordsMatch']);
  });

  it('reports a change since the last harvest: an edit moves the datestamp, a deletion becomes a deleted header', async () => {
    const since = '2026-03-01T11:00:00Z';
    clock.set('2026-03-01T11:00:30Z');
    await editRecord(t, alice, ids.public[3]!, { ...minimal, titles: [{ title: 'Public dataset 3, corrected' }] });
    clock.advance(1000);
    await deleteRecord(t, curator, ids.public[4]!, 'Retracted by the authors');
    const { headers } = await harvest('ListIdentifiers', `metadataPrefix=oai_dc&from=${since}`);
    expect(headers.map((h) => [h.identifier, h['@status'] ?? 'live', h.datestamp])).toEqual([
      [oaiId(ids.public[3]!), 'live', '2026-03-01T11:00:30Z'],
      [oaiId(ids.public[4]!), 'deleted', '2026-03-01T11:00:31Z'],
    ]);
  });
});

describe('OAI-PMH errors', () => {
  const cases: Array<[string, string, string]> = [
    ['no verb', '', 'badVerb'],
    ['an unknown verb', 'verb=ListEverything', 'badVerb'],
    ['a repeated verb', 'verb=Identify&verb=Identify', 'badVerb'],
    ['an illegal argument', 'verb=Identify&metadataPrefix=oai_dc', 'badArgument'],
    ['a missing metadataPrefix', 'verb=ListRecords', 'badArgument'],
    ['a missing identifier', 'verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
    ['a repeated argument', 'verb=ListIdentifiers&metadataPrefix=oai_dc&metadataPrefix=datacite', 'badArgument'],
    ['a malformed from', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-3-1', 'badArgument'],
    ['an impossible date', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-02-30', 'badArgument'],
    ['a local time', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-01T10:00:00', 'badArgument'],
    ['mixed granularities', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z', 'badArgument'],
    ['from after until', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-01', 'badArgument'],
    ['a resumptionToken with other arguments', 'verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
    ['a malformed set', 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=resource type', 'badArgument'],
    ['a garbage resumptionToken', 'verb=ListIdentifiers&resumptionToken=not-a-token', 'badResumptionToken'],
    ['a resumptionToken for ListSets', 'verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
    ['an unknown format (list)', 'verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['an unknown format (GetRecord)', 'verb=GetRecord&metadataPrefix=marc21&identifier=oai:cairn.test:', 'cannotDisseminateFormat'],
    ['an unknown identifier', 'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:cairn.test:zzzzz-zzzzz', 'idDoesNotExist'],
    ['an identifier of another repository', 'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.org:abc', 'idDoesNotExist'],
    ['nothing in range', 'verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01', 'noRecordsMatch'],
  ];
  it.each(cases)('%s (%s) → %s', async (_what, query, code) => {
    const root = await oai(query);
    expect(errorCodes(root)).toContain(code);
    expect(root.Identify ?? root.ListRecords ?? root.ListIdentifiers ?? root.GetRecord).toBeUndefined();
    // badVerb and badArgument answers echo no attributes on the request element (spec §3.2).
    if (code === 'badVerb' || code === 'badArgument') expect(requestAttributes(root)).toEqual({});
    else expect(requestAttributes(root).verb).toBeDefined();
  });

  it('reports every problem of a request at once', async () => {
    const root = await oai('verb=Identify&foo=1&bar=2');
    expect(errorCodes(root)).toEqual(['badArgument', 'badArgument']);
  });

  it('noMetadataFormats for a deleted item', async () => {
    expect(errorCodes(await oai(`verb=ListMetadataFormats&identifier=${oaiId(ids.deleted)}`))).toEqual(['noMetadataFormats']);
  });

  it('badResumptionToken for an expired token and for a token of the other list verb', async () => {
    const first = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const token = first.ListIdentifiers.resumptionToken['#text'] as string;
    expect(errorCodes(await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`))).toEqual(['badResumptionToken']);
    expect(errorCodes(await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`))).toEqual([]);
    const saved = clock.now();
    clock.advance(2 * 60 * 60 * 1000);
    try {
      expect(errorCodes(await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`))).toEqual(['badResumptionToken']);
    } finally {
      clock.set(saved);
    }
    const tampered = Buffer.from(JSON.stringify({ v: 1, vb: 'I', p: 'oai_dc', u: 1, a: "x' or 1=1", c: 0, n: 1, e: 9e12 })).toString('base64url');
    expect(errorCodes(await oai(`verb=ListIdentifiers&resumptionToken=${tampered}`))).toEqual(['badResumptionToken']);
    const otherFormat = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(token, 'base64url').toString()), p: 'marc21' })).toString('base64url');
    expect(errorCodes(await oai(`verb=ListIdentifiers&resumptionToken=${otherFormat}`))).toEqual(['badResumptionToken']);
  });

  it('noSetHierarchy when the repository offers no sets', async () => {
    const { records, exports } = t.services as unknown as { records: RecordsService; exports: ExportsService };
    const noSets = new OaiService({ ...OAI_DEFAULTS, records, exports, clock, baseUrl: 'http://cairn.test', adminEmail: 'admin@cairn.test', sets: false });
    expect(errorCodes(parseOai(await noSets.handle([['verb', 'ListSets']])))).toEqual(['noSetHierarchy']);
    expect(errorCodes(parseOai(await noSets.handle([['verb', 'ListRecords'], ['metadataPrefix', 'oai_dc'], ['set', 'resource_type:Dataset']])))).toEqual(['noSetHierarchy']);
  });
});
