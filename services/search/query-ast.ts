/**
 * The search query language as data: what `query-parser.ts` produces and each
 * SearchIndex adapter translates (SQL full text, Elasticsearch query DSL).
 */

/** Fields matched as analyzed text (stemmed per language, weighted). */
export const TEXT_FIELDS = ['title', 'creator', 'subject', 'publisher'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Fields matched as exact values (case-insensitive), optionally by prefix. */
export const KEYWORD_FIELDS = ['doi', 'type', 'language'] as const;
export type KeywordField = (typeof KEYWORD_FIELDS)[number];

/** Every field a query may name, as `field:value`. */
export const QUERY_FIELDS = [...TEXT_FIELDS, ...KEYWORD_FIELDS, 'year'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

export type QueryNode =
  | { readonly kind: 'and'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'or'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'not'; readonly child: QueryNode }
  /** A word (`prefix`: it ended in `*`) or a quoted phrase; `field` null means every text field. */
  | { readonly kind: 'text'; readonly field: TextField | null; readonly value: string; readonly phrase: boolean; readonly prefix: boolean }
  | { readonly kind: 'keyword'; readonly field: KeywordField; readonly value: string; readonly prefix: boolean }
  /** Inclusive bounds; null is open. */
  | { readonly kind: 'range'; readonly field: 'year'; readonly gte: number | null; readonly lte: number | null };

export type TextNode = Extract<QueryNode, { kind: 'text' }>;

/** DOIs are matched without a resolver prefix, case-insensitively. */
export function normalizeDoi(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/, '');
}

/** Every text node of a tree, in order (each adapter analyzes them up front). */
export function textNodes(node: QueryNode | null): TextNode[] {
  if (!node) return [];
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.flatMap(textNodes);
    case 'not':
      return textNodes(node.child);
    case 'text':
      return [node];
    default:
      return [];
  }
}

/** True when the tree has a text node outside any negation (so relevance can rank by it). */
export function hasPositiveText(node: QueryNode | null): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(hasPositiveText);
    case 'text':
      return true;
    default:
      return false;
  }
}
