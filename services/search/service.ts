/**
 * Searching records: parses the query, applies the caller's ReadFilter inside the index
 * query (so totals and facet counts only ever count what the caller may see), pages by
 * offset or by cursor, and hands back hits as the records service reports records.
 */
import type { Identity } from '../access/identity.js';
import { readFilter } from '../access/policy.js';
import { UnauthenticatedError } from '../platform/errors.js';
import type { RecordResult } from '../records/service.js';
import { SearchParameterError } from './errors.js';
import { hasPositiveText } from './query-ast.js';
import { parseQuery } from './query-parser.js';
import { reviveResult } from './record-source.js';
import { FACETS, type FacetFilters, type FacetName, type SearchIndex, type SearchScope, type SortName, type SortValues } from './search-index.js';

export interface SearchServiceConfig {
  readonly index: SearchIndex;
  /** Applies pending index tasks before an owner's search (read your own writes). */
  readonly catchUp?: () => Promise<unknown>;
  /** Deepest hit reachable by page number; beyond it, follow the cursor. */
  readonly maxWindow?: number;
  /** Buckets per facet. */
  readonly facetSize?: number;
}

export interface SearchParams {
  readonly q?: string;
  readonly sort?: SortName;
  readonly page?: number;
  readonly size: number;
  /** A cursor from `next` of an earlier page (takes precedence over `page`). */
  readonly after?: string;
  /** Every published version, not only each concept's latest (published search only). */
  readonly allVersions?: boolean;
  readonly filters?: Partial<Record<FacetName, readonly string[]>>;
}

export interface FacetAggregation {
  buckets: Array<{ key: string; doc_count: number; is_selected: boolean }>;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: RecordResult[];
  readonly aggregations: Record<FacetName, FacetAggregation>;
  /** The order applied (`bestmatch` without words orders as `newest`). */
  readonly sort: SortName;
  readonly page: number;
  readonly size: number;
  /** Cursor of the page after this one, when there may be one. */
  readonly next: string | undefined;
  /** The next page's number, when it is within the window reachable by number. */
  readonly nextPage: number | undefined;
  readonly usedCursor: boolean;
}

export const MAX_WINDOW = 10_000;

export class SearchService {
  readonly #c: Required<Omit<SearchServiceConfig, 'catchUp'>> & Pick<SearchServiceConfig, 'catchUp'>;
  constructor(config: SearchServiceConfig) {
    this.#c = Object.freeze({ maxWindow: MAX_WINDOW, facetSize: 10, ...config });
  }

  /**
   * Published records the caller may see (default: each concept's latest version).
   * Throws SearchQueryError/SearchParameterError (400), SearchUnavailableError (503).
   */
  async searchRecords(identity: Identity, params: SearchParams): Promise<SearchResult> {
    return this.#search(identity, params, { kind: 'published', allVersions: params.allVersions ?? false }, 'bestmatch');
  }

  /**
   * The caller's drafts and records (one per id: the draft when there is one), with the
   * same query syntax; newest change first without words. Throws UnauthenticatedError
   * (401) for anonymous callers, then as `searchRecords`.
   */
  async searchOwned(identity: Identity, params: SearchParams): Promise<SearchResult> {
    if (identity.kind !== 'user') throw new UnauthenticatedError('Sign in to list your records.');
    await this.#c.catchUp?.();
    return this.#search(identity, params, { kind: 'owned', ownerId: identity.id }, 'updated');
  }

  async #search(identity: Identity, params: SearchParams, scope: SearchScope, browseSort: SortName): Promise<SearchResult> {
    const query = parseQuery(params.q ?? '');
    const requested = params.sort ?? (hasPositiveText(query) ? 'bestmatch' : browseSort);
    const sort: SortName = requested === 'bestmatch' && !hasPositiveText(query) ? browseSort : requested;
    const page = params.page ?? 1;
    const after = params.after !== undefined ? decodeCursor(params.after, sort) : undefined;
    if (!after && page * params.size > this.#c.maxWindow) {
      throw new SearchParameterError('page', `only the first ${this.#c.maxWindow} hits can be reached by page number; follow links.next (a cursor) to go further`);
    }
    const filters = normalizeFilters(params.filters ?? {});
    const response = await this.#c.index.search({
      query,
      filters,
      scope,
      visibility: readFilter(identity),
      sort,
      size: params.size,
      ...(after ? { after } : { from: (page - 1) * params.size }),
      facetSize: this.#c.facetSize,
    });
    const last = response.hits[response.hits.length - 1];
    const seen = after ? undefined : (page - 1) * params.size + response.hits.length;
    const more = after ? response.hits.length === params.size : seen! < response.total;
    const aggregations = Object.fromEntries(
      FACETS.map((f) => [
        f,
        { buckets: (response.facets[f] ?? []).map((b) => ({ key: b.key, doc_count: b.count, is_selected: (filters[f] ?? []).includes(b.key) })) },
      ]),
    ) as Record<FacetName, FacetAggregation>;
    return {
      total: response.total,
      hits: response.hits.map((h) => reviveResult(h.source)),
      aggregations,
      sort,
      page,
      size: params.size,
      next: more && last ? encodeCursor(sort, last.sortValues) : undefined,
      nextPage: more && !after && (page + 1) * params.size <= this.#c.maxWindow ? page + 1 : undefined,
      usedCursor: after !== undefined,
    };
  }
}

/** Lower-cases case-insensitive facets and checks years; drops empty values. Throws SearchParameterError. */
function normalizeFilters(filters: Partial<Record<FacetName, readonly string[]>>): FacetFilters {
  const out: Partial<Record<FacetName, string[]>> = {};
  for (const f of FACETS) {
    const values = [...new Set((filters[f] ?? []).map((v) => v.trim()).filter((v) => v !== ''))];
    if (values.length === 0) continue;
    if (f === 'year') {
      const bad = values.find((v) => !/^\d{1,4}$/.test(v));
      if (bad !== undefined) throw new SearchParameterError('year', `must be a year such as 2021 (got ${JSON.stringify(bad)})`);
    }
    out[f] = f === 'language' || f === 'file_format' ? values.map((v) => v.toLowerCase()) : values;
  }
  return out;
}

function encodeCursor(sort: SortName, values: SortValues): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString('base64url');
}

/** Throws SearchParameterError unless `cursor` came from a search with the same order. */
function decodeCursor(cursor: string, sort: SortName): SortValues {
  const bad = () => new SearchParameterError('after', 'is not a cursor from links.next of a search with this sort order');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const c = parsed as { s?: unknown; v?: unknown };
  if (!c || c.s !== sort || !Array.isArray(c.v) || c.v.length !== 2 || typeof c.v[1] !== 'string') throw bad();
  const [first] = c.v as unknown[];
  const ok = sort === 'title' ? typeof first === 'string' && first.length <= 1000 : typeof first === 'number' && Number.isFinite(first);
  if (!ok) throw bad();
  return c.v as SortValues;
}
