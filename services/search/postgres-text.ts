/**
 * Text analysis for the PostgreSQL adapter: turns each text node of a query into one
 * `tsquery` (as text) that matches documents of every language.
 *
 * A document is stemmed in its own language (`text_config`), so a word is analyzed in
 * every configuration and the results are OR-ed: "Messungen" finds a German record
 * stemmed to `messung`, "imaging" an English one stemmed to `imag`. A word that is a
 * stop word in some configurations (never indexed there) also matches documents in
 * those configurations (`stopConfigs`), so "the brain" still finds an English record.
 *
 * Fields restrict lexemes by weight (title A, creator B, subject C, publisher D), and
 * the lexicon table `search_terms` (trigram-indexed) expands prefixes (`imagin*` also
 * finds the stem `imag`) and adds close spellings of unknown words (typos).
 */
import { sql, type Kysely } from 'kysely';
import type { TextField, TextNode } from './query-ast.js';
import { TEXT_LANGUAGES, type TextLanguage } from './search-index.js';

export interface AnalyzedText {
  /** The tsquery (text form) on `tsv`, without weights (the GIN index answers it alone); null: matches every document. */
  readonly tsquery: string | null;
  /** For a field: the same lexemes restricted to the field's weight. */
  readonly fieldQuery: string | null;
  /** Configurations in which the node is only stop words: documents in them match it anyway. */
  readonly stopConfigs: readonly TextLanguage[];
}

const WEIGHT: Record<TextField, string> = { title: 'A', creator: 'B', subject: 'C', publisher: 'D' };
/** Creators and publishers are indexed unstemmed. */
const configsOf = (field: TextField | null): readonly TextLanguage[] => (field === 'creator' || field === 'publisher' ? ['simple'] : TEXT_LANGUAGES);

const PREFIX_EXPANSIONS = 40;
const CORRECTIONS = 3;
const MIN_SIMILARITY = 0.45;
// The highest code point: `word < prefix || MAX` bounds a prefix range in the "C" collation.
const MAX_CHAR = '\u{10FFFF}';

/** Adds `:*` (prefix) and/or weight letters to every lexeme of a tsquery text. */
export function markLexemes(tsquery: string, marks: { prefix: boolean; weight: string | undefined }): string {
  const suffix = `${marks.prefix ? '*' : ''}${marks.weight ?? ''}`;
  if (!suffix) return tsquery;
  return tsquery.replace(/'(?:[^'\\]|''|\\.)*'/g, (lexeme) => `${lexeme}:${suffix}`);
}

interface Expansion {
  node: number;
  text: string;
  /** The node's own text (not a lexicon expansion). */
  original: boolean;
}

/** Analyzes every text node in two round trips (lexicon, then analysis). Never throws for odd input. */
export async function analyzeText(db: Kysely<any>, nodes: readonly TextNode[], trgmSchema: string): Promise<AnalyzedText[]> {
  if (nodes.length === 0) return [];
  const strings: Expansion[] = nodes.map((n, i) => ({ node: i, text: n.value, original: true }));
  await Promise.all(
    nodes.map(async (n, i) => {
      if (n.phrase) return;
      const words = n.prefix ? await prefixExpansions(db, n.value) : correctable(n) ? await corrections(db, n.value, trgmSchema) : [];
      for (const w of words) strings.push({ node: i, text: w, original: false });
    }),
  );
  const texts: string[] = [];
  const configs: string[] = [];
  const owners: Expansion[] = [];
  for (const s of strings) {
    for (const cfg of configsOf(nodes[s.node]!.field)) {
      texts.push(s.text);
      configs.push(cfg);
      owners.push(s);
    }
  }
  const { rows } = await sql<{ i: number; q: string }>`
    select t.i::int as i, phraseto_tsquery(t.cfg::regconfig, t.w)::text as q
    from unnest(${texts}::text[], ${configs}::text[]) with ordinality as t(w, cfg, i)`.execute(db);
  const plain = nodes.map(() => new Set<string>());
  const weighted = nodes.map(() => new Set<string>());
  const stops = nodes.map(() => new Set<TextLanguage>());
  for (const row of rows) {
    const k = Number(row.i) - 1;
    const owner = owners[k]!;
    const node = nodes[owner.node]!;
    if (row.q === '') {
      if (owner.original) stops[owner.node]!.add(configs[k] as TextLanguage);
      continue;
    }
    // Expansions are whole words from the lexicon: matched exactly, not as prefixes.
    const prefix = node.prefix && owner.original;
    plain[owner.node]!.add(markLexemes(row.q, { prefix, weight: undefined }));
    if (node.field) weighted[owner.node]!.add(markLexemes(row.q, { prefix, weight: WEIGHT[node.field] }));
  }
  // An expansion already matched by the prefix itself (`neuro:*` covers `neurosci`) only makes the query longer.
  nodes.forEach((node, i) => {
    if (!node.prefix) return;
    const prefixes = [...plain[i]!].map(lexemeOf).filter((x) => x?.marks.includes('*')).map((x) => x!.lexeme);
    for (const set of [plain[i]!, weighted[i]!]) {
      for (const part of [...set]) {
        const one = lexemeOf(part);
        if (one && !one.marks.includes('*') && prefixes.some((p) => one.lexeme.startsWith(p))) set.delete(part);
      }
    }
  });
  const or = (parts: Set<string>) => (parts.size === 0 ? null : [...parts].map((x) => `( ${x} )`).join(' | '));
  return nodes.map((_, i) => ({
    tsquery: or(plain[i]!),
    fieldQuery: or(weighted[i]!),
    stopConfigs: plain[i]!.size === 0 ? [] : [...stops[i]!],
  }));
}

/** The lexeme and its marks (`*`, weights) of a tsquery of exactly one lexeme, else null. */
function lexemeOf(tsquery: string): { lexeme: string; marks: string } | null {
  const m = /^'((?:[^'\\]|''|\\.)*)'(?::([*A-D]+))?$/.exec(tsquery);
  return m ? { lexeme: m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1'), marks: m[2] ?? '' } : null;
}

/** A plain word long enough to be misspelt (not a phrase, prefix, number or identifier). */
function correctable(node: TextNode): boolean {
  return !node.phrase && !node.prefix && node.field !== 'publisher' && /^\p{L}{5,40}$/u.test(node.value);
}

async function prefixExpansions(db: Kysely<any>, prefix: string): Promise<string[]> {
  const { rows } = await sql<{ word: string }>`
    select word from search_terms
    where word >= lower(${prefix}) and word < lower(${prefix}) || ${MAX_CHAR}
    order by word limit ${PREFIX_EXPANSIONS}`.execute(db);
  return rows.map((r) => r.word);
}

async function corrections(db: Kysely<any>, word: string, trgmSchema: string): Promise<string[]> {
  const x = sql.id(trgmSchema);
  const { rows } = await sql<{ word: string }>`
    select s.word from search_terms s
    where not exists (select 1 from search_terms e where e.word = lower(${word}))
      and s.word operator(${x}.%) lower(${word})
      and ${x}.similarity(s.word, lower(${word})) >= ${MIN_SIMILARITY}
    order by ${x}.similarity(s.word, lower(${word})) desc, s.word
    limit ${CORRECTIONS}`.execute(db);
  return rows.map((r) => r.word);
}
