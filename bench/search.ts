/**
 * Benchmark `search`: 100,000 realistic DataCite records (search-data.ts) written in bulk
 * straight through the SearchIndex port, then a fixed mix of 20 query shapes with facets
 * (anonymous, depositor and curator callers; words, phrases, OR, exclusion, fields,
 * ranges, prefix, typo, several languages, facet filters, sorts, deep pages, a cursor),
 * each run BENCH_SEARCH_ROUNDS times after a warm-up round: p50/p95 latency. Then a full
 * rebuild (beginRebuild → bulk writes → commit) of the same records: its time.
 *
 * The mix runs cold (facet counts computed by every search) and warm (repeated searches
 * answered from the adapter's facet-count cache, valid until the index changes). Baselines
 * from the same run: the mix without aggregations (so the ratio is what facets cost), and
 * the first bulk load into the empty index. Runs on PGlite (in memory) and, with
 * DATABASE_URL, on PostgreSQL; the targets are PostgreSQL's.
 */
import { sql } from 'kysely';
import type { ReadFilter } from '../services/access/policy.js';
import { PostgresSearchIndex } from '../services/search/postgres-search-index.js';
import { parseQuery } from '../services/search/query-parser.js';
import type { FacetFilters, SearchIndex, SearchRequest, SortName } from '../services/search/search-index.js';
import { generateRecords, type GeneratedSet } from './search-data.js';
import { databaseUrl, envInt, heading, note, num, openBenchDatabase, ratioText, secondsSince, type BenchResult } from './setup.js';

const TARGET_P95_MS = 50;
const TARGET_REINDEX_S = 60;

interface Shape {
  name: string;
  q: string;
  who: 'anonymous' | 'depositor' | 'curator';
  filters?: FacetFilters;
  sort?: SortName;
  from?: number;
  /** Page 2 through the cursor of page 1. */
  cursor?: boolean;
}

function shapes(set: GeneratedSet): Shape[] {
  const doi = set.sampleDois[0] ?? '10.5072/cairn.none';
  return [
    { name: 'one word', q: 'brain', who: 'anonymous' },
    { name: 'two words', q: 'climate temperature', who: 'anonymous' },
    { name: 'phrase', q: '"sea surface temperature"', who: 'anonymous' },
    { name: 'OR', q: 'mouse OR rat', who: 'anonymous' },
    { name: 'exclusion', q: 'genome -plant', who: 'anonymous' },
    { name: 'title field', q: 'title:neural', who: 'anonymous' },
    { name: 'creator field', q: 'creator:garcía', who: 'anonymous' },
    { name: 'subject phrase', q: 'subject:"Climate change"', who: 'anonymous' },
    { name: 'word + year range', q: 'ocean year:[2019 TO 2021]', who: 'anonymous' },
    { name: 'prefix', q: 'neuro*', who: 'anonymous' },
    { name: 'typo', q: 'neuroscince', who: 'anonymous' },
    { name: 'browse, newest', q: '', who: 'depositor', sort: 'newest' },
    { name: 'common word', q: 'data', who: 'depositor' },
    { name: 'browse + 2 facets', q: '', who: 'depositor', filters: { type: ['Dataset'], access_status: ['open'] } },
    { name: 'word + 3 facets', q: 'temperature', who: 'depositor', filters: { type: ['Dataset', 'Image'], year: ['2020', '2021'], language: ['en'] } },
    { name: 'doi', q: `doi:${doi}`, who: 'depositor' },
    { name: 'German word', q: 'Messungen', who: 'curator' },
    { name: 'page 3, newest', q: 'imaging', who: 'curator', sort: 'newest', from: 20 },
    { name: 'cursor page 2', q: 'ocean', who: 'curator', cursor: true },
    { name: 'fields, title sort', q: 'type:Image language:fr', who: 'curator', sort: 'title' },
  ];
}

function visibility(who: Shape['who'], set: GeneratedSet): ReadFilter {
  if (who === 'curator') return { kind: 'all' };
  if (who === 'anonymous') return { kind: 'visible', principals: [] };
  return { kind: 'visible', principals: [`user:${set.owners[0]}`] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function runMix(index: SearchIndex, set: GeneratedSet, rounds: number, facetSize: number) {
  const mix = shapes(set);
  const perShape = new Map<string, number[]>();
  const totals = new Map<string, number>();
  const all: number[] = [];
  const request = (s: Shape): SearchRequest => ({
    query: parseQuery(s.q),
    filters: s.filters ?? {},
    scope: { kind: 'published', allVersions: false },
    visibility: visibility(s.who, set),
    sort: s.sort ?? 'bestmatch',
    size: 10,
    from: s.from ?? 0,
    facetSize,
  });
  // The cursor shape pages from the first page's last hit (taken once, outside the timing).
  const cursors = new Map<string, SearchRequest['after']>();
  for (const s of mix.filter((x) => x.cursor)) {
    const first = await index.search(request(s));
    cursors.set(s.name, first.hits[first.hits.length - 1]?.sortValues);
  }
  for (let round = -1; round < rounds; round++) {
    for (const s of mix) {
      const req = request(s);
      const after = cursors.get(s.name);
      const started = process.hrtime.bigint();
      const r = await index.search(after ? { ...req, after } : req);
      const ms = secondsSince(started) * 1000;
      if (round < 0) continue; // warm-up
      totals.set(s.name, r.total);
      all.push(ms);
      perShape.set(s.name, [...(perShape.get(s.name) ?? []), ms]);
    }
  }
  all.sort((a, b) => a - b);
  return { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), perShape, totals, mix };
}

async function benchEngine(engine: 'pglite' | 'postgres', count: number, rounds: number): Promise<BenchResult[]> {
  const database = await openBenchDatabase(engine, { maxConnections: 4 });
  const label = engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
  try {
    heading(`search: ${count.toLocaleString('en-US')} records, ${label}`);
    note(database.label);
    const index = new PostgresSearchIndex({ db: database.db });
    await index.init();
    const set = generateRecords(count);

    // Initial bulk load (the baseline of the rebuild); generation is timed apart.
    let generate = 0;
    let load = 0;
    let documents = 0;
    let t = process.hrtime.bigint();
    for (const batch of set.batches(1000)) {
      generate += secondsSince(t);
      t = process.hrtime.bigint();
      await index.upsert(batch);
      load += secondsSince(t);
      documents += batch.length;
      t = process.hrtime.bigint();
    }
    await sql`analyze search_documents`.execute(database.db);
    note(`bulk load: ${documents.toLocaleString('en-US')} documents in ${num(load)} s through the port (${num(documents / load)} docs/s); generating them took ${num(generate)} s`);

    // Cold: every search counts its facets. Warm: the adapter's facet-count cache (valid until
    // the next write) answers repeated searches, as a user paging or re-sorting sees it.
    const cold = new PostgresSearchIndex({ db: database.db, countsCacheEntries: 0 });
    const full = await runMix(cold, set, rounds, 10);
    const bare = await runMix(cold, set, rounds, 0);
    const warm = await runMix(index, set, rounds, 10);
    note(`query mix: ${full.mix.length} shapes × ${rounds} rounds after a warm-up round`);
    note(`  cold (facets counted every time): p50 ${num(full.p50)} ms, p95 ${num(full.p95)} ms, p99 ${num(full.p99)} ms`);
    note(`  without aggregations:             p50 ${num(bare.p50)} ms, p95 ${num(bare.p95)} ms, p99 ${num(bare.p99)} ms`);
    note(`  warm (facet counts cached):       p50 ${num(warm.p50)} ms, p95 ${num(warm.p95)} ms, p99 ${num(warm.p99)} ms`);
    note('per shape, median ms: cold / no aggregations / warm; hits:');
    for (const s of full.mix) {
      const med = (r: typeof full) => num([...r.perShape.get(s.name)!].sort((a, b) => a - b)[Math.floor(rounds / 2)]!).padStart(7);
      note(`  ${s.name.padEnd(20)} ${med(full)} / ${med(bare)} / ${med(warm)}   ${String(full.totals.get(s.name)).padStart(6)}  ${s.q || '(all)'}${s.filters ? ` ${JSON.stringify(s.filters)}` : ''}`);
    }

    // Full rebuild: the same documents again, through beginRebuild/commit.
    let write = 0;
    t = process.hrtime.bigint();
    const rebuild = await index.beginRebuild();
    let overhead = secondsSince(t);
    for (const batch of set.batches(1000)) {
      t = process.hrtime.bigint();
      await rebuild.write(batch);
      write += secondsSince(t);
    }
    t = process.hrtime.bigint();
    const { removed } = await rebuild.commit();
    overhead += secondsSince(t);
    const reindex = write + overhead;
    note(`full rebuild: ${num(reindex)} s (writes ${num(write)} s, begin + commit ${num(overhead)} s; ${removed} removed), generation excluded`);

    const pg = engine === 'postgres';
    return [
      {
        name: `search p95 cold (${label})`,
        figure: `${num(full.p95)} ms`,
        baseline: `${num(bare.p95)} ms`,
        ratio: ratioText(full.p95 / bare.p95),
        target: pg ? `p95 ≤ ${TARGET_P95_MS} ms` : 'report',
        met: pg ? full.p95 <= TARGET_P95_MS : undefined,
      },
      {
        name: `search p50 cold (${label})`,
        figure: `${num(full.p50)} ms`,
        baseline: `${num(bare.p50)} ms`,
        ratio: ratioText(full.p50 / bare.p50),
        target: 'report',
        met: undefined,
      },
      {
        name: `search p95 warm (${label})`,
        figure: `${num(warm.p95)} ms`,
        baseline: `${num(bare.p95)} ms`,
        ratio: ratioText(warm.p95 / bare.p95),
        target: pg ? `p95 ≤ ${TARGET_P95_MS} ms` : 'report',
        met: pg ? warm.p95 <= TARGET_P95_MS : undefined,
      },
      {
        name: `reindex ${Math.round(count / 1000)}k (${label})`,
        figure: `${num(reindex)} s`,
        baseline: `${num(load)} s`,
        ratio: ratioText(reindex / load),
        target: pg ? `≤ ${TARGET_REINDEX_S} s` : 'report',
        met: pg ? reindex <= TARGET_REINDEX_S : undefined,
      },
    ];
  } finally {
    await database.destroy();
  }
}

/** `npm run bench -- search` */
export async function searchBench(): Promise<BenchResult[]> {
  const count = envInt('BENCH_SEARCH_RECORDS', 100_000);
  const rounds = envInt('BENCH_SEARCH_ROUNDS', 10);
  const engines = (process.env.BENCH_SEARCH_ENGINES ?? (databaseUrl() ? 'postgres,pglite' : 'pglite')).split(',').map((e) => e.trim());
  const results: BenchResult[] = [];
  for (const engine of engines) {
    if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`BENCH_SEARCH_ENGINES: unknown engine ${engine}`);
    results.push(...(await benchEngine(engine, count, rounds)));
  }
  return results;
}
