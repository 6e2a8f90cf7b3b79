/**
 * SearchIndex on Elasticsearch (used when ELASTICSEARCH_URL is set). Documents live in a
 * versioned index `<alias>-v<n>` behind the alias `<alias>`; a full rebuild fills a new
 * version (also reachable as `<alias>-rebuild`, so live writes land in both), then swaps
 * the alias atomically and drops the old index: searches never see a half-built index.
 * Writes are bulk, with external versions (`sourceVersion`), so an older state never
 * replaces a newer one whatever order writes arrive in.
 */
import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import { SearchQueryError, SearchUnavailableError } from './errors.js';
import { facets, scopeFilter, sortOf, translate, visibilityFilter } from './elasticsearch-query.js';
import { indexTemplate, toSource } from './elasticsearch-template.js';
import { hasPositiveText } from './query-ast.js';
import { FACETS, titleSort, type FacetName, type IndexRebuild, type SearchDocument, type SearchIndex, type SearchRequest, type SearchResponse } from './search-index.js';

export interface ElasticsearchSearchIndexConfig {
  readonly client: Client;
  /** The alias searches use; versioned indices are `<alias>-v<n>`. */
  readonly alias?: string;
  /** Refresh after each write (tests): `wait_for` makes writes visible before returning. */
  readonly refresh?: boolean | 'wait_for';
}

type Op = Record<string, unknown>;

// null resets a setting to the cluster default (the client's types do not say so).
const RESET_BULK_SETTINGS = { refresh_interval: null, number_of_replicas: null } as unknown as estypes.IndicesIndexSettings;

export class ElasticsearchSearchIndex implements SearchIndex {
  readonly kind = 'elasticsearch';
  readonly #c: Required<ElasticsearchSearchIndexConfig>;
  #ready: Promise<void> | undefined;

  constructor(config: ElasticsearchSearchIndexConfig) {
    this.#c = Object.freeze({ alias: 'cairn-records', refresh: false, ...config });
  }

  get #rebuildAlias(): string {
    return `${this.#c.alias}-rebuild`;
  }

  /** Puts the index template and, when the alias is missing, creates the first version behind it. Idempotent. */
  init(): Promise<void> {
    this.#ready ??= this.#init().catch((err: unknown) => {
      this.#ready = undefined;
      throw unavailable(err);
    });
    return this.#ready;
  }

  async #init(): Promise<void> {
    const { client, alias } = this.#c;
    await client.indices.putIndexTemplate(indexTemplate(alias));
    if (await client.indices.existsAlias({ name: alias })) return;
    try {
      await client.indices.create({ index: `${alias}-v1`, aliases: { [alias]: { is_write_index: true } } });
    } catch (err) {
      // Another process created it first.
      if (!(err instanceof errors.ResponseError && err.body?.error?.type === 'resource_already_exists_exception')) throw err;
    }
  }

  /** Bulk-indexes into the alias (and a rebuild in progress); stale versions are skipped. */
  async upsert(docs: readonly SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.init();
    const targets = [this.#c.alias, ...(await this.#rebuilding())];
    await this.#bulk(docs, targets);
  }

  async #bulk(docs: readonly SearchDocument[], targets: readonly string[]): Promise<void> {
    for (const index of targets) {
      const operations: Op[] = docs.flatMap((d) => [
        { index: { _index: index, _id: d.key, version: d.sourceVersion, version_type: 'external_gte' } },
        toSource(d, titleSort),
      ]);
      // A rebuild's index does not refresh until its commit: never wait for it.
      await this.#send(operations, index === this.#c.alias ? this.#c.refresh : false);
    }
  }

  /** Deletes by key from the alias (and a rebuild in progress). */
  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.init();
    for (const index of [this.#c.alias, ...(await this.#rebuilding())]) {
      await this.#send(keys.map((key) => ({ delete: { _index: index, _id: key } })), index === this.#c.alias ? this.#c.refresh : false);
    }
  }

  async #send(operations: Op[], refresh: boolean | 'wait_for'): Promise<void> {
    for (let i = 0; i < operations.length; i += 2000) {
      const chunk = operations.slice(i, i + 2000);
      const res = await this.#call(() => this.#c.client.bulk({ operations: chunk, refresh }));
      if (!res.errors) continue;
      // A version conflict means a newer state is already there; a missing document was already gone.
      const failed = res.items
        .map((item) => Object.values(item)[0]!)
        .filter((r) => r.error && r.status !== 409 && r.status !== 404);
      if (failed.length > 0) throw new Error(`Elasticsearch refused ${failed.length} write(s): ${failed[0]!.error?.type}: ${failed[0]!.error?.reason}`);
    }
  }

  /** Indices of a rebuild in progress (they get live writes too). */
  async #rebuilding(): Promise<string[]> {
    const res = await this.#call(() => this.#c.client.indices.getAlias({ name: this.#rebuildAlias }, { ignore: [404] }));
    return Object.keys(res ?? {}).filter((k) => k.startsWith(`${this.#c.alias}-v`));
  }

  /** Keys and fingerprints in key order, via search_after. */
  async fingerprints(after: string | null, size: number): Promise<Array<{ key: string; fingerprint: string }>> {
    await this.init();
    const res = await this.#call(() =>
      this.#c.client.search<{ fingerprint: string }>({
        index: this.#c.alias,
        size,
        sort: [{ key: { order: 'asc' } }],
        ...(after !== null ? { search_after: [after] } : {}),
        _source: ['fingerprint'],
        query: { match_all: {} },
      }),
    );
    return res.hits.hits.map((h) => ({ key: h._id!, fingerprint: h._source!.fingerprint }));
  }

  /** Fills `<alias>-v<now>`; `commit` swaps the alias to it and deletes the old version. */
  async beginRebuild(): Promise<IndexRebuild> {
    await this.init();
    const { client, alias } = this.#c;
    const index = `${alias}-v${Date.now()}`;
    await this.#call(() =>
      client.indices.create({
        index,
        settings: { refresh_interval: '-1', number_of_replicas: 0 },
        aliases: { [this.#rebuildAlias]: {} },
      }),
    );
    return {
      write: (docs) => this.#bulk(docs, [index]),
      commit: async () => {
        await this.#call(() => client.indices.putSettings({ index, settings: RESET_BULK_SETTINGS }));
        await this.#call(() => client.indices.refresh({ index }));
        const current = Object.keys((await this.#call(() => client.indices.getAlias({ name: alias }, { ignore: [404] }))) ?? {});
        const before = current.length ? (await this.#call(() => client.count({ index: current }))).count : 0;
        const after = (await this.#call(() => client.count({ index }))).count;
        await this.#call(() =>
          client.indices.updateAliases({
            actions: [
              ...current.map((old) => ({ remove: { index: old, alias } })),
              { add: { index, alias, is_write_index: true } },
              { remove: { index, alias: this.#rebuildAlias } },
            ],
          }),
        );
        if (current.length) await this.#call(() => client.indices.delete({ index: current }));
        return { removed: Math.max(0, before - after) };
      },
      abort: async () => {
        await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
      },
    };
  }

  /** Makes writes so far visible to search. */
  async refresh(): Promise<void> {
    await this.init();
    await this.#call(() => this.#c.client.indices.refresh({ index: this.#c.alias }));
  }

  async close(): Promise<void> {
    await this.#c.client.close();
  }

  /** Translates and runs a search; see elasticsearch-query.ts. */
  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.init();
    const ranked = hasPositiveText(request.query);
    const { postFilter, aggs } = facets(request.filters, request.facetSize);
    const filter = [...scopeFilter(request.scope), ...visibilityFilter(request.visibility)];
    const body: estypes.SearchRequest = {
      index: this.#c.alias,
      query: { bool: { filter, ...(request.query ? { must: [translate(request.query)] } : {}) } },
      ...(postFilter ? { post_filter: postFilter } : {}),
      ...(request.facetSize > 0 ? { aggs } : {}),
      sort: sortOf(request.sort, ranked),
      size: request.size,
      ...(request.after ? { search_after: [...request.after] } : { from: request.from ?? 0 }),
      track_total_hits: true,
      _source: ['source'],
    };
    const res = await this.#call(() => this.#c.client.search<{ source: Record<string, unknown> }>(body));
    const total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
    const out: Partial<Record<FacetName, Array<{ key: string; count: number }>>> = {};
    if (request.facetSize > 0) {
      for (const f of FACETS) {
        const agg = res.aggregations?.[f] as { values?: { buckets?: Array<{ key: string | number; doc_count: number }> } } | undefined;
        out[f] = (agg?.values?.buckets ?? []).map((b) => ({ key: String(b.key), count: b.doc_count }));
      }
    }
    return {
      total,
      hits: res.hits.hits.map((h) => ({ key: h._id!, source: h._source!.source, sortValues: (h.sort ?? []) as Array<string | number> })),
      facets: out,
    };
  }

  /** Runs a client call, turning transport failures into SearchUnavailableError. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err);
    }
  }
}

function unavailable(err: unknown): Error {
  if (err instanceof errors.ResponseError && err.meta.statusCode === 400) {
    return new SearchQueryError(`the search engine refused the query (${err.body?.error?.type ?? 'bad request'})`, 1);
  }
  if (err instanceof errors.ElasticsearchClientError) return new SearchUnavailableError(`Elasticsearch: ${err.message}`);
  return err as Error;
}
