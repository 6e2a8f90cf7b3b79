/**
 * Reading DataCite JSON (REST API attributes) for display: loose input (metadata was
 * validated at publish, but old records and tombstones may hold less) in, plain values out.
 */
import type { Metadata } from '../records/tables.js';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : []);

/** The main title (the first without a titleType), or the first title. */
export function mainTitle(m: Metadata): string {
  const titles = arr(m.titles);
  const main = titles.find((t) => !t.titleType) ?? titles[0];
  return str(main?.title) ?? 'Untitled';
}

export function otherTitles(m: Metadata): Array<{ title: string; type: string }> {
  const titles = arr(m.titles);
  const main = titles.find((t) => !t.titleType) ?? titles[0];
  return titles.filter((t) => t !== main && str(t.title)).map((t) => ({ title: str(t.title)!, type: str(t.titleType) ?? 'Title' }));
}

/** The URL form of a person's, organisation's or funder's identifier, when we know the scheme. */
export function identifierUrl(id: string | undefined, scheme: string | undefined): string | undefined {
  if (!id) return undefined;
  const s = (scheme ?? '').toUpperCase();
  const orcid = /^(?:https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i.exec(id.trim());
  if (orcid && (s === 'ORCID' || /orcid\.org/.test(id))) return `https://orcid.org/${orcid[1]!.toUpperCase()}`;
  const ror = /^(?:https?:\/\/ror\.org\/)?(0[a-hj-km-np-tv-z0-9]{6}\d{2})$/i.exec(id.trim());
  if (ror && (s === 'ROR' || /ror\.org/.test(id))) return `https://ror.org/${ror[1]!.toLowerCase()}`;
  return doiUrl(id) ?? (/^https?:\/\//i.test(id) ? id : undefined);
}

/** `https://doi.org/<doi>` for a DOI (bare, `doi:` or resolver URL), else undefined. */
export function doiUrl(value: string | undefined): string | undefined {
  const m = value ? /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i.exec(value.trim()) : null;
  return m ? `https://doi.org/${m[1]}` : undefined;
}

export interface Person {
  name: string;
  /** ORCID (people) or ROR (organisations) URL. */
  url?: string;
  scheme?: string;
  organizational: boolean;
  affiliations: Array<{ name: string; url?: string }>;
  role?: string;
}

export function people(list: unknown): Person[] {
  return arr(list)
    .filter((c) => str(c.name) || str(c.familyName))
    .map((c) => {
      const ids = arr(c.nameIdentifiers);
      const best = ids.map((i) => ({ url: identifierUrl(str(i.nameIdentifier), str(i.nameIdentifierScheme)), scheme: str(i.nameIdentifierScheme) })).find((i) => i.url);
      const name = str(c.name) ?? [str(c.familyName), str(c.givenName)].filter(Boolean).join(', ');
      const person: Person = {
        name,
        organizational: c.nameType === 'Organizational',
        affiliations: arr(c.affiliation)
          .filter((a) => str(a.name))
          .map((a) => {
            const url = identifierUrl(str(a.affiliationIdentifier), str(a.affiliationIdentifierScheme));
            return url ? { name: str(a.name)!, url } : { name: str(a.name)! };
          }),
      };
      if (best?.url) person.url = best.url;
      if (best?.scheme) person.scheme = best.scheme;
      const role = str(c.contributorType);
      if (role) person.role = role;
      return person;
    });
}

export function publisherName(m: Metadata): string | undefined {
  const p = m.publisher;
  return typeof p === 'object' && p !== null ? str((p as Obj).name) : str(p);
}

export function resourceType(m: Metadata): { general?: string; specific?: string } {
  const t = (typeof m.types === 'object' && m.types !== null ? m.types : {}) as Obj;
  const out: { general?: string; specific?: string } = {};
  const general = str(t.resourceTypeGeneral);
  const specific = str(t.resourceType);
  if (general) out.general = general;
  if (specific) out.specific = specific;
  return out;
}

export function descriptions(m: Metadata): Array<{ text: string; type: string; lang?: string }> {
  return arr(m.descriptions)
    .filter((d) => str(d.description))
    .map((d) => ({ text: str(d.description)!, type: str(d.descriptionType) ?? 'Other', ...(str(d.lang) ? { lang: str(d.lang)! } : {}) }));
}

export function subjects(m: Metadata): Array<{ subject: string; scheme?: string; url?: string }> {
  return arr(m.subjects)
    .filter((s) => str(s.subject))
    .map((s) => ({ subject: str(s.subject)!, ...(str(s.subjectScheme) ? { scheme: str(s.subjectScheme)! } : {}), ...(str(s.valueUri) ? { url: str(s.valueUri)! } : {}) }));
}

export interface Related {
  relation: string;
  identifier: string;
  type: string;
  resourceType?: string;
}

export function relatedIdentifiers(m: Metadata): Related[] {
  return arr(m.relatedIdentifiers)
    .filter((r) => str(r.relatedIdentifier) && str(r.relationType))
    .map((r) => ({
      relation: str(r.relationType)!,
      identifier: str(r.relatedIdentifier)!,
      type: str(r.relatedIdentifierType) ?? '',
      ...(str(r.resourceTypeGeneral) ? { resourceType: str(r.resourceTypeGeneral)! } : {}),
    }));
}

export interface Funding {
  funder: string;
  funderUrl?: string;
  award?: string;
  awardUrl?: string;
  awardTitle?: string;
}

export function funding(m: Metadata): Funding[] {
  return arr(m.fundingReferences)
    .filter((f) => str(f.funderName))
    .map((f) => {
      const out: Funding = { funder: str(f.funderName)! };
      const funderUrl = identifierUrl(str(f.funderIdentifier), str(f.funderIdentifierType));
      if (funderUrl) out.funderUrl = funderUrl;
      if (str(f.awardNumber)) out.award = str(f.awardNumber)!;
      if (str(f.awardUri)) out.awardUrl = str(f.awardUri)!;
      if (str(f.awardTitle)) out.awardTitle = str(f.awardTitle)!;
      return out;
    });
}

export function rights(m: Metadata): Array<{ text: string; url?: string; id?: string }> {
  return arr(m.rightsList)
    .filter((r) => str(r.rights) || str(r.rightsUri) || str(r.rightsIdentifier))
    .map((r) => ({
      text: str(r.rights) ?? str(r.rightsIdentifier) ?? str(r.rightsUri)!,
      ...(str(r.rightsUri) ? { url: str(r.rightsUri)! } : {}),
      ...(str(r.rightsIdentifier) ? { id: str(r.rightsIdentifier)! } : {}),
    }));
}

export function keywordList(m: Metadata): string[] {
  return subjects(m).map((s) => s.subject);
}

export function language(m: Metadata): string | undefined {
  const l = str(m.language);
  return l && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l) ? l : undefined;
}

export function publicationYear(m: Metadata): string | undefined {
  return str(m.publicationYear);
}

export function version(m: Metadata): string | undefined {
  return str(m.version);
}

/** "CamelCase" relation types as words: IsDerivedFrom → "Is derived from". */
export function words(camel: string): string {
  const spaced = camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** 1536 → "1.5 kB" (SI units, as Zenodo shows sizes). */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
