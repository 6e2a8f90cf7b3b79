/**
 * The query language, scope, ReadFilter, facets and sorts as Elasticsearch query DSL.
 * Facet filters go into `post_filter` (hits and total) and into each facet's filter
 * aggregation except its own, the same semantics the PostgreSQL adapter computes.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { ReadFilter } from '../access/policy.js';
import { normalizeDoi, type QueryNode, type TextField } from './query-ast.js';
import { LANGUAGE_ANALYZERS } from './elasticsearch-template.js';
import { FACETS, type FacetFilters, type FacetName, type SearchRequest, type SortName } from './search-index.js';

type Q = estypes.QueryDslQueryContainer;

const withLanguages = (field: string, boost: number) => [`${field}^${boost}`, ...LANGUAGE_ANALYZERS.map((a) => `${field}.${a}^${boost}`)];

/** Fields a word looks in, weighted like the PostgreSQL ranks (titles, then creators and subjects, then the rest). */
const TEXT_FIELDS: Record<TextField | 'all', string[]> = {
  all: [...withLanguages('titles', 10), 'creators^4', ...withLanguages('subjects', 4), ...withLanguages('descriptions', 1), 'publisher^1', 'other^1'],
  title: withLanguages('titles', 1),
  creator: ['creators'],
  subject: withLanguages('subjects', 1),
  publisher: ['publisher'],
};
/** Prefixes match words as written (the standard analysis), not stems. */
const PREFIX_FIELDS: Record<TextField | 'all', string[]> = {
  all: ['titles^10', 'creators^4', 'subjects^4', 'descriptions', 'publisher', 'other'],
  title: ['titles'],
  creator: ['creators'],
  subject: ['subjects'],
  publisher: ['publisher'],
};

export function translate(node: QueryNode): Q {
  switch (node.kind) {
    case 'and':
      return { bool: { must: node.children.map(translate) } };
    case 'or':
      return { bool: { should: node.children.map(translate), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [translate(node.child)] } };
    case 'text': {
      const field = node.field ?? 'all';
      if (node.prefix) return { multi_match: { query: node.value, type: 'bool_prefix', operator: 'and', fields: PREFIX_FIELDS[field] } };
      if (node.phrase) return { multi_match: { query: node.value, type: 'phrase', fields: TEXT_FIELDS[field], zero_terms_query: 'all' } };
      // Typos: one edit from 5 letters, two from 8 (the first letter must match).
      return {
        multi_match: { query: node.value, type: 'best_fields', operator: 'and', fields: TEXT_FIELDS[field], fuzziness: 'AUTO:5,8', prefix_length: 1, zero_terms_query: 'all' },
      };
    }
    case 'keyword': {
      const value = node.field === 'doi' ? normalizeDoi(node.value) : node.value.toLowerCase();
      const fields = node.field === 'doi' ? ['doi'] : node.field === 'language' ? ['language'] : ['resource_type.lc', 'resource_type_specific.lc'];
      const one = (f: string): Q => (node.prefix ? { prefix: { [f]: { value } } } : { term: { [f]: { value } } });
      return fields.length === 1 ? one(fields[0]!) : { bool: { should: fields.map(one), minimum_should_match: 1 } };
    }
    case 'range':
      return { range: { year: { ...(node.gte !== null ? { gte: node.gte } : {}), ...(node.lte !== null ? { lte: node.lte } : {}) } } };
  }
}

export function visibilityFilter(filter: ReadFilter): Q[] {
  if (filter.kind === 'all') return [];
  const open: Q = { bool: { filter: [{ term: { access_record: 'public' } }, { term: { is_draft: false } }] } };
  if (filter.principals.length === 0) return [open];
  return [{ bool: { should: [open, { terms: { readers: filter.principals } }], minimum_should_match: 1 } }];
}

export function scopeFilter(scope: SearchRequest['scope']): Q[] {
  if (scope.kind === 'owned') return [{ term: { owner_id: scope.ownerId } }, { term: { shadowed: false } }];
  return scope.allVersions ? [{ term: { is_draft: false } }] : [{ term: { is_draft: false } }, { term: { is_latest: true } }];
}

const FACET_FIELDS: Record<FacetName, string> = {
  type: 'resource_type',
  access_status: 'access_status',
  year: 'year',
  subject: 'subject_values',
  affiliation: 'affiliations',
  language: 'language',
  file_format: 'file_formats',
};

function facetFilter(name: FacetName, values: readonly string[]): Q {
  return { terms: { [FACET_FIELDS[name]]: name === 'year' ? values.map(Number) : [...values] } };
}

/** `post_filter` and the facet aggregations (each ignoring its own filter). */
export function facets(filters: FacetFilters, size: number): { postFilter: Q | undefined; aggs: Record<string, estypes.AggregationsAggregationContainer> } {
  const active = FACETS.filter((f) => (filters[f]?.length ?? 0) > 0);
  const postFilter: Q | undefined = active.length > 0 ? { bool: { filter: active.map((f) => facetFilter(f, filters[f]!)) } } : undefined;
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  if (size > 0) {
    for (const f of FACETS) {
      aggs[f] = {
        filter: { bool: { filter: active.filter((a) => a !== f).map((a) => facetFilter(a, filters[a]!)) } },
        aggs: { values: { terms: { field: FACET_FIELDS[f], size, order: [{ _count: 'desc' }, { _key: 'asc' }] } } },
      };
    }
  }
  return { postFilter, aggs };
}

export function sortOf(sort: SortName, ranked: boolean): estypes.SortCombinations[] {
  const tie: estypes.SortCombinations = { key: { order: 'asc' } };
  if (sort === 'bestmatch' && ranked) return [{ _score: { order: 'desc' } }, tie];
  if (sort === 'title') return [{ title_sort: { order: 'asc' } }, tie];
  if (sort === 'oldest') return [{ created: { order: 'asc' } }, tie];
  if (sort === 'updated') return [{ updated: { order: 'desc' } }, tie];
  return [{ created: { order: 'desc' } }, tie];
}
