/**
 * Small, total helpers the serializers share: reading DataCite metadata defensively (a draft may
 * hold anything), DOI URLs, names, titles and the resource-type vocabularies of the other formats.
 */
import type { ExportView } from '../export-view.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The objects of an array member (anything else dropped). */
export function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** A string or number as text; undefined for anything else or blank text. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  return v.trim() === '' ? undefined : v;
}

/** Like `text` but keeps empty strings (XML round trips keep empty elements). */
export function textOrEmpty(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? v : undefined;
}

/** Strings of an array member. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(textOrEmpty).filter((s): s is string => s !== undefined) : [];
}

/** A DOI as an https://doi.org/ URL (the DOI Handbook's encoding of the characters URLs reserve). */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.replace(/[%"#? <>]/g, (c) => encodeURIComponent(c))}`;
}

// The default test prefix never resolves; used only when a view carries neither a DOI nor a preview DOI.
const LAST_RESORT_PREFIX = '10.5072';

/** The DOI an export names: the record's, else the preview (reserved or placeholder) DOI. Never throws. */
export function identifierDoi(view: ExportView): string {
  return view.doi ?? view.previewDoi ?? `${LAST_RESORT_PREFIX}/cairn.${view.id}`;
}

/**
 * The metadata as exported: the record's, plus `IsVersionOf` its concept DOI (as Zenodo exports
 * versions) unless the depositor already states it.
 */
export function exportedMetadata(view: ExportView): Obj {
  const md: Obj = { ...view.metadata };
  const concept = view.conceptDoi;
  if (concept && concept.toLowerCase() !== identifierDoi(view).toLowerCase()) {
    const related = objs(md.relatedIdentifiers);
    const stated = related.some((r) => String(r.relatedIdentifier ?? '').toLowerCase() === concept.toLowerCase() && r.relationType === 'IsVersionOf');
    if (!stated) md.relatedIdentifiers = [...(Array.isArray(md.relatedIdentifiers) ? md.relatedIdentifiers : []), { relatedIdentifier: concept, relatedIdentifierType: 'DOI', relationType: 'IsVersionOf' }];
  }
  return md;
}

/** The main title (the one without titleType), else the first. */
export function mainTitle(md: Obj): string | undefined {
  const titles = objs(md.titles);
  return text((titles.find((t) => !t.titleType) ?? titles[0])?.title);
}

export function publisherName(md: Obj): string | undefined {
  return isObj(md.publisher) ? text(md.publisher.name) : text(md.publisher);
}

export function publicationYear(md: Obj): string | undefined {
  return text(md.publicationYear);
}

export function resourceTypeGeneral(md: Obj): string | undefined {
  return isObj(md.types) ? text(md.types.resourceTypeGeneral) : undefined;
}

export interface NameParts {
  family?: string;
  given?: string;
  literal?: string;
}

/** A creator/contributor as family/given (persons) or a literal (organisations, unparsable names). */
export function nameParts(p: Obj): NameParts {
  const name = text(p.name);
  const family = text(p.familyName);
  const given = text(p.givenName);
  if (p.nameType === 'Organizational') return name ? { literal: name } : {};
  if (family) return { family, ...(given ? { given } : {}) };
  if (name && p.nameType === 'Personal' && name.includes(',')) {
    const [f, ...g] = name.split(',');
    const givenPart = g.join(',').trim();
    return { family: f!.trim(), ...(givenPart ? { given: givenPart } : {}) };
  }
  return name ? { literal: name } : {};
}

/** The first description of a type (Abstract by default). */
export function descriptionOf(md: Obj, type = 'Abstract'): string | undefined {
  return text(objs(md.descriptions).find((d) => d.descriptionType === type)?.description);
}

/** An ORCID/ROR/other name identifier as a URL when it is one. */
export function nameIdentifierUrl(ni: Obj): string | undefined {
  const id = text(ni.nameIdentifier)?.trim();
  if (!id) return undefined;
  if (/^https?:\/\//.test(id)) return id;
  const scheme = String(ni.nameIdentifierScheme ?? '').toUpperCase();
  if (scheme === 'ORCID') return `https://orcid.org/${id}`;
  if (scheme === 'ROR') return `https://ror.org/${id}`;
  if (scheme === 'ISNI') return `https://isni.org/isni/${id.replace(/\s/g, '')}`;
  return undefined;
}

/** A related identifier as a URL when it has an obvious one (DOIs, URLs, arXiv, PMIDs, handles). */
export function relatedUrl(r: Obj): string | undefined {
  const id = text(r.relatedIdentifier ?? r.relatedItemIdentifier)?.trim();
  if (!id) return undefined;
  const type = String(r.relatedIdentifierType ?? r.relatedItemIdentifierType ?? '');
  if (/^https?:\/\//.test(id)) return id;
  switch (type) {
    case 'DOI':
      return doiUrl(id.replace(/^doi:/i, ''));
    case 'arXiv':
      return `https://arxiv.org/abs/${id.replace(/^arXiv:/i, '')}`;
    case 'PMID':
      return `https://pubmed.ncbi.nlm.nih.gov/${id}`;
    case 'Handle':
      return `https://hdl.handle.net/${id}`;
    case 'URN':
    case 'URL':
    default:
      return undefined;
  }
}

/** CSL 1.0.2 item types by resourceTypeGeneral (as DataCite's citeproc output chooses them). */
export const CSL_TYPES: Readonly<Record<string, string>> = Object.freeze({
  Audiovisual: 'motion_picture',
  Award: 'document',
  Book: 'book',
  BookChapter: 'chapter',
  Collection: 'collection',
  ComputationalNotebook: 'software',
  ConferencePaper: 'paper-conference',
  ConferenceProceeding: 'book',
  DataPaper: 'article-journal',
  Dataset: 'dataset',
  Dissertation: 'thesis',
  Event: 'event',
  Image: 'graphic',
  Instrument: 'document',
  InteractiveResource: 'webpage',
  Journal: 'periodical',
  JournalArticle: 'article-journal',
  Model: 'document',
  OutputManagementPlan: 'document',
  PeerReview: 'review',
  PhysicalObject: 'document',
  Poster: 'document',
  Preprint: 'article',
  Presentation: 'speech',
  Project: 'document',
  Report: 'report',
  Service: 'webpage',
  Software: 'software',
  Sound: 'song',
  Standard: 'standard',
  StudyRegistration: 'document',
  Text: 'article',
  Workflow: 'software',
  Other: 'document',
});

/** schema.org types by resourceTypeGeneral. */
export const SCHEMA_ORG_TYPES: Readonly<Record<string, string>> = Object.freeze({
  Audiovisual: 'MediaObject',
  Award: 'Grant',
  Book: 'Book',
  BookChapter: 'Chapter',
  Collection: 'Collection',
  ComputationalNotebook: 'SoftwareSourceCode',
  ConferencePaper: 'ScholarlyArticle',
  ConferenceProceeding: 'Book',
  DataPaper: 'ScholarlyArticle',
  Dataset: 'Dataset',
  Dissertation: 'Thesis',
  Event: 'Event',
  Image: 'ImageObject',
  Instrument: 'Thing',
  InteractiveResource: 'WebSite',
  Journal: 'Periodical',
  JournalArticle: 'ScholarlyArticle',
  Model: 'CreativeWork',
  OutputManagementPlan: 'CreativeWork',
  PeerReview: 'Review',
  PhysicalObject: 'CreativeWork',
  Poster: 'Poster',
  Preprint: 'ScholarlyArticle',
  Presentation: 'PresentationDigitalDocument',
  Project: 'ResearchProject',
  Report: 'Report',
  Service: 'Service',
  Software: 'SoftwareSourceCode',
  Sound: 'AudioObject',
  Standard: 'CreativeWork',
  StudyRegistration: 'CreativeWork',
  Text: 'ScholarlyArticle',
  Workflow: 'SoftwareSourceCode',
  Other: 'CreativeWork',
});

/** BibTeX entry types by resourceTypeGeneral (as DataCite's BibTeX output chooses them). */
export const BIBTEX_TYPES: Readonly<Record<string, string>> = Object.freeze({
  Book: 'book',
  BookChapter: 'inbook',
  ConferencePaper: 'inproceedings',
  ConferenceProceeding: 'proceedings',
  DataPaper: 'article',
  Dissertation: 'phdthesis',
  JournalArticle: 'article',
  Report: 'techreport',
});

/** RIS types by resourceTypeGeneral. */
export const RIS_TYPES: Readonly<Record<string, string>> = Object.freeze({
  Audiovisual: 'MPCT',
  Book: 'BOOK',
  BookChapter: 'CHAP',
  ComputationalNotebook: 'COMP',
  ConferencePaper: 'CPAPER',
  ConferenceProceeding: 'CONF',
  Dataset: 'DATA',
  Dissertation: 'THES',
  Image: 'FIGURE',
  JournalArticle: 'JOUR',
  Report: 'RPRT',
  Software: 'COMP',
  Sound: 'SOUND',
  Standard: 'STAND',
});
