/**
 * The SearchIndex contract: one suite every adapter must pass (PostgreSQL on PGlite and
 * on a server, Elasticsearch when one is reachable). It talks only to the port, with
 * documents built as the indexer builds them. Each adapter's `*.test.ts` calls
 * `searchIndexContract` with a factory for a fresh, empty index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadFilter } from '../access/policy.js';
import { parseQuery } from './query-parser.js';
import type { FacetFilters, SearchIndex, SearchRequest, SearchResponse, SearchScope, SortName } from './search-index.js';
import { searchDocument, type DocSpec } from './testing/documents.js';

export interface ContractTarget {
  readonly index: SearchIndex;
  /** Drops what the target created (schema, index, container). */
  close(): Promise<void>;
}

const oslo = 'University of Oslo';
export const CORPUS: DocSpec[] = [
  { id: 'brain1', title: 'Brain imaging atlas of the adult mouse', creators: [{ name: 'Nordmann, Kari', affiliation: oslo }], subjects: ['Neuroscience', 'Magnetic Resonance Imaging'], description: 'High-resolution MRI scans of mouse brains.', language: 'en', year: 2020, files: ['scan.nii.gz', 'table.csv'], created: '2024-01-01T00:00:00Z' },
  { id: 'ocean1', owner: 'bob', title: 'Ocean temperature time series from the North Sea', creators: [{ name: 'García, Sofía', affiliation: 'University of Barcelona' }], subjects: ['Oceanography', 'Climate change'], description: 'Sea surface temperature measured by moored buoys.', language: 'en', year: 2019, files: ['series.nc'], created: '2024-01-02T00:00:00Z' },
  { id: 'luft1', owner: 'carol', title: 'Messungen der Lufttemperatur in Bayern', creators: [{ name: 'Müller, Jonas', affiliation: 'LMU München' }], subjects: ['Klimawandel'], description: 'Stündliche Messungen an vierzig Stationen.', language: 'de', year: 2021, files: ['messungen.csv'], created: '2024-01-03T00:00:00Z' },
  { id: 'rat1', title: 'Neural network model of the rat hippocampus', creators: [{ name: 'Nordmann, Kari', affiliation: oslo }], subjects: ['Neuroscience'], description: 'Spiking model code.', language: 'en', year: 2022, type: 'Software', files: ['model.zip'], created: '2024-01-04T00:00:00Z' },
  { id: 'hidden1', owner: 'bob', access: 'restricted', title: 'Restricted cohort brain scans', creators: [{ name: 'Berg, Ingrid', affiliation: 'Oslo University Hospital' }], subjects: ['Neuroscience'], year: 2021, files: ['cohort.csv'], created: '2024-01-05T00:00:00Z' },
  { id: 'plank1', owner: 'bob', access: 'embargoed', title: 'Embargoed plankton images from the Baltic', creators: [{ name: 'Silva, Ana', affiliation: 'University of Lisbon' }], subjects: ['Oceanography'], year: 2023, type: 'Image', files: ['img.tif'], created: '2024-01-06T00:00:00Z' },
  { id: 'breton1', owner: 'carol', title: 'Corpus de parole en dialecte breton', creators: [{ name: 'Moreau, Camille', affiliation: 'Université de Rennes' }], subjects: ['Linguistique'], language: 'fr', year: 2018, type: 'Text', files: ['transcripts.txt'], created: '2024-01-07T00:00:00Z' },
  { id: 'draft1', draft: true, title: 'Draft brain notes', subjects: ['Neuroscience'], created: '2024-01-08T00:00:00Z' },
  { id: 'glac1', owner: 'carol', parent: 'p-glac', version: 1, latest: false, title: 'Glacier mass balance, first release', year: 2015, created: '2024-01-09T00:00:00Z' },
  { id: 'glac2', owner: 'carol', parent: 'p-glac', version: 2, title: 'Glacier mass balance, second release', year: 2016, created: '2024-01-10T00:00:00Z' },
  { id: 'snow1', shadowed: true, title: 'Alpine snow depth', year: 2017, created: '2024-01-11T00:00:00Z' },
  { id: 'snow1', draft: true, shadowed: true, title: 'Alpine snow depth (revised)', year: 2017, created: '2024-01-11T00:00:00Z', updated: '2024-02-01T00:00:00Z' },
  { id: 'video1', owner: 'bob', title: 'Mouse behaviour videos', publisher: 'PANGAEA', doi: '10.5072/cairn.video1', type: 'Audiovisual', year: 2020, description: 'Videos of mice in the open field; brain recordings were not taken.', creators: [{ name: 'Hansen, Ola', affiliation: oslo }], files: ['mice.mp4'], created: '2024-01-12T00:00:00Z' },
];

const ANONYMOUS: ReadFilter = { kind: 'visible', principals: [] };
const BOB: ReadFilter = { kind: 'visible', principals: ['user:bob'] };
const CURATOR: ReadFilter = { kind: 'all' };
const PUBLISHED: SearchScope = { kind: 'published', allVersions: false };

interface Ask {
  filters?: FacetFilters;
  scope?: SearchScope;
  visibility?: ReadFilter;
  sort?: SortName;
  size?: number;
  from?: number;
  after?: SearchRequest['after'];
  facetSize?: number;
}

export function searchIndexContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let target: ContractTarget;
    let index: SearchIndex;
    const search = (q: string, ask: Ask = {}): Promise<SearchResponse> =>
      index.search({
        query: parseQuery(q),
        filters: ask.filters ?? {},
        scope: ask.scope ?? PUBLISHED,
        visibility: ask.visibility ?? ANONYMOUS,
        sort: ask.sort ?? 'bestmatch',
        size: ask.size ?? 50,
        ...(ask.after ? { after: ask.after } : { from: ask.from ?? 0 }),
        facetSize: ask.facetSize ?? 10,
      });
    const keys = async (q: string, ask: Ask = {}) => (await search(q, ask)).hits.map((h) => h.key);
    const sorted = async (q: string, ask: Ask = {}) => (await keys(q, ask)).sort();
    const buckets = (r: SearchResponse, facet: keyof SearchResponse['facets']) => Object.fromEntries((r.facets[facet] ?? []).map((b) => [b.key, b.count]));

    beforeAll(async () => {
      target = await open();
      index = target.index;
      await index.init();
      await index.upsert(CORPUS.map(searchDocument));
      await index.refresh?.();
    });
    afterAll(async () => target?.close());

    describe('query language', () => {
      it('requires every word, ranks title matches first, and hides drafts and restricted records', async () => {
        expect(await keys('brain mouse')).toEqual(['brain1', 'video1']);
        expect(await keys('brain')).toEqual(['brain1', 'video1']);
        expect(await keys('the brain')).toEqual(['brain1', 'video1']);
        expect(await keys('')).toHaveLength(9);
      });

      it('matches phrases in order only', async () => {
        expect(await keys('"sea surface temperature"')).toEqual(['ocean1']);
        expect(await keys('"temperature surface sea"')).toEqual([]);
      });

      it('combines OR, exclusion and groups; ignores words of punctuation only', async () => {
        expect(await sorted('plankton OR glacier')).toEqual(['glac2', 'plank1']);
        expect(await sorted('plankton OR glacier', { scope: { kind: 'published', allVersions: true } })).toEqual(['glac1', 'glac2', 'plank1']);
        expect(await keys('neuroscience -rat')).toEqual(['brain1']);
        expect(await sorted('(mouse OR rat) neural')).toEqual(['rat1']);
        expect(await keys('-brain')).toHaveLength(7);
        expect(await keys('&&')).toHaveLength(9);
      });

      it('restricts words to fields', async () => {
        expect(await keys('title:hippocampus')).toEqual(['rat1']);
        expect(await keys('title:brain')).toEqual(['brain1']);
        expect(await sorted('creator:Nordmann')).toEqual(['brain1', 'rat1']);
        expect(await keys('creator:García')).toEqual(['ocean1']);
        expect(await sorted('subject:oceanography')).toEqual(['ocean1', 'plank1']);
        expect(await keys('publisher:PANGAEA')).toEqual(['video1']);
        expect(await keys('title:pangaea')).toEqual([]);
      });

      it('matches exact values: doi, type, language', async () => {
        expect(await keys('doi:10.5072/cairn.video1')).toEqual(['video1']);
        expect(await keys('doi:"https://doi.org/10.5072/CAIRN.VIDEO1"')).toEqual(['video1']);
        expect(await keys('doi:10.5072/*')).toEqual(['video1']);
        expect(await keys('type:software')).toEqual(['rat1']);
        expect(await keys('type:Dataset')).toHaveLength(5);
        expect(await keys('language:de')).toEqual(['luft1']);
      });

      it('filters years and ranges', async () => {
        expect(await sorted('year:2020')).toEqual(['brain1', 'video1']);
        expect(await sorted('year:[2019 TO 2021]')).toEqual(['brain1', 'luft1', 'ocean1', 'video1']);
        expect(await sorted('year:{2019 TO 2021}')).toEqual(['brain1', 'video1']);
        expect(await sorted('year:>=2022')).toEqual(['plank1', 'rat1']);
        expect(await keys('year:[2030 TO 2020]')).toEqual([]);
        expect(await keys('ocean year:[2019 TO 2019]')).toEqual(['ocean1']);
      });

      it('expands prefixes and forgives typos', async () => {
        expect(await sorted('neuro*')).toEqual(['brain1', 'rat1']);
        expect(await keys('hippo*')).toEqual(['rat1']);
        expect(await keys('hipocampus')).toEqual(['rat1']);
        expect(await sorted('oceanografy')).toEqual(['ocean1', 'plank1']);
      });

      it('stems each record in its own language', async () => {
        expect(await keys('Messung')).toEqual(['luft1']);
        expect(await keys('dialectes')).toEqual(['breton1']);
        expect(await sorted('images')).toEqual(['brain1', 'plank1']);
      });
    });

    describe('facets', () => {
      it('counts every facet over what the caller may see', async () => {
        const r = await search('');
        expect(r.total).toBe(9);
        expect(buckets(r, 'type')).toEqual({ Dataset: 5, Software: 1, Image: 1, Text: 1, Audiovisual: 1 });
        expect(buckets(r, 'access_status')).toEqual({ open: 6, embargoed: 1, 'metadata-only': 2 });
        expect(buckets(r, 'year')).toMatchObject({ '2020': 2, '2019': 1, '2016': 1 });
        expect(buckets(r, 'subject')).toMatchObject({ Neuroscience: 2, Oceanography: 2 });
        expect(buckets(r, 'affiliation')).toMatchObject({ [oslo]: 3, 'LMU München': 1 });
        expect(buckets(r, 'affiliation')['Oslo University Hospital']).toBeUndefined();
        expect(buckets(r, 'language')).toEqual({ en: 3, de: 1, fr: 1 });
        expect(buckets(r, 'file_format')).toMatchObject({ csv: 2, 'nii.gz': 1, nc: 1, mp4: 1 });
        expect(r.facets.type!.map((b) => b.key)[0]).toBe('Dataset');
      });

      it('ORs values within a facet and ANDs facets; each facet ignores its own filter', async () => {
        const r = await search('', { filters: { type: ['Dataset', 'Image'], access_status: ['open'] } });
        expect(r.hits.map((h) => h.key).sort()).toEqual(['brain1', 'luft1', 'ocean1']);
        expect(r.total).toBe(3);
        expect(buckets(r, 'type')).toEqual({ Dataset: 3, Software: 1, Text: 1, Audiovisual: 1 });
        expect(buckets(r, 'access_status')).toEqual({ open: 3, 'metadata-only': 2, embargoed: 1 });
        expect(await sorted('', { filters: { subject: ['Neuroscience'], file_format: ['csv'] } })).toEqual(['brain1']);
        expect(await sorted('', { filters: { year: ['2020', '2023'] } })).toEqual(['brain1', 'plank1', 'video1']);
        expect(await sorted('', { filters: { affiliation: [oslo], language: ['en'] } })).toEqual(['brain1', 'rat1']);
      });

      it('limits buckets per facet', async () => {
        const r = await search('', { facetSize: 2 });
        expect(r.facets.type).toHaveLength(2);
        expect((await search('', { facetSize: 0 })).facets.type ?? []).toEqual([]);
      });
    });

    describe('permissions inside the query', () => {
      it('lets owners and grantees see their restricted records, in counts and facets too', async () => {
        const anonymous = await search('brain');
        const bob = await search('brain', { visibility: BOB });
        expect(anonymous.total).toBe(2);
        expect(bob.hits.map((h) => h.key).sort()).toEqual(['brain1', 'hidden1', 'video1']);
        expect(bob.total).toBe(3);
        expect(buckets(bob, 'affiliation')['Oslo University Hospital']).toBe(1);
        expect(buckets(anonymous, 'affiliation')['Oslo University Hospital']).toBeUndefined();
        expect(buckets(anonymous, 'access_status').restricted).toBeUndefined();
        expect((await search('', { visibility: { kind: 'visible', principals: ['user:alice'] } })).total).toBe(9);
        expect((await search('', { visibility: CURATOR })).total).toBe(10);
        expect(await keys('cohort')).toEqual([]);
        expect(await keys('cohort', { visibility: { kind: 'visible', principals: ['group:staff', 'user:bob'] } })).toEqual(['hidden1']);
      });

      it("searches an owner's drafts and records, the draft standing in for its record", async () => {
        const mine: SearchScope = { kind: 'owned', ownerId: 'alice' };
        const alice: ReadFilter = { kind: 'visible', principals: ['user:alice'] };
        expect(await sorted('', { scope: mine, visibility: alice })).toEqual(['brain1', 'draft1:draft', 'rat1', 'snow1:draft']);
        expect(await sorted('brain', { scope: mine, visibility: alice })).toEqual(['brain1', 'draft1:draft']);
        expect(await keys('revised', { scope: mine, visibility: alice })).toEqual(['snow1:draft']);
        // The ReadFilter still applies: someone else asking sees only what they may read.
        expect(await sorted('', { scope: mine, visibility: BOB })).toEqual(['brain1', 'rat1']);
      });
    });

    describe('sorting and paging', () => {
      const newest = ['video1', 'snow1', 'glac2', 'breton1', 'plank1', 'rat1', 'luft1', 'ocean1', 'brain1'];

      it('sorts by date, title and update', async () => {
        expect(await keys('', { sort: 'newest' })).toEqual(newest);
        expect(await keys('', { sort: 'oldest' })).toEqual([...newest].reverse());
        expect(await keys('', { sort: 'bestmatch' })).toEqual(newest);
        expect(await keys('', { sort: 'title' })).toEqual(['snow1', 'brain1', 'breton1', 'plank1', 'glac2', 'luft1', 'video1', 'rat1', 'ocean1']);
        expect(await keys('', { sort: 'updated' })).toEqual(newest);
      });

      it('pages by offset and by cursor, every hit exactly once', async () => {
        expect(await keys('', { sort: 'newest', from: 2, size: 3 })).toEqual(newest.slice(2, 5));
        for (const [q, sort] of [['', 'newest'], ['', 'title'], ['', 'oldest'], ['brain OR ocean OR mouse OR glacier', 'bestmatch']] as const) {
          const all = await keys(q, { sort });
          const paged: string[] = [];
          let after: SearchRequest['after'];
          for (let n = 0; n < 20; n++) {
            const page = await search(q, { sort, size: 2, ...(after ? { after } : {}) });
            paged.push(...page.hits.map((h) => h.key));
            if (page.hits.length < 2) break;
            after = page.hits[page.hits.length - 1]!.sortValues;
          }
          expect({ q, sort, paged }).toEqual({ q, sort, paged: all });
        }
      });
    });

    describe('writing', () => {
      const extra = (title: string, version: string): DocSpec => ({ id: 'extra1', owner: 'dave', title, created: '2023-06-01T00:00:00Z', updated: version });

      it('replaces a document with a newer version only', async () => {
        await index.upsert([searchDocument(extra('Volcanic ash deposits', '2024-05-01T00:00:00Z'))]);
        await index.refresh?.();
        expect(await keys('volcanic')).toEqual(['extra1']);
        await index.upsert([searchDocument(extra('Tephra layers', '2024-04-01T00:00:00Z'))]);
        await index.refresh?.();
        expect(await keys('tephra')).toEqual([]);
        await index.upsert([searchDocument(extra('Tephra layers', '2024-06-01T00:00:00Z'))]);
        await index.refresh?.();
        expect(await keys('tephra')).toEqual(['extra1']);
        expect(await keys('volcanic')).toEqual([]);
      });

      it('removes documents and lists fingerprints in key order', async () => {
        await index.remove(['extra1', 'never-indexed']);
        await index.refresh?.();
        expect(await keys('tephra')).toEqual([]);
        const listed = [...(await index.fingerprints(null, 5)), ...(await index.fingerprints('glac2', 100))];
        const expected = CORPUS.map(searchDocument).sort((a, b) => (a.key < b.key ? -1 : 1));
        expect(listed.slice(0, 5).map((f) => f.key)).toEqual(expected.slice(0, 5).map((d) => d.key));
        const byKey = new Map(listed.map((f) => [f.key, f.fingerprint]));
        for (const d of expected) expect(byKey.get(d.key)).toBe(d.fingerprint);
      });

      it('rebuilds with no downtime, dropping what the rebuild did not write', async () => {
        const rebuild = await index.beginRebuild();
        await rebuild.write(CORPUS.filter((d) => d.id !== 'breton1').map(searchDocument));
        await index.refresh?.();
        expect(await keys('breton')).toEqual(['breton1']);
        expect((await search('')).total).toBe(9);
        const { removed } = await rebuild.commit();
        expect(removed).toBeGreaterThanOrEqual(1);
        expect(await keys('breton')).toEqual([]);
        expect((await search('')).total).toBe(8);
        expect(await keys('brain')).toEqual(['brain1', 'video1']);
      });
    });
  });
}
