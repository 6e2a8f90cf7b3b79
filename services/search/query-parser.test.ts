import { describe, expect, it } from 'vitest';
import { SearchQueryError } from './errors.js';
import { MAX_TERMS, parseQuery } from './query-parser.js';

const word = (value: string, field: string | null = null) => ({ kind: 'text', field, value, phrase: false, prefix: false });
const phrase = (value: string, field: string | null = null) => ({ kind: 'text', field, value, phrase: true, prefix: false });

function errorOf(q: string): SearchQueryError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof SearchQueryError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(q)} to fail`);
}

describe('parseQuery', () => {
  it('reads words (all must match), phrases, OR, exclusion and groups', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('   ')).toBeNull();
    expect(parseQuery('brain')).toEqual(word('brain'));
    expect(parseQuery('brain imaging')).toEqual({ kind: 'and', children: [word('brain'), word('imaging')] });
    expect(parseQuery('brain AND imaging')).toEqual(parseQuery('brain imaging'));
    expect(parseQuery('"brain imaging" atlas')).toEqual({ kind: 'and', children: [phrase('brain imaging'), word('atlas')] });
    expect(parseQuery('mouse OR rat')).toEqual({ kind: 'or', children: [word('mouse'), word('rat')] });
    expect(parseQuery('a b OR c')).toEqual({ kind: 'or', children: [{ kind: 'and', children: [word('a'), word('b')] }, word('c')] });
    expect(parseQuery('brain -mouse')).toEqual({ kind: 'and', children: [word('brain'), { kind: 'not', child: word('mouse') }] });
    expect(parseQuery('NOT mouse')).toEqual({ kind: 'not', child: word('mouse') });
    expect(parseQuery('+brain')).toEqual(word('brain'));
    expect(parseQuery('(mouse OR rat) -"knock out"')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [word('mouse'), word('rat')] }, { kind: 'not', child: phrase('knock out') }],
    });
    // Lower-case operators are words; a dash inside a word is part of it.
    expect(parseQuery('salt or pepper')).toEqual({ kind: 'and', children: [word('salt'), word('or'), word('pepper')] });
    expect(parseQuery('well-known')).toEqual(word('well-known'));
    expect(parseQuery('"say \\"hi\\""')).toEqual(phrase('say "hi"'));
  });

  it('reads fields, prefixes and year ranges', () => {
    expect(parseQuery('title:brain')).toEqual(word('brain', 'title'));
    expect(parseQuery('Title:"brain atlas"')).toEqual(phrase('brain atlas', 'title'));
    expect(parseQuery('creator:Nordmann subject:neuro*')).toEqual({
      kind: 'and',
      children: [word('Nordmann', 'creator'), { kind: 'text', field: 'subject', value: 'neuro', phrase: false, prefix: true }],
    });
    expect(parseQuery('neuro*')).toEqual({ kind: 'text', field: null, value: 'neuro', phrase: false, prefix: true });
    expect(parseQuery('doi:10.5072/abc-123')).toEqual({ kind: 'keyword', field: 'doi', value: '10.5072/abc-123', prefix: false });
    expect(parseQuery('doi:10.5072/*')).toEqual({ kind: 'keyword', field: 'doi', value: '10.5072/', prefix: true });
    expect(parseQuery('type:Dataset language:de publisher:Zenodo')).toEqual({
      kind: 'and',
      children: [
        { kind: 'keyword', field: 'type', value: 'Dataset', prefix: false },
        { kind: 'keyword', field: 'language', value: 'de', prefix: false },
        word('Zenodo', 'publisher'),
      ],
    });
    expect(parseQuery('year:2020')).toEqual({ kind: 'range', field: 'year', gte: 2020, lte: 2020 });
    expect(parseQuery('year:[2019 TO 2021]')).toEqual({ kind: 'range', field: 'year', gte: 2019, lte: 2021 });
    expect(parseQuery('year:{2019 TO 2021}')).toEqual({ kind: 'range', field: 'year', gte: 2020, lte: 2020 });
    expect(parseQuery('year:[2019 TO *]')).toEqual({ kind: 'range', field: 'year', gte: 2019, lte: null });
    expect(parseQuery('year:>=2019')).toEqual({ kind: 'range', field: 'year', gte: 2019, lte: null });
    expect(parseQuery('year:<2000')).toEqual({ kind: 'range', field: 'year', gte: null, lte: 1999 });
    // A URL is a word, not a field.
    expect(parseQuery('https://example.org/x')).toEqual(word('https://example.org/x'));
  });

  it('names the position of each problem', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['brain "imaging', 7, /unbalanced quote/],
      ['(brain OR mouse', 1, /unbalanced bracket/],
      ['brain)', 6, /unbalanced bracket/],
      ['year:[2019 TO 2021', 6, /unbalanced bracket/],
      ['year:2019]', 10, /unbalanced bracket/],
      ['colour:red', 1, /unknown field "colour"/],
      ['title:', 1, /needs a value/],
      ['OR brain', 1, /OR needs a term before/],
      ['brain OR', 7, /OR needs a term after/],
      ['brain - mouse', 7, /must be followed directly/],
      ['()', 1, /empty group/],
      ['title:[a TO b]', 7, /only allowed on year/],
      ['year:last', 6, /year takes a year/],
      ['year:[2019 2021]', 6, /range is written/],
      ['ne*ro', 3, /wildcard/],
      ['n*', 1, /at least 2 characters/],
      ['*', 1, /at least 2 characters/],
      ['[2019 TO 2020]', 1, /range needs a field/],
      ['""', 1, /empty phrase/],
    ];
    for (const [q, position, message] of cases) {
      const err = errorOf(q);
      expect({ q, position: err.position }).toEqual({ q, position });
      expect(err.message).toMatch(message);
      expect(err.status).toBe(400);
      expect(err.errors?.[0]?.pointer).toBe('querystring:/q');
    }
  });

  it('limits the number of terms and the nesting depth', () => {
    expect(() => parseQuery(Array.from({ length: MAX_TERMS }, (_, i) => `w${i}`).join(' '))).not.toThrow();
    expect(errorOf(Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ')).message).toMatch(/too many terms/);
    expect(errorOf(`${'('.repeat(30)}a${')'.repeat(30)}`).message).toMatch(/too deeply nested/);
    expect(errorOf(`${'-'.repeat(30)}a`).message).toMatch(/too deeply nested/);
  });

  it('fuzz: random strings either parse or fail with the typed 400 error', () => {
    // A deterministic generator (mulberry32) so a failure reproduces.
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = [
      ...'abcxyz019 -+*:"()[]{}\\/.,;!?\'\t\n<>=&|~^é漢🧠',
      ' OR ', ' AND ', ' NOT ', 'title:', 'year:', 'doi:', 'type:', 'creator:', 'foo:', ' TO ', 'neuro', '2020', '[', '{', '"',
    ];
    let parsed = 0;
    let rejected = 0;
    for (let n = 0; n < 20000; n++) {
      const length = Math.floor(rand() * 24);
      let q = '';
      for (let k = 0; k < length; k++) q += pieces[Math.floor(rand() * pieces.length)];
      try {
        parseQuery(q);
        parsed++;
      } catch (err) {
        if (!(err instanceof SearchQueryError)) throw new Error(`${JSON.stringify(q)} threw ${String(err)}`);
        expect(err.position).toBeGreaterThanOrEqual(1);
        expect(err.position).toBeLessThanOrEqual(q.length + 1);
        rejected++;
      }
    }
    expect(parsed).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
