/**
 * The shapes of the requests the Elasticsearch adapter sends: index template, alias
 * bootstrap, bulk writes with external versions, the zero-downtime rebuild (alias swap)
 * and a search with facets. A stand-in for the HTTP layer only (@elastic/elasticsearch-mock);
 * the adapter's behaviour is held to the contract suite against a real Elasticsearch.
 */
import { Client, errors } from '@elastic/elasticsearch';
import MockPackage from '@elastic/elasticsearch-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ElasticsearchSearchIndex } from './elasticsearch-search-index.js';
import { SearchUnavailableError } from './errors.js';
import { parseQuery } from './query-parser.js';
import { searchDocument } from './testing/documents.js';

interface Seen {
  method: string;
  path: string;
  body: any;
}

// A CommonJS module typed as an ES default export: take the class whichever way it arrives.
type ClientMock = InstanceType<typeof MockPackage.default>;
type Pattern = { method: string; path: string; body?: unknown };
const Mock = ((MockPackage as unknown as { default?: unknown }).default ?? MockPackage) as new () => ClientMock;

let mock: ClientMock;
let seen: Seen[];
let aliases: Record<string, string[]>;
let index: ElasticsearchSearchIndex;

const notFound = () => new errors.ResponseError({ body: { error: { type: 'index_not_found_exception' }, status: 404 }, statusCode: 404, headers: {}, warnings: [], meta: {} as never });

beforeEach(() => {
  mock = new Mock();
  seen = [];
  aliases = {};
  const record = (p: Pattern) => seen.push({ method: p.method, path: p.path, body: p.body });
  mock.add({ method: 'PUT', path: '/_index_template/:name' }, (p: any) => (record(p), { acknowledged: true }));
  mock.add({ method: 'HEAD', path: '/_alias/:name' }, (p: any) => (record(p), aliases[p.path.split('/')[2]!]?.length ? '' : notFound()));
  mock.add({ method: 'GET', path: '/_alias/:name' }, (p: any) => {
    record(p);
    const name = p.path.split('/')[2]!;
    return aliases[name]?.length ? Object.fromEntries(aliases[name].map((i) => [i, { aliases: { [name]: {} } }])) : notFound();
  });
  mock.add({ method: 'PUT', path: '/:index' }, (p: any) => {
    record(p);
    for (const a of Object.keys((p.body as { aliases?: object })?.aliases ?? {})) (aliases[a] ??= []).push(p.path.slice(1));
    return { acknowledged: true, index: p.path.slice(1) };
  });
  mock.add({ method: 'POST', path: '/_bulk' }, (p: any) => (record(p), { errors: false, items: [], took: 1 }));
  mock.add({ method: 'PUT', path: '/:index/_settings' }, (p: any) => (record(p), { acknowledged: true }));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, (p: any) => (record(p), { _shards: { total: 1, successful: 1, failed: 0 } }));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, (p: any) => (record(p), { count: p.path === '/cairn-records-v1/_count' ? 3 : 2 }));
  mock.add({ method: 'POST', path: '/_aliases' }, (p: any) => (record(p), { acknowledged: true }));
  mock.add({ method: 'DELETE', path: '/:index' }, (p: any) => (record(p), { acknowledged: true }));
  mock.add({ method: 'POST', path: '/:index/_search' }, (p: any) => {
    record(p);
    return {
      took: 1,
      timed_out: false,
      hits: { total: { value: 1, relation: 'eq' }, hits: [{ _id: 'a1', _score: 1.5, _source: { source: { row: { id: 'a1' } } }, sort: [1.5, 'a1'] }] },
      aggregations: { type: { doc_count: 1, values: { buckets: [{ key: 'Dataset', doc_count: 1 }] } }, year: { doc_count: 1, values: { buckets: [{ key: 2020, doc_count: 1 }] } } },
    };
  });
  index = new ElasticsearchSearchIndex({ client: new Client({ node: 'http://es.test:9200', Connection: mock.getConnection() }) });
});

const doc = (id: string) => searchDocument({ id, title: `Record ${id}`, year: 2020, files: ['a.csv'], updated: '2024-03-01T00:00:00Z' });

describe('ElasticsearchSearchIndex requests', () => {
  it('puts a strict index template and creates the first version behind the alias', async () => {
    await index.init();
    const template = seen.find((s) => s.path === '/_index_template/cairn-records-template')!;
    expect(template.method).toBe('PUT');
    expect(template.body.index_patterns).toEqual(['cairn-records-v*']);
    expect(template.body.template.mappings.dynamic).toBe('strict');
    expect(template.body.template.mappings.properties.titles.fields.german).toEqual({ type: 'text', analyzer: 'german' });
    expect(template.body.template.mappings.properties.source).toEqual({ type: 'object', enabled: false });
    const create = seen.find((s) => s.method === 'PUT' && s.path === '/cairn-records-v1')!;
    expect(create.body.aliases).toEqual({ 'cairn-records': { is_write_index: true } });
    // Idempotent: a second init sends nothing.
    const before = seen.length;
    await index.init();
    expect(seen.length).toBe(before);
  });

  it('writes in bulk with external versions, and deletes in bulk', async () => {
    await index.upsert([doc('a1'), doc('a2')]);
    const bulk = seen.find((s) => s.path === '/_bulk')!;
    expect(bulk.body[0]).toEqual({ index: { _index: 'cairn-records', _id: 'a1', version: Date.parse('2024-03-01T00:00:00Z'), version_type: 'external_gte' } });
    expect(bulk.body[1]).toMatchObject({ key: 'a1', record_id: 'a1', year: 2020, file_formats: ['csv'], title_sort: 'record a1' });
    expect(bulk.body[1].source.row.id).toBe('a1');
    expect(bulk.body).toHaveLength(4);
    await index.remove(['a1']);
    expect(seen.filter((s) => s.path === '/_bulk')[1]!.body).toEqual([{ delete: { _index: 'cairn-records', _id: 'a1' } }]);
  });

  it('rebuilds into a new version, writes live changes to both, and swaps the alias', async () => {
    await index.init();
    const rebuild = await index.beginRebuild();
    const created = seen.filter((s) => s.method === 'PUT' && /^\/cairn-records-v\d{10,}$/.test(s.path));
    expect(created).toHaveLength(1);
    const fresh = created[0]!.path.slice(1);
    expect(created[0]!.body).toEqual({ settings: { refresh_interval: '-1', number_of_replicas: 0 }, aliases: { 'cairn-records-rebuild': {} } });
    await rebuild.write([doc('a1')]);
    expect(seen.at(-1)!.body[0].index._index).toBe(fresh);
    await index.upsert([doc('a2')]);
    const [live, copy] = seen.filter((x) => x.path === '/_bulk').slice(-2);
    expect(live!.body[0].index._index).toBe('cairn-records');
    expect(copy!.body[0].index._index).toBe(fresh);
    const { removed } = await rebuild.commit();
    expect(removed).toBe(1);
    const swap = seen.find((s) => s.path === '/_aliases')!;
    expect(swap.body.actions).toEqual([
      { remove: { index: 'cairn-records-v1', alias: 'cairn-records' } },
      { add: { index: fresh, alias: 'cairn-records', is_write_index: true } },
      { remove: { index: fresh, alias: 'cairn-records-rebuild' } },
    ]);
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', path: '/cairn-records-v1' });
  });

  it('translates a query with facets, the read filter and a cursor', async () => {
    const r = await index.search({
      query: parseQuery('title:brain -mouse year:[2019 TO 2021]'),
      filters: { type: ['Dataset', 'Image'], access_status: ['open'] },
      scope: { kind: 'published', allVersions: false },
      visibility: { kind: 'visible', principals: ['user:u1'] },
      sort: 'bestmatch',
      size: 10,
      after: [1.5, 'a0'],
      facetSize: 10,
    });
    const body = seen.find((s) => s.path === '/cairn-records/_search')!.body;
    expect(body.query.bool.filter).toEqual([
      { term: { is_draft: false } },
      { term: { is_latest: true } },
      { bool: { should: [{ bool: { filter: [{ term: { access_record: 'public' } }, { term: { is_draft: false } }] } }, { terms: { readers: ['user:u1'] } }], minimum_should_match: 1 } },
    ]);
    const [title, not, year] = body.query.bool.must[0].bool.must;
    expect(title.multi_match).toMatchObject({ query: 'brain', operator: 'and', fuzziness: 'AUTO:5,8' });
    expect(title.multi_match.fields).toContain('titles.english^1');
    expect(not).toEqual({ bool: { must_not: [expect.objectContaining({ multi_match: expect.objectContaining({ query: 'mouse' }) })] } });
    expect(year).toEqual({ range: { year: { gte: 2019, lte: 2021 } } });
    expect(body.post_filter).toEqual({ bool: { filter: [{ terms: { resource_type: ['Dataset', 'Image'] } }, { terms: { access_status: ['open'] } }] } });
    expect(body.aggs.type.filter).toEqual({ bool: { filter: [{ terms: { access_status: ['open'] } }] } });
    expect(body.aggs.access_status.filter).toEqual({ bool: { filter: [{ terms: { resource_type: ['Dataset', 'Image'] } }] } });
    expect(body.aggs.subject.aggs.values.terms).toMatchObject({ field: 'subject_values', size: 10 });
    expect(body.sort).toEqual([{ _score: { order: 'desc' } }, { key: { order: 'asc' } }]);
    expect(body.search_after).toEqual([1.5, 'a0']);
    expect(body.track_total_hits).toBe(true);
    expect(r.total).toBe(1);
    expect(r.hits[0]).toEqual({ key: 'a1', source: { row: { id: 'a1' } }, sortValues: [1.5, 'a1'] });
    expect(r.facets.type).toEqual([{ key: 'Dataset', count: 1 }]);
    expect(r.facets.year).toEqual([{ key: '2020', count: 1 }]);
  });

  it('reports an unreachable engine as SearchUnavailableError (503)', async () => {
    const down = new ElasticsearchSearchIndex({ client: new Client({ node: 'http://127.0.0.1:9', maxRetries: 0, requestTimeout: 2000 }) });
    const err = await down.search({ query: null, filters: {}, scope: { kind: 'published', allVersions: false }, visibility: { kind: 'all' }, sort: 'newest', size: 1, from: 0, facetSize: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SearchUnavailableError);
    expect((err as SearchUnavailableError).status).toBe(503);
  });
});
