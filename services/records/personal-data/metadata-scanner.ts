/**
 * Scans a draft's DataCite metadata (the JSON form of the REST API attributes) for the
 * identifiers of Annex 3 in its prose: titles, descriptions, subjects, date information,
 * funding titles, geo-location places, rights, and any field a resource-type profile adds.
 *
 * Creators and contributors are skipped: naming the people who made a dataset is what
 * they are for, and their identifiers (ORCID) are public by design. So are fields that hold
 * identifiers, codes and vocabulary terms (DOIs, URIs, schemes, award numbers, types).
 * A date entry whose `dateInformation` speaks of birth and whose date has a day is a
 * date of birth.
 */
import { BIRTH_WORDS, findFullDates } from './dates.js';
import { maskDate, type Finding } from './finding.js';
import { scanText } from './scanner.js';

const PEOPLE = new Set(['creators', 'contributors']);
const NOT_PROSE = new Set([
  'nameIdentifiers',
  'nameIdentifier',
  'nameIdentifierScheme',
  'schemeUri',
  'valueUri',
  'affiliationIdentifier',
  'affiliationIdentifierScheme',
  'publisherIdentifier',
  'publisherIdentifierScheme',
  'relatedIdentifier',
  'relatedIdentifierType',
  'relationType',
  'relatedMetadataScheme',
  'schemeType',
  'resourceTypeGeneral',
  'lang',
  'language',
  'titleType',
  'descriptionType',
  'dateType',
  'nameType',
  'subjectScheme',
  'classificationCode',
  'rightsIdentifier',
  'rightsIdentifierScheme',
  'rightsUri',
  'funderIdentifier',
  'funderIdentifierType',
  'awardUri',
  'awardNumber',
  'publicationYear',
  'version',
  'formats',
  'sizes',
  'types',
  'doi',
  'url',
  'identifierType',
  'alternateIdentifierType',
  'numberType',
  'geoLocationPoint',
  'geoLocationBox',
  'geoLocationPolygon',
]);
const MAX_DEPTH = 32;

/** RFC 6901 escaping of one pointer token. */
const token = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** Findings in the metadata, each with source `metadata:<pointer>` and `location.pointer`. Pure; never throws. */
export function scanMetadata(metadata: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const walk = (value: unknown, pointer: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      findings.push(...scanText(value, { source: `metadata:${pointer}`, pointer }));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${pointer}/${i}`, depth + 1));
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (depth === 0 && PEOPLE.has(key)) continue;
        if (NOT_PROSE.has(key) || (key === 'date' && pointer.startsWith('/dates/'))) continue;
        walk(v, `${pointer}/${token(key)}`, depth + 1);
      }
    }
  };
  walk(metadata, '', 0);
  findings.push(...birthDates(metadata.dates));
  return findings;
}

function birthDates(dates: unknown): Finding[] {
  if (!Array.isArray(dates)) return [];
  const out: Finding[] = [];
  dates.forEach((entry: unknown, i) => {
    if (!entry || typeof entry !== 'object') return;
    const { date, dateInformation } = entry as { date?: unknown; dateInformation?: unknown };
    if (typeof date !== 'string' || typeof dateInformation !== 'string' || !BIRTH_WORDS.test(dateInformation)) return;
    // Years, months and ranges (1945/2001: the birth years of a cohort) are fine; one day-precise date of birth is not.
    if (date.includes('/')) return;
    const full = findFullDates(date.replace(/T.*$/, ''))[0];
    if (!full) return;
    const pointer = `/dates/${i}/date`;
    out.push({ kind: 'birthdate', source: `metadata:${pointer}`, location: { pointer }, sample: maskDate(full.text, full.yearText), confidence: 'high', count: 1 });
  });
  return out;
}
