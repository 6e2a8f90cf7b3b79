/**
 * The search query language, hand-parsed into a `QueryNode` tree that every adapter
 * translates. Grammar (Lucene/InvenioRDM-like, operators in capitals):
 *
 *   query   := or
 *   or      := and ( 'OR' and )*
 *   and     := unary ( ['AND'] unary )*          words side by side must all match
 *   unary   := ( '-' | 'NOT' ) unary | '+'? primary
 *   primary := '(' or ')' | field ':' value | '"phrase"' | word | word'*'
 *   value   := word | word'*' | '"phrase"' | '[' from 'TO' to ']'   (ranges: year only; '{ }' exclusive; '*' open)
 *
 * `parseQuery` either returns the tree (null for an empty query) or throws
 * SearchQueryError naming the 1-based position; it never throws anything else.
 */
import { KEYWORD_FIELDS, TEXT_FIELDS, type KeywordField, type QueryField, type QueryNode, type TextField } from './query-ast.js';
import { fail, tokenize, type FieldValue, type Token } from './query-tokenizer.js';

/** Most terms one query may hold, and deepest nesting of groups and negations. */
export const MAX_TERMS = 50;
export const MAX_DEPTH = 20;

/** A word with an optional trailing `*` (prefix). Throws for wildcards elsewhere or too short a prefix. */
function wordTerm(raw: string, pos: number): { value: string; prefix: boolean } {
  const star = raw.indexOf('*');
  if (star < 0) return { value: raw, prefix: false };
  if (star !== raw.length - 1) fail('a wildcard (*) may only end a word, as in neuro*', pos + star);
  if ([...raw.slice(0, -1)].length < 2) fail('a prefix needs at least 2 characters before *', pos);
  return { value: raw.slice(0, -1), prefix: true };
}

function yearValue(raw: string, pos: number, name = 'year'): number {
  if (!/^\d{1,4}$/.test(raw)) fail(`${name} takes a year such as 2021 or a range such as [2019 TO 2021]`, pos);
  return Number(raw);
}

function fieldNode(name: QueryField, v: FieldValue): QueryNode {
  if (name === 'year') {
    if (v.kind === 'word') {
      const y = yearValue(v.value, v.pos);
      return { kind: 'range', field: 'year', gte: y, lte: y };
    }
    if (v.kind === 'compare') {
      const y = yearValue(v.value, v.pos);
      if (v.op === '>') return { kind: 'range', field: 'year', gte: y + 1, lte: null };
      if (v.op === '>=') return { kind: 'range', field: 'year', gte: y, lte: null };
      if (v.op === '<') return { kind: 'range', field: 'year', gte: null, lte: y - 1 };
      return { kind: 'range', field: 'year', gte: null, lte: y };
    }
    if (v.kind === 'range') {
      const from = v.from === '*' ? null : yearValue(v.from, v.pos);
      const to = v.to === '*' ? null : yearValue(v.to, v.pos);
      return {
        kind: 'range',
        field: 'year',
        gte: from === null ? null : v.fromExclusive ? from + 1 : from,
        lte: to === null ? null : v.toExclusive ? to - 1 : to,
      };
    }
    return fail('year takes a year such as 2021 or a range such as [2019 TO 2021]', v.pos);
  }
  if (v.kind === 'range' || v.kind === 'compare') return fail(`ranges and comparisons are only allowed on year, not ${name}`, v.pos);
  if ((KEYWORD_FIELDS as readonly string[]).includes(name)) {
    const t = v.kind === 'word' ? wordTerm(v.value, v.pos) : { value: v.value, prefix: false };
    return { kind: 'keyword', field: name as KeywordField, value: t.value, prefix: t.prefix };
  }
  if (!(TEXT_FIELDS as readonly string[]).includes(name)) return fail(`unknown field "${name}"`, v.pos);
  if (v.kind === 'phrase') return { kind: 'text', field: name as TextField, value: v.value, phrase: true, prefix: false };
  const t = wordTerm(v.value, v.pos);
  return { kind: 'text', field: name as TextField, value: t.value, phrase: false, prefix: t.prefix };
}

class Parser {
  #i = 0;
  #terms = 0;
  constructor(
    readonly tokens: Token[],
    readonly length: number,
  ) {}

  #peek(): Token | undefined {
    return this.tokens[this.#i];
  }
  #posOf(t: Token | undefined): number {
    return t ? t.pos : this.length;
  }

  parse(): QueryNode | null {
    if (this.tokens.length === 0) return null;
    const node = this.#or(0);
    const rest = this.#peek();
    if (rest) {
      if (rest.t === 'rparen') fail('unbalanced bracket: ) has no opening (', rest.pos);
      fail('unexpected input', rest.pos);
    }
    return node;
  }

  #or(depth: number): QueryNode {
    const first = this.#peek();
    if (first?.t === 'or') fail('OR needs a term before it', first.pos);
    const children = [this.#and(depth)];
    while (this.#peek()?.t === 'or') {
      const op = this.tokens[this.#i++]!;
      const next = this.#peek();
      if (!next || next.t === 'rparen' || next.t === 'or') fail('OR needs a term after it', op.pos);
      children.push(this.#and(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children: children.flatMap((c) => (c.kind === 'or' ? c.children : [c])) };
  }

  #and(depth: number): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      const t = this.#peek();
      if (!t || t.t === 'rparen' || t.t === 'or') break;
      if (t.t === 'and') {
        if (children.length === 0) fail('AND needs a term before it', t.pos);
        this.#i++;
        const next = this.#peek();
        if (!next || next.t === 'rparen' || next.t === 'or' || next.t === 'and') fail('AND needs a term after it', t.pos);
        continue;
      }
      children.push(this.#unary(depth));
    }
    if (children.length === 0) fail('expected a term', this.#posOf(this.#peek()));
    return children.length === 1 ? children[0]! : { kind: 'and', children: children.flatMap((c) => (c.kind === 'and' ? c.children : [c])) };
  }

  #unary(depth: number): QueryNode {
    const t = this.#peek()!;
    if (depth > MAX_DEPTH) fail(`too deeply nested (at most ${MAX_DEPTH} levels)`, t.pos);
    if (t.t === 'minus' || t.t === 'not') {
      this.#i++;
      const next = this.#peek();
      if (!next || next.t === 'rparen' || next.t === 'or' || next.t === 'and') fail(`${t.t === 'not' ? 'NOT' : '-'} needs a term after it`, t.pos);
      return { kind: 'not', child: this.#unary(depth + 1) };
    }
    if (t.t === 'plus') {
      this.#i++;
      const next = this.#peek();
      if (!next || next.t === 'minus' || next.t === 'plus' || next.t === 'not' || next.t === 'rparen' || next.t === 'or' || next.t === 'and') {
        fail('+ needs a term after it', t.pos);
      }
    }
    return this.#primary(depth);
  }

  #primary(depth: number): QueryNode {
    const t = this.tokens[this.#i++]!;
    switch (t.t) {
      case 'lparen': {
        const next = this.#peek();
        if (!next) fail('unbalanced bracket: this ( is never closed', t.pos);
        if (next.t === 'rparen') fail('empty group ()', t.pos);
        const inner = this.#or(depth + 1);
        if (this.#peek()?.t !== 'rparen') fail('unbalanced bracket: this ( is never closed', t.pos);
        this.#i++;
        return inner;
      }
      case 'phrase':
        this.#count(t.pos);
        return { kind: 'text', field: null, value: t.value, phrase: true, prefix: false };
      case 'word': {
        this.#count(t.pos);
        const w = wordTerm(t.value, t.pos);
        return { kind: 'text', field: null, value: w.value, phrase: false, prefix: w.prefix };
      }
      case 'field':
        this.#count(t.pos);
        return fieldNode(t.name, t.value);
      case 'rparen':
        return fail('unbalanced bracket: ) has no opening (', t.pos);
      default:
        return fail('expected a term', t.pos);
    }
  }

  #count(pos: number): void {
    if (++this.#terms > MAX_TERMS) fail(`too many terms (at most ${MAX_TERMS})`, pos);
  }
}

/**
 * Parses a query string. Returns null for an empty (all-whitespace) query.
 * Throws SearchQueryError (400, naming the position) and nothing else.
 */
export function parseQuery(input: string): QueryNode | null {
  return new Parser(tokenize(input), input.length).parse();
}
