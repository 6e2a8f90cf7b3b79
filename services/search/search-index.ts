/**
 * The SearchIndex port: what the search context needs from a search engine. Adapters:
 * `PostgresSearchIndex` (full text in the application database; PGlite or a server)
 * and `ElasticsearchSearchIndex` (when ELASTICSEARCH_URL is set). Both are held to one
 * contract suite (`search-index.contract.ts`).
 *
 * Documents are written only by the indexer (outbox handler, reindex); the index never
 * reads the records' tables. Permissions travel with each document (`readers`,
 * `accessRecord`) so the caller's ReadFilter is applied inside the query, and counts and
 * facets never include what the caller may not see.
 */
import type { ReadFilter } from '../access/policy.js';
import type { QueryNode } from './query-ast.js';

/** Facets, by the name used in query strings (`?type=Dataset&type=Image`) and aggregations. */
export const FACETS = ['type', 'access_status', 'year', 'subject', 'affiliation', 'language', 'file_format'] as const;
export type FacetName = (typeof FACETS)[number];

export const SORTS = ['bestmatch', 'newest', 'oldest', 'title', 'updated'] as const;
export type SortName = (typeof SORTS)[number];

/** Stemming languages; a document is analyzed in one of them ('simple': no stemming). */
export const TEXT_LANGUAGES = ['english', 'german', 'french', 'spanish', 'italian', 'portuguese', 'dutch', 'simple'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

export type AccessStatus = 'open' | 'embargoed' | 'restricted' | 'metadata-only';

/** The `title` sort key: case-insensitive, compared by code point (the same on every engine). */
export function titleSort(title: string): string {
  return title.trim().toLowerCase().slice(0, 200);
}

/** One indexed draft or published record, flattened for search. */
export interface SearchDocument {
  /** Unique: the record id, plus `:draft` for a draft (a record and its edit draft share the id). */
  readonly key: string;
  readonly recordId: string;
  readonly isDraft: boolean;
  readonly parentId: string;
  readonly ownerId: string;
  /** Principals that may read it whatever its access level (`readersOf`). */
  readonly readers: readonly string[];
  readonly accessRecord: 'public' | 'restricted';
  readonly accessStatus: AccessStatus;
  /** The newest live published version of its concept (false for drafts). */
  readonly isLatest: boolean;
  /** A published record with an open edit draft: the owner's listing shows the draft instead. */
  readonly shadowed: boolean;
  readonly versionIndex: number;
  readonly textLanguage: TextLanguage;
  /** The main title (sorting), and every title (matching, highest weight). */
  readonly title: string;
  readonly titles: readonly string[];
  /** Creator names (next weight), subjects (next), descriptions (after them). */
  readonly creators: readonly string[];
  readonly subjects: readonly string[];
  readonly descriptions: readonly string[];
  readonly publisher: string | null;
  /** Other words worth finding (contributors, identifiers, funders), lowest weight. */
  readonly other: readonly string[];
  /** Lower-case DOI. */
  readonly doi: string | null;
  /** resourceTypeGeneral (the `type` facet) and the free-text resourceType. */
  readonly resourceType: string | null;
  readonly resourceTypeSpecific: string | null;
  /** Lower-case ISO 639 code. */
  readonly language: string | null;
  readonly year: number | null;
  readonly affiliations: readonly string[];
  readonly fileFormats: readonly string[];
  readonly created: Date;
  readonly updated: Date;
  /** Version of the source (ms of its last change): an older write never replaces a newer one. */
  readonly sourceVersion: number;
  /** Hash of everything else; `index:check` compares it with what the database would give. */
  readonly fingerprint: string;
  /** What a hit hands back: the record as the records service reports it (JSON). */
  readonly source: Record<string, unknown>;
}

export type FacetFilters = Readonly<Partial<Record<FacetName, readonly string[]>>>;

/** Which documents a search looks at, before the query and the caller's ReadFilter. */
export type SearchScope =
  /** Published records; only each concept's latest version unless `allVersions`. */
  | { readonly kind: 'published'; readonly allVersions: boolean }
  /** An owner's drafts and records (one per id: the draft when there is one). */
  | { readonly kind: 'owned'; readonly ownerId: string };

/** Sort values of a hit (its position in the order), handed back as `after` for the next page. */
export type SortValues = readonly (string | number)[];

export interface SearchRequest {
  readonly query: QueryNode | null;
  readonly filters: FacetFilters;
  readonly scope: SearchScope;
  readonly visibility: ReadFilter;
  /** `bestmatch` without a text query orders as `newest`. */
  readonly sort: SortName;
  readonly size: number;
  /** Offset paging… */
  readonly from?: number;
  /** …or keyset paging: the sort values of the last hit seen (takes precedence). */
  readonly after?: SortValues;
  /** Buckets per facet; 0 skips aggregations. */
  readonly facetSize: number;
}

export interface SearchHit {
  readonly key: string;
  readonly source: Record<string, unknown>;
  readonly sortValues: SortValues;
}

export interface FacetBucket {
  readonly key: string;
  readonly count: number;
}

export interface SearchResponse {
  /** Every match the caller may see (exact). */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /**
   * Counts per facet value over the matches, applying every facet filter except the
   * facet's own (so one can add values to a facet), most frequent first.
   */
  readonly facets: Readonly<Partial<Record<FacetName, readonly FacetBucket[]>>>;
}

/** A full rebuild in progress: writes go to the next generation; `commit` swaps it in. */
export interface IndexRebuild {
  /** Writes a batch of the new generation (also guarded by `sourceVersion`). */
  write(docs: readonly SearchDocument[]): Promise<void>;
  /** Makes the new generation current and drops every document the rebuild did not write. Returns how many were dropped. */
  commit(): Promise<{ removed: number }>;
  /** Abandons the rebuild; the current generation stays as it was. Never throws. */
  abort(): Promise<void>;
}

export interface SearchIndex {
  readonly kind: 'postgres' | 'elasticsearch';
  /** Prepares the engine (Elasticsearch: template, first index, alias). Idempotent. */
  init(): Promise<void>;
  /** Writes documents in bulk; one whose `sourceVersion` is older than the stored one is ignored. */
  upsert(docs: readonly SearchDocument[]): Promise<void>;
  /** Removes documents by key; unknown keys are ignored. */
  remove(keys: readonly string[]): Promise<void>;
  /** Runs a search. Throws SearchUnavailableError when the engine does not answer. */
  search(request: SearchRequest): Promise<SearchResponse>;
  /** Keys and fingerprints in key order after `after` (keyset paging), for `index:check`. */
  fingerprints(after: string | null, size: number): Promise<Array<{ key: string; fingerprint: string }>>;
  /** Starts a full rebuild with no downtime: searches see the current generation until `commit`. */
  beginRebuild(): Promise<IndexRebuild>;
  /** Makes every write so far visible to search (Elasticsearch refresh). */
  refresh?(): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}
