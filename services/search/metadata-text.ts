/**
 * What search needs from DataCite metadata (the JSON form of the REST API): titles,
 * creator names and affiliations, subjects, descriptions, the publisher, resource type,
 * language and year. Lenient: drafts may hold anything, so every field is optional and
 * anything malformed is skipped, never thrown on.
 */
import { normalizeDoi } from './query-ast.js';
import type { TextLanguage } from './search-index.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const strings = (values: Array<string | null>): string[] => [...new Set(values.filter((v): v is string => v !== null))];

/** ISO 639-1 (and common 639-2/3) codes of the stemming languages. */
const LANGUAGES: Record<string, TextLanguage> = {
  en: 'english', eng: 'english',
  de: 'german', deu: 'german', ger: 'german',
  fr: 'french', fra: 'french', fre: 'french',
  es: 'spanish', spa: 'spanish',
  it: 'italian', ita: 'italian',
  pt: 'portuguese', por: 'portuguese',
  nl: 'dutch', nld: 'dutch', dut: 'dutch',
};
const TO_639_1: Record<string, string> = { eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', dut: 'nl', nor: 'no', nob: 'nb', nno: 'nn', swe: 'sv', dan: 'da', fin: 'fi', pol: 'pl', rus: 'ru', zho: 'zh', chi: 'zh', jpn: 'ja' };

/** `en-GB` → `en`, `deu` → `de`; null for anything else. */
export function languageCode(value: unknown): string | null {
  const s = str(value)?.toLowerCase();
  if (!s) return null;
  const primary = s.split(/[-_]/)[0]!;
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  return TO_639_1[primary] ?? primary;
}

export interface MetadataText {
  title: string;
  titles: string[];
  creators: string[];
  affiliations: string[];
  subjects: string[];
  descriptions: string[];
  publisher: string | null;
  other: string[];
  resourceType: string | null;
  resourceTypeSpecific: string | null;
  language: string | null;
  textLanguage: TextLanguage;
  year: number | null;
  doi: string | null;
}

function names(people: unknown): string[] {
  return arr(people).flatMap((p) => {
    if (!isObj(p)) return [];
    const given = str(p.givenName);
    const family = str(p.familyName);
    return strings([str(p.name), given && family ? `${given} ${family}` : null]);
  });
}

function affiliationsOf(people: unknown): string[] {
  return strings(arr(people).flatMap((p) => (isObj(p) ? arr(p.affiliation).map((a) => (isObj(a) ? str(a.name) : str(a))) : [])));
}

/** Extracts the searchable parts of DataCite metadata. Never throws. */
export function metadataText(metadata: Obj, pids: Obj): MetadataText {
  const titleObjs = arr(metadata.titles).filter(isObj);
  const titles = strings(titleObjs.map((t) => str(t.title)));
  const main = titleObjs.find((t) => !t.titleType && str(t.title)) ?? titleObjs.find((t) => str(t.title));
  const types = isObj(metadata.types) ? metadata.types : {};
  const publisher = isObj(metadata.publisher) ? str(metadata.publisher.name) : str(metadata.publisher);
  const year = Number.parseInt(String(metadata.publicationYear ?? ''), 10);
  const language = languageCode(metadata.language) ?? languageCode(main?.lang);
  const doiPid = isObj(pids.doi) ? str(pids.doi.identifier) : null;
  const doiIdentifier = arr(metadata.identifiers).find((i) => isObj(i) && String(i.identifierType).toUpperCase() === 'DOI') as Obj | undefined;
  const doi = doiPid ?? str(metadata.doi) ?? (doiIdentifier ? str(doiIdentifier.identifier) : null);
  const other = strings([
    ...names(metadata.contributors),
    ...arr(metadata.fundingReferences).flatMap((f) => (isObj(f) ? [str(f.funderName), str(f.awardTitle), str(f.awardNumber)] : [])),
    ...arr(metadata.alternateIdentifiers).map((a) => (isObj(a) ? str(a.alternateIdentifier) : null)),
    ...arr(metadata.formats).map(str),
    str(metadata.version),
    doi,
  ]);
  return {
    title: main ? str(main.title)! : '',
    titles,
    creators: names(metadata.creators),
    affiliations: affiliationsOf(metadata.creators),
    subjects: strings(arr(metadata.subjects).map((s) => (isObj(s) ? str(s.subject) : str(s)))),
    descriptions: strings(arr(metadata.descriptions).map((d) => (isObj(d) ? str(d.description) : str(d)))),
    publisher,
    other,
    resourceType: str(types.resourceTypeGeneral),
    resourceTypeSpecific: str(types.resourceType),
    language,
    textLanguage: language ? (LANGUAGES[language] ?? 'simple') : 'english',
    year: Number.isInteger(year) && year > 0 && year < 10000 ? year : null,
    doi: doi ? normalizeDoi(doi) : null,
  };
}

/** Lower-case extensions of file keys (`scan.nii.gz` → `nii.gz`, `table.CSV` → `csv`). */
export function fileFormats(keys: readonly string[]): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    const base = key.split('/').pop()!.toLowerCase();
    const m = /\.((?:tar|nii)\.(?:gz|bz2|xz)|[a-z0-9]{1,10})$/.exec(base);
    if (m) out.add(m[1]!);
  }
  return [...out].sort();
}
