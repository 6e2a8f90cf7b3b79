/**
 * SearchIndex on PostgreSQL full-text search, in the application database (PGlite or a
 * server): `search_documents` with a weighted, per-language tsvector and a GIN index;
 * facets by SQL aggregates over the matches; the trigram lexicon for prefixes and typos.
 * Tables, the tsvector, indexes and triggers are in migration 2026-11-22T0300_search.
 *
 * A search is a short analysis of its words (lexicon, per-language stems), then two
 * statements run side by side: the page of hits (ranked or sorted, keyset or offset), and
 * the total with the facet counts from one materialized pass over the matches.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import { textNodes, type TextNode } from './query-ast.js';
import { activeFacets, and, FACET_COLUMNS, rankQuery, sortPlan, whereFacet, whereQuery, whereScope, whereVisible, type SortPlan } from './postgres-query.js';
import { analyzeText, type AnalyzedText } from './postgres-text.js';
import {
  FACETS,
  titleSort,
  type FacetBucket,
  type FacetName,
  type IndexRebuild,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
  type SearchResponse,
} from './search-index.js';

export interface PostgresSearchIndexConfig {
  readonly db: Kysely<Database>;
  /** Documents per INSERT statement. */
  readonly batchSize?: number;
  /**
   * Facet counts kept per distinct search (query, filters, scope, reader) while the index
   * does not change, as Elasticsearch's request cache does; 0 turns it off. Counting facets
   * over tens of thousands of matches is the slow part of a broad search.
   */
  readonly countsCacheEntries?: number;
}

type Counts = Pick<SearchResponse, 'total' | 'facets'>;

const COLUMNS = [
  'key', 'record_id', 'is_draft', 'parent_id', 'owner_id', 'readers', 'access_record', 'access_status', 'is_latest', 'shadowed',
  'version_index', 'text_config', 'title', 'title_sort', 'titles', 'creators', 'subjects', 'descriptions', 'publisher', 'other',
  'doi', 'resource_type', 'resource_type_specific', 'language', 'year', 'subject_values', 'affiliations', 'file_formats',
  'created', 'updated', 'source_version', 'fingerprint', 'source',
] as const;
const TYPES: Record<(typeof COLUMNS)[number], string> = {
  key: 'text', record_id: 'text', is_draft: 'boolean', parent_id: 'text', owner_id: 'text', readers: 'text[]', access_record: 'text',
  access_status: 'text', is_latest: 'boolean', shadowed: 'boolean', version_index: 'integer', text_config: 'regconfig', title: 'text',
  title_sort: 'text', titles: 'text', creators: 'text', subjects: 'text', descriptions: 'text', publisher: 'text', other: 'text',
  doi: 'text', resource_type: 'text', resource_type_specific: 'text', language: 'text', year: 'integer', subject_values: 'text[]',
  affiliations: 'text[]', file_formats: 'text[]', created: 'timestamptz', updated: 'timestamptz', source_version: 'bigint',
  fingerprint: 'text', source: 'jsonb',
};

/** What the counts of a search depend on (not its sort or page). */
function countsKey(r: SearchRequest): string {
  const filters = Object.entries(r.filters)
    .filter(([, v]) => v && v.length > 0)
    .map(([k, v]) => [k, [...v!].sort()])
    .sort();
  const visibility = r.visibility.kind === 'all' ? 'all' : [...r.visibility.principals].sort();
  return JSON.stringify([r.query, filters, r.scope, visibility, r.facetSize]);
}

/** A document as a row of `jsonb_to_recordset` (one JSON parameter per batch, whatever its size). */
function toRow(d: SearchDocument): Record<(typeof COLUMNS)[number], unknown> {
  return {
    key: d.key, record_id: d.recordId, is_draft: d.isDraft, parent_id: d.parentId, owner_id: d.ownerId, readers: d.readers,
    access_record: d.accessRecord, access_status: d.accessStatus, is_latest: d.isLatest, shadowed: d.shadowed,
    version_index: d.versionIndex, text_config: d.textLanguage, title: d.title, title_sort: titleSort(d.title),
    titles: d.titles.join('\n'), creators: d.creators.join('\n'), subjects: d.subjects.join('\n'), descriptions: d.descriptions.join('\n'),
    publisher: d.publisher ?? '', other: d.other.join('\n'), doi: d.doi, resource_type: d.resourceType,
    resource_type_specific: d.resourceTypeSpecific, language: d.language, year: d.year, subject_values: d.subjects,
    affiliations: d.affiliations, file_formats: d.fileFormats, created: d.created.toISOString(), updated: d.updated.toISOString(),
    source_version: d.sourceVersion, fingerprint: d.fingerprint, source: d.source,
  };
}

export class PostgresSearchIndex implements SearchIndex {
  readonly kind = 'postgres';
  readonly #c: Required<PostgresSearchIndexConfig>;
  readonly #cache = new Map<string, { version: number; counts: Counts }>();
  #trgm: Promise<string> | undefined;

  constructor(config: PostgresSearchIndexConfig) {
    this.#c = Object.freeze({ batchSize: 500, countsCacheEntries: 256, ...config });
  }

  /** Nothing to create: the tables come from migrations. Checks that they are there. */
  async init(): Promise<void> {
    await this.#trgmSchema();
  }

  /** Writes in batches; a row whose stored `source_version` is newer stays. */
  async upsert(docs: readonly SearchDocument[]): Promise<void> {
    // One statement may not touch a key twice: keep the newest of each.
    const byKey = new Map<string, SearchDocument>();
    for (const d of docs) {
      const seen = byKey.get(d.key);
      if (!seen || seen.sourceVersion <= d.sourceVersion) byKey.set(d.key, d);
    }
    const all = [...byKey.values()];
    for (let i = 0; i < all.length; i += this.#c.batchSize) await this.#write(all.slice(i, i + this.#c.batchSize));
  }

  async #write(docs: SearchDocument[]): Promise<void> {
    const cols = sql.join(COLUMNS.map((c) => sql.id(c)));
    const defs = sql.join(COLUMNS.map((c) => sql`${sql.id(c)} ${sql.raw(TYPES[c])}`));
    const updates = sql.join([...COLUMNS.filter((c) => c !== 'key').map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`), sql`indexed_at = clock_timestamp()`]);
    await sql`
      insert into search_documents (${cols})
      select ${cols} from jsonb_to_recordset(${jsonb(docs.map(toRow))}) as r(${defs})
      on conflict (key) do update set ${updates}
      where search_documents.source_version <= excluded.source_version`.execute(this.#c.db);
  }

  /** Deletes by key. */
  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#c.db.deleteFrom('search_documents').where('key', 'in', [...keys]).execute();
  }

  /** Keys and fingerprints after `after`, in key order ("C" collation). */
  async fingerprints(after: string | null, size: number): Promise<Array<{ key: string; fingerprint: string }>> {
    let q = this.#c.db.selectFrom('search_documents').select(['key', 'fingerprint']).orderBy('key').limit(size);
    if (after !== null) q = q.where('key', '>', after);
    return q.execute();
  }

  /**
   * Rebuilds in place: every write of the rebuild (and of live indexing meanwhile) stamps
   * `indexed_at`; `commit` deletes what was not stamped since the start. Searches keep
   * seeing every document throughout.
   */
  async beginRebuild(): Promise<IndexRebuild> {
    const { rows } = await sql<{ t: Date }>`select clock_timestamp() as t`.execute(this.#c.db);
    const started = rows[0]!.t;
    return {
      write: (docs) => this.upsert(docs),
      commit: async () => {
        const r = await this.#c.db.deleteFrom('search_documents').where('indexed_at', '<', started).executeTakeFirst();
        // Every row was rewritten: reclaim the old versions, flush the GIN pending list, refresh statistics.
        await sql`vacuum (analyze) search_documents`.execute(this.#c.db);
        return { removed: Number(r.numDeletedRows) };
      },
      abort: async () => undefined,
    };
  }

  /** Searches; see the module comment for the shape of the statements. */
  async search(request: SearchRequest): Promise<SearchResponse> {
    const nodes = textNodes(request.query);
    const analyzed = new Map<TextNode, AnalyzedText>();
    const results = await analyzeText(this.#c.db, nodes, await this.#trgmSchema());
    nodes.forEach((n, i) => analyzed.set(n, results[i]!));

    const sort = sortPlan(request.sort, rankQuery(request.query, analyzed));
    const active = activeFacets(request.filters);
    const where = and([whereScope(request.scope), whereVisible(request.visibility), request.query ? whereQuery(request.query, analyzed) : sql<boolean>`true`]);
    const filtered = and([where, ...active.map((f) => whereFacet(f, request.filters[f]!))]);
    // Two statements, on two connections when there is a pool: the page of hits, and the counts.
    const [hits, counts] = await Promise.all([this.#hits(request, sort, filtered), this.#counts(request, where, active)]);
    return { ...counts, hits };
  }

  /** The page of hits, in order, with their sources. */
  async #hits(request: SearchRequest, sort: SortPlan, filtered: RawBuilder<boolean>): Promise<SearchHit[]> {
    const keyset = request.after ? sql`where ${sort.after('q', request.after)}` : sql``;
    const rows = await this.#run(
      sql<{ key: string; s: unknown; source: Record<string, unknown> }>`
        select p.key, p.s, d.source from (
          select q.key, q.s from (select d.key, ${sort.value} as s from search_documents d where ${filtered}) q
          ${keyset} order by ${sort.orderBy('q')} limit ${request.size} offset ${request.after ? 0 : (request.from ?? 0)}
        ) p join search_documents d on d.key = p.key
        order by ${sort.orderBy('p')}`,
    );
    return rows.map((h) => ({ key: h.key, source: h.source, sortValues: sort.values(h) }));
  }

  /**
   * The total and the facet counts, from one pass over the matches: each facet counts the
   * matches that pass every other facet's filter (so one can add values to a facet).
   */
  async #counts(request: SearchRequest, where: RawBuilder<boolean>, active: FacetName[]): Promise<Counts> {
    if (this.#c.countsCacheEntries <= 0) return this.#countNow(request, where, active);
    const key = countsKey(request);
    const state = await this.#c.db.selectFrom('search_state').select('version').where('id', '=', 1).executeTakeFirst();
    const version = Number(state?.version ?? -1);
    const cached = this.#cache.get(key);
    if (cached && cached.version === version) {
      // Most recently used last.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached.counts;
    }
    const counts = await this.#countNow(request, where, active);
    this.#cache.delete(key);
    this.#cache.set(key, { version, counts });
    if (this.#cache.size > this.#c.countsCacheEntries) this.#cache.delete(this.#cache.keys().next().value!);
    return counts;
  }

  async #countNow(request: SearchRequest, where: RawBuilder<boolean>, active: FacetName[]): Promise<Counts> {
    const flag = (f: FacetName) => sql.id(`f_${f}`);
    const all = and(active.map((f) => sql<boolean>`m.${flag(f)}`));
    if (request.facetSize === 0) {
      const filtered = and([where, ...active.map((f) => whereFacet(f, request.filters[f]!))]);
      const rows = await this.#run(sql<{ total: number }>`select count(*)::int as total from search_documents d where ${filtered}`);
      return { total: Number(rows[0]!.total), facets: {} };
    }
    const except = (f: FacetName) => and(active.filter((a) => a !== f).map((a) => sql<boolean>`m.${flag(a)}`));
    const columns: RawBuilder<unknown>[] = FACETS.map((f) => sql`d.${sql.id(FACET_COLUMNS[f].column)}`);
    for (const f of active) columns.push(sql`${whereFacet(f, request.filters[f]!)} as ${flag(f)}`);
    const facetSelects = FACETS.map((f) => {
      const c = FACET_COLUMNS[f];
      const counts = c.array
        ? sql`select v as value, count(*)::int as n from m cross join unnest(m.${sql.id(c.column)}) as v where ${except(f)} group by v`
        : sql`select ${c.value} as value, count(*)::int as n from m where ${c.value} is not null and ${except(f)} group by 1`;
      return sql`(select coalesce(json_agg(json_build_array(x.value, x.n) order by x.n desc, x.value), '[]'::json)
          from (${counts} order by n desc, value limit ${request.facetSize}) x) as ${sql.id(`a_${f}`)}`;
    });
    const rows = await this.#run(
      sql<Record<string, unknown>>`
        with m as materialized (select ${sql.join(columns)} from search_documents d where ${where})
        select (select count(*)::int from m where ${all}) as total, ${sql.join(facetSelects)}`,
    );
    const row = rows[0]!;
    const facets: Partial<Record<FacetName, FacetBucket[]>> = {};
    for (const f of FACETS) facets[f] = (row[`a_${f}`] as Array<[string, number]>).map(([key, count]) => ({ key: String(key), count }));
    return { total: Number(row.total), facets };
  }

  /** Runs a search statement with planner settings for a table that is in cache. */
  async #run<R>(statement: RawBuilder<R>): Promise<R[]> {
    return this.#c.db.transaction().execute(async (trx) => {
      // Random reads of cached pages are cheap: let the planner use the GIN index for large matches too.
      await sql`set local random_page_cost = 1.1`.execute(trx);
      await sql`set local work_mem = '32MB'`.execute(trx);
      return (await statement.execute(trx)).rows;
    });
  }

  /** The schema pg_trgm lives in (looked up once). */
  #trgmSchema(): Promise<string> {
    this.#trgm ??= sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`
      .execute(this.#c.db)
      .then(({ rows }) => {
        if (!rows[0]) throw new Error('pg_trgm is not installed: run the migrations');
        return rows[0].schema;
      })
      .catch((err: unknown) => {
        this.#trgm = undefined;
        throw err;
      });
    return this.#trgm;
  }
}
