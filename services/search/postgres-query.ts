/**
 * SQL pieces of a search on `search_documents` (alias `d`): the query tree as a boolean
 * expression, the caller's ReadFilter, the scope, facet filters and sort orders.
 * Every value is a bound parameter; tsqueries come from `postgres-text.ts`.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ReadFilter } from '../access/policy.js';
import { normalizeDoi, type QueryNode, type TextNode } from './query-ast.js';
import type { AnalyzedText } from './postgres-text.js';
import type { FacetFilters, FacetName, SearchScope, SortName, SortValues } from './search-index.js';

type Bool = RawBuilder<boolean>;
const TRUE: Bool = sql<boolean>`true`;

export function and(parts: readonly Bool[]): Bool {
  const real = parts.filter((p) => p !== TRUE);
  if (real.length === 0) return TRUE;
  return real.length === 1 ? real[0]! : sql<boolean>`(${sql.join(real, sql` and `)})`;
}

/** The query tree as a boolean expression over `d`. */
export function whereQuery(node: QueryNode, analyzed: ReadonlyMap<TextNode, AnalyzedText>): Bool {
  switch (node.kind) {
    case 'and':
      return sql<boolean>`(${sql.join(node.children.map((c) => whereQuery(c, analyzed)), sql` and `)})`;
    case 'or':
      return sql<boolean>`(${sql.join(node.children.map((c) => whereQuery(c, analyzed)), sql` or `)})`;
    case 'not':
      // Leaves may be NULL (a record without a year): under a negation that must read as false.
      return sql<boolean>`(not coalesce(${whereQuery(node.child, analyzed)}, false))`;
    case 'text': {
      const a = analyzed.get(node)!;
      if (!a.tsquery) return TRUE;
      // A field restricts lexemes by weight: the GIN index finds candidates, PostgreSQL re-checks the weights.
      let match = sql<boolean>`d.tsv @@ ${a.fieldQuery ?? a.tsquery}::tsquery`;
      // Publisher words share weight D with descriptions: re-check them on the column itself.
      if (node.field === 'publisher') match = sql<boolean>`(${match} and to_tsvector('simple'::regconfig, d.publisher) @@ ${a.tsquery}::tsquery)`;
      if (a.stopConfigs.length > 0) match = sql<boolean>`(${match} or d.text_config::text = any(${[...a.stopConfigs]}::text[]))`;
      return match;
    }
    case 'keyword': {
      const column = node.field === 'doi' ? [sql`d.doi`] : node.field === 'language' ? [sql`d.language`] : [sql`lower(d.resource_type)`, sql`lower(d.resource_type_specific)`];
      const value = node.field === 'doi' ? normalizeDoi(node.value) : node.value.toLowerCase();
      const tests = column.map((c) => (node.prefix ? sql<boolean>`starts_with(${c}, ${value})` : sql<boolean>`${c} = ${value}`));
      return tests.length === 1 ? tests[0]! : sql<boolean>`(${sql.join(tests, sql` or `)})`;
    }
    case 'range': {
      const parts: Bool[] = [sql<boolean>`d.year is not null`];
      if (node.gte !== null) parts.push(sql<boolean>`d.year >= ${node.gte}`);
      if (node.lte !== null) parts.push(sql<boolean>`d.year <= ${node.lte}`);
      return and(parts);
    }
  }
}

/** The tsquery that ranks hits: every text node not under a negation, OR-ed. */
export function rankQuery(node: QueryNode | null, analyzed: ReadonlyMap<TextNode, AnalyzedText>): string | null {
  const parts: string[] = [];
  const walk = (n: QueryNode) => {
    if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
    else if (n.kind === 'text') {
      const a = analyzed.get(n);
      const q = a?.fieldQuery ?? a?.tsquery;
      if (q) parts.push(`( ${q} )`);
    }
  };
  if (node) walk(node);
  return parts.length > 0 ? parts.join(' | ') : null;
}

/** The policy's ReadFilter inside the query: public published records, or a shared principal. */
export function whereVisible(filter: ReadFilter): Bool {
  if (filter.kind === 'all') return TRUE;
  const open = sql<boolean>`(d.access_record = 'public' and not d.is_draft)`;
  if (filter.principals.length === 0) return open;
  return sql<boolean>`(${open} or d.readers && ${[...filter.principals]}::text[])`;
}

export function whereScope(scope: SearchScope): Bool {
  if (scope.kind === 'owned') return sql<boolean>`(d.owner_id = ${scope.ownerId} and not d.shadowed)`;
  return scope.allVersions ? sql<boolean>`not d.is_draft` : sql<boolean>`(not d.is_draft and d.is_latest)`;
}

interface FacetColumn {
  /** The value expression (over `m`, the matches). */
  readonly value: RawBuilder<unknown>;
  /** Whether the column holds an array. */
  readonly array: boolean;
}

export const FACET_COLUMNS: Record<FacetName, FacetColumn & { column: string }> = {
  type: { column: 'resource_type', value: sql`resource_type`, array: false },
  access_status: { column: 'access_status', value: sql`access_status`, array: false },
  year: { column: 'year', value: sql`year::text`, array: false },
  language: { column: 'language', value: sql`language`, array: false },
  subject: { column: 'subject_values', value: sql`subject_values`, array: true },
  affiliation: { column: 'affiliations', value: sql`affiliations`, array: true },
  file_format: { column: 'file_formats', value: sql`file_formats`, array: true },
};

/** One facet filter over `d` (values OR-ed). */
export function whereFacet(name: FacetName, values: readonly string[]): Bool {
  const c = FACET_COLUMNS[name];
  const col = sql.ref(`d.${c.column}`);
  if (name === 'year') return sql<boolean>`${col} = any(${values.map(Number)}::int[])`;
  if (c.array) return sql<boolean>`${col} && ${[...values]}::text[]`;
  return sql<boolean>`${col} = any(${[...values]}::text[])`;
}

export function activeFacets(filters: FacetFilters): FacetName[] {
  return (Object.keys(filters) as FacetName[]).filter((f) => (filters[f]?.length ?? 0) > 0);
}

export interface SortPlan {
  readonly name: SortName;
  /** The sort value of a row of `d`. */
  readonly value: RawBuilder<unknown>;
  /** ORDER BY over a relation with columns `s` (the value) and `key`. */
  orderBy(rel: string): RawBuilder<unknown>;
  /** The keyset condition "after `values`" over such a relation. */
  after(rel: string, values: SortValues): Bool;
  /** The sort values of a hit row. */
  values(row: { s: unknown; key: string }): SortValues;
}

// Weights by label {D, C, B, A}: descriptions and the rest, subjects, creators, titles.
const RANK_WEIGHTS = '{0.1, 0.4, 0.4, 1.0}';

/** Sort plans; `bestmatch` needs the rank tsquery (callers fall back to `newest` without one). */
export function sortPlan(name: SortName, rank: string | null): SortPlan {
  const ref = (rel: string, column: string) => sql.ref(`${rel}.${column}`);
  if (name === 'bestmatch' && rank) {
    return {
      name,
      // Normalization 1: divide by 1 + log(length), so long descriptions do not drown titles.
      value: sql`ts_rank(${RANK_WEIGHTS}::real[], d.tsv, ${rank}::tsquery, 1)`,
      orderBy: (r) => sql`${ref(r, 's')} desc, ${ref(r, 'key')}`,
      after: (r, [v, k]) => sql<boolean>`(${ref(r, 's')} < ${v}::real or (${ref(r, 's')} = ${v}::real and ${ref(r, 'key')} > ${k}))`,
      values: (row) => [Number(row.s), row.key],
    };
  }
  const effective = name === 'bestmatch' ? 'newest' : name;
  if (effective === 'title') {
    return {
      name: effective,
      value: sql`d.title_sort`,
      orderBy: (r) => sql`${ref(r, 's')}, ${ref(r, 'key')}`,
      after: (r, [v, k]) => sql<boolean>`(${ref(r, 's')}, ${ref(r, 'key')}) > (${v}, ${k})`,
      values: (row) => [String(row.s), row.key],
    };
  }
  const column = effective === 'updated' ? sql`d.updated` : sql`d.created`;
  const desc = effective !== 'oldest';
  return {
    name: effective,
    value: column,
    orderBy: (r) => (desc ? sql`${ref(r, 's')} desc, ${ref(r, 'key')}` : sql`${ref(r, 's')}, ${ref(r, 'key')}`),
    after: (r, [v, k]) => {
      const at = new Date(Number(v));
      return desc
        ? sql<boolean>`(${ref(r, 's')} < ${at} or (${ref(r, 's')} = ${at} and ${ref(r, 'key')} > ${k}))`
        : sql<boolean>`(${ref(r, 's')}, ${ref(r, 'key')}) > (${at}::timestamptz, ${k})`;
    },
    values: (row) => [row.s instanceof Date ? row.s.getTime() : Date.parse(String(row.s)), row.key],
  };
}
