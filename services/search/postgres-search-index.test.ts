import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../platform/testing/test-db.js';
import { SearchQueryError } from './errors.js';
import { PostgresSearchIndex } from './postgres-search-index.js';
import { parseQuery } from './query-parser.js';
import { searchIndexContract } from './search-index.contract.js';
import { searchDocument } from './testing/documents.js';

const engine = testDatabaseUrl() ? 'PostgreSQL server' : 'PGlite';

searchIndexContract(`PostgreSQL full text (${engine})`, async () => {
  const database = await createTestDatabase();
  return { index: new PostgresSearchIndex({ db: database.db }), close: () => database.destroy() };
});

describe(`PostgresSearchIndex specifics (${engine})`, () => {
  let database: TestDatabase;
  let index: PostgresSearchIndex;
  beforeAll(async () => {
    database = await createTestDatabase();
    index = new PostgresSearchIndex({ db: database.db });
    await index.upsert([
      searchDocument({ id: 'q1', title: "O'Brien's \\ back-slash: 'quoted' & | ! <-> (tsquery) operators", description: 'Some: text* here' }),
      searchDocument({ id: 'q2', title: 'Plain title', subjects: ['Hydrology'] }),
    ]);
  });
  afterAll(async () => database?.destroy());

  it('fuzz: random queries run or fail with the typed 400 error, never a database error', async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = [...`ab'"\\:*()[]{}-+!&|<>@%_ é`, 'title:', 'creator:', 'year:', 'doi:', 'type:', ' OR ', ' TO ', 'brien', '2020', 'hydro*', "o'b", '<->', '!!'];
    for (let n = 0; n < 300; n++) {
      let q = '';
      for (let k = Math.floor(rand() * 14); k > 0; k--) q += pieces[Math.floor(rand() * pieces.length)];
      let query;
      try {
        query = parseQuery(q);
      } catch (err) {
        expect(err).toBeInstanceOf(SearchQueryError);
        continue;
      }
      await expect(
        index.search({ query, filters: {}, scope: { kind: 'published', allVersions: false }, visibility: { kind: 'all' }, sort: 'bestmatch', size: 5, from: 0, facetSize: 3 }),
        JSON.stringify(q),
      ).resolves.toBeDefined();
    }
  });

  it('finds words with quotes, backslashes and tsquery operators in them', async () => {
    const hits = async (q: string) =>
      (await index.search({ query: parseQuery(q), filters: {}, scope: { kind: 'published', allVersions: false }, visibility: { kind: 'all' }, sort: 'bestmatch', size: 5, from: 0, facetSize: 0 })).hits.map((h) => h.key);
    expect(await hits("O'Brien's")).toEqual(['q1']);
    expect(await hits('"back-slash"')).toEqual(['q1']);
    expect(await hits('title:tsquery')).toEqual(['q1']);
    expect(await hits('hydro*')).toEqual(['q2']);
  });

  it('keeps a lexicon of title, creator and subject words for prefixes and typos', async () => {
    const words = await database.db.selectFrom('search_terms').select('word').where('word', 'in', ['plain', 'hydrology', 'text']).execute();
    expect(words.map((w) => w.word).sort()).toEqual(['hydrology', 'plain']);
  });
});
