/**
 * SearchIndex on PostgreSQL full-text search, in the application database (PGlite or a
 * server): `search_documents` with a weighted, per-language tsvector and a GIN index;
 * facets by SQL aggregates over the matches; the trigram lexicon for prefixes and typos.
 * Tables, the tsvector, indexes and triggers are in migration 2026-11-22T0300_search.
 *
 * One search is one statement (after a short analysis of the words): the matches are
 * materialized once, then counted, paged and aggregated per facet from there.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import { hasPositiveText, textNodes, type TextNode } from './query-ast.js';
import { activeFacets, and, FACET_COLUMNS, rankQuery, sortPlan, whereFacet, whereQuery, whereScope, whereVisible } from './postgres-query.js';
import { analyzeText, type AnalyzedText } from './postgres-text.js';
import {
  FACETS,
  titleSort,
  type FacetBucket,
  type FacetName,
  type IndexRebuild,
  type SearchDocument,
  type SearchIndex,
  type SearchRequest,
  type SearchResponse,
} from './search-index.js';

export interface PostgresSearchIndexConfig {
  readonly db: Kysely<Database>;
  /** Documents per INSERT statement. */
  readonly batchSize?: number;
}

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
  #trgm: Promise<string> | undefined;

  constructor(config: PostgresSearchIndexConfig) {
    this.#c = Object.freeze({ batchSize: 500, ...config });
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
        return { removed: Number(r.numDeletedRows) };
      },
      abort: async () => undefined,
    };
  }

  /** Searches; see the module comment for the shape of the statement. */
  async search(request: SearchRequest): Promise<SearchResponse> {
    const nodes = textNodes(request.query);
    const analyzed = new Map<TextNode, AnalyzedText>();
    const results = await analyzeText(this.#c.db, nodes, await this.#trgmSchema());
    nodes.forEach((n, i) => analyzed.set(n, results[i]!));

    const sort = sortPlan(request.sort, rankQuery(request.query, analyzed));
    const facetNames = request.facetSize > 0 ? [...FACETS] : [];
    const active = activeFacets(request.filters);
    const flag = (f: FacetName) => sql.id(`f_${f}`);
    const allFilters = and(active.map((f) => sql<boolean>`m.${flag(f)}`));
    const except = (f: FacetName) => and(active.filter((a) => a !== f).map((a) => sql<boolean>`m.${flag(a)}`));

    const matchSelect: RawBuilder<unknown>[] = [sql`d.key`, sort.select];
    for (const f of facetNames) matchSelect.push(sql`d.${sql.id(FACET_COLUMNS[f].column)}`);
    for (const f of active) matchSelect.push(sql`${whereFacet(f, request.filters[f]!)} as ${flag(f)}`);
    const where = and([whereScope(request.scope), whereVisible(request.visibility), request.query ? whereQuery(request.query, analyzed) : sql<boolean>`true`]);

    const page = request.after
      ? sql`where ${allFilters} and ${sort.after(request.after)} order by ${sort.orderBy} limit ${request.size}`
      : sql`where ${allFilters} order by ${sort.orderBy} limit ${request.size} offset ${request.from ?? 0}`;
    const facetSelects = facetNames.map((f) => {
      const c = FACET_COLUMNS[f];
      const counts = c.array
        ? sql`select v as value, count(*)::int as n from m cross join unnest(m.${sql.id(c.column)}) as v where ${except(f)} group by v`
        : sql`select ${c.value} as value, count(*)::int as n from m where ${c.value} is not null and ${except(f)} group by 1`;
      return sql`(select coalesce(json_agg(json_build_array(x.value, x.n) order by x.n desc, x.value), '[]'::json)
          from (${counts} order by n desc, value limit ${request.facetSize}) x) as ${sql.id(`a_${f}`)}`;
    });

    const statement = sql<Record<string, unknown>>`
      with m as materialized (select ${sql.join(matchSelect)} from search_documents d where ${where})
      select
        (select count(*)::int from m where ${allFilters}) as total,
        (select coalesce(json_agg(json_build_object('key', p.key, 's', p.s, 'source', d.source) order by p.ord), '[]'::json)
           from (select m.key, m.s, row_number() over (order by ${sort.orderBy}) as ord from m ${page}) p
           join search_documents d on d.key = p.key) as hits
        ${facetSelects.length ? sql`, ${sql.join(facetSelects)}` : sql``}`;
    const rows = await this.#c.db.transaction().execute(async (trx) => {
      // Matching words through the GIN indexes beats a scan even for common words: a scan would
      // de-TOAST every description vector, a cost the planner does not see.
      if (hasPositiveText(request.query)) await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local random_page_cost = 1.1`.execute(trx);
      await sql`set local work_mem = '32MB'`.execute(trx);
      return (await statement.execute(trx)).rows;
    });
    const row = rows[0]!;
    const facets: Partial<Record<FacetName, FacetBucket[]>> = {};
    for (const f of facetNames) facets[f] = (row[`a_${f}`] as Array<[string, number]>).map(([key, count]) => ({ key: String(key), count }));
    const hits = (row.hits as Array<{ key: string; s: unknown; source: Record<string, unknown> }>).map((h) => ({
      key: h.key,
      source: h.source,
      sortValues: sort.values(h),
    }));
    return { total: Number(row.total), hits, facets };
  }

  /** The schema pg_trgm lives in (looked up once). */
  #trgmSchema(): Promise<string> {
    this.#trgm ??= sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`
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
