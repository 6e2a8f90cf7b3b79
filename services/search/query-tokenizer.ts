/**
 * The tokenizer of the search query language (see query-parser.ts): words, "phrases",
 * parentheses, operators, `field:value` with ranges `[a TO b]` and comparisons `>=2019`.
 * Every token keeps its 0-based position; problems throw SearchQueryError with the
 * 1-based position.
 */
import { SearchQueryError } from './errors.js';
import { QUERY_FIELDS, type QueryField } from './query-ast.js';

export type FieldValue =
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'phrase'; value: string; pos: number }
  | { kind: 'range'; from: string; to: string; fromExclusive: boolean; toExclusive: boolean; pos: number }
  | { kind: 'compare'; op: '>' | '>=' | '<' | '<='; value: string; pos: number };

export type Token =
  | { t: 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus' | 'plus'; pos: number }
  | { t: 'word' | 'phrase'; value: string; pos: number }
  | { t: 'field'; name: QueryField; value: FieldValue; pos: number };

const DELIMITERS = new Set(['(', ')', '"', '[', ']', '{', '}']);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
/** Throws SearchQueryError for the character at 0-based `index`. */
export function fail(message: string, index: number): never {
  throw new SearchQueryError(message, index + 1);
}

/** Splits a query into tokens. Throws SearchQueryError (unbalanced quotes or brackets, unknown fields). */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;

  const readPhrase = (start: number): { value: string; end: number } => {
    let value = '';
    let j = start + 1;
    for (;;) {
      if (j >= n) fail('unbalanced quote: this phrase is never closed', start);
      const c = input[j]!;
      if (c === '\\' && j + 1 < n) {
        value += input[j + 1];
        j += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      j++;
    }
    if (value.trim() === '') fail('empty phrase', start);
    return { value, end: j + 1 };
  };

  const readBare = (start: number): { value: string; end: number } => {
    let j = start;
    while (j < n && !isSpace(input[j]) && !DELIMITERS.has(input[j]!)) j++;
    return { value: input.slice(start, j), end: j };
  };

  const readRange = (start: number): { value: FieldValue; end: number } => {
    const close = input.slice(start + 1).search(/[\]}]/);
    if (close < 0) fail(`unbalanced bracket: this ${input[start]} is never closed`, start);
    const end = start + 1 + close;
    const m = /^\s*(\S+)\s+TO\s+(\S+)\s*$/.exec(input.slice(start + 1, end));
    if (!m) fail('a range is written [from TO to], e.g. [2019 TO 2021]', start);
    return {
      value: { kind: 'range', from: m[1]!, to: m[2]!, fromExclusive: input[start] === '{', toExclusive: input[end] === '}', pos: start },
      end: end + 1,
    };
  };

  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ t: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const { value, end } = readPhrase(i);
      tokens.push({ t: 'phrase', value, pos: i });
      i = end;
      continue;
    }
    if (c === '[' || c === '{') fail('a range needs a field, e.g. year:[2019 TO 2021]', i);
    if (c === ']' || c === '}') fail(`unbalanced bracket: ${c} has no opening bracket`, i);
    if (c === '-' || c === '+') {
      const next = input[i + 1];
      if (next === undefined || isSpace(next) || next === ')') fail(`${c} must be followed directly by a term, e.g. ${c}word`, i);
      tokens.push({ t: c === '-' ? 'minus' : 'plus', pos: i });
      i++;
      continue;
    }
    // A field (`name:value`) when an identifier is followed by ':' (but not a URL's '://').
    const field = /^([A-Za-z_]+):/.exec(input.slice(i, i + 40));
    if (field && !input.startsWith('//', i + field[0].length)) {
      const start = i;
      const name = field[1]!.toLowerCase();
      if (!(QUERY_FIELDS as readonly string[]).includes(name)) {
        fail(`unknown field "${field[1]}"; fields are ${QUERY_FIELDS.join(', ')}`, i);
      }
      const at = i + field[0].length;
      const v = input[at];
      if (v === undefined || isSpace(v) || v === ')') fail(`${name}: needs a value`, i);
      let value: FieldValue;
      if (v === '"') {
        const p = readPhrase(at);
        value = { kind: 'phrase', value: p.value, pos: at };
        i = p.end;
      } else if (v === '[' || v === '{') {
        const r = readRange(at);
        value = r.value;
        i = r.end;
      } else if (v === '(') {
        fail(`${name}:( … ) groups are not supported; write ${name}:a OR ${name}:b`, at);
      } else if (v === ']' || v === '}') {
        fail(`unbalanced bracket: ${v} has no opening bracket`, at);
      } else {
        const op = /^(>=|<=|>|<)/.exec(input.slice(at, at + 2));
        const w = readBare(at + (op ? op[1]!.length : 0));
        if (w.value === '') fail(`${name}: needs a value`, i);
        value = op ? { kind: 'compare', op: op[1] as '>' | '>=' | '<' | '<=', value: w.value, pos: at } : { kind: 'word', value: w.value, pos: at };
        i = w.end;
      }
      tokens.push({ t: 'field', name: name as QueryField, value, pos: start });
      continue;
    }
    const w = readBare(i);
    if (w.value === 'OR' || w.value === 'AND' || w.value === 'NOT') tokens.push({ t: w.value === 'OR' ? 'or' : w.value === 'AND' ? 'and' : 'not', pos: i });
    else tokens.push({ t: 'word', value: w.value, pos: i });
    i = w.end;
  }
  return tokens;
}
