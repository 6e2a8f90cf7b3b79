/**
 * CSL-JSON (`application/vnd.citationstyles.csl+json`), the item DataCite's content negotiation
 * returns; BibTeX and formatted citations are rendered from it by Citation.js.
 */
import type { ExportView } from '../export-view.js';
import { CSL_TYPES, descriptionOf, doiUrl, exportedMetadata, identifierDoi, isObj, mainTitle, nameParts, objs, publisherName, text, type Obj } from './common.js';

/** `YYYY[-MM[-DD]]...` as CSL date-parts; undefined when it does not start with a year. */
export function dateParts(value: unknown): { 'date-parts': number[][] } | undefined {
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(value ?? ''));
  if (!m) return undefined;
  return { 'date-parts': [[m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number)] };
}

function names(list: Obj[]): Obj[] {
  return list.map(nameParts).filter((n) => Object.keys(n).length > 0) as Obj[];
}

/** The CSL item of the record. Never throws. */
export function cslItem(view: ExportView): Obj {
  const md = exportedMetadata(view);
  const types = isObj(md.types) ? md.types : {};
  const general = typeof types.resourceTypeGeneral === 'string' ? types.resourceTypeGeneral : 'Other';
  const doi = identifierDoi(view);
  const issued = objs(md.dates).find((d) => d.dateType === 'Issued');
  const contributors = objs(md.contributors);
  const container = objs(md.relatedItems).find((r) => r.relationType === 'IsPublishedIn');
  const item: Obj = {
    id: doiUrl(doi),
    type: typeof types.citeproc === 'string' ? types.citeproc : CSL_TYPES[general] ?? 'document',
    title: mainTitle(md),
    author: names(objs(md.creators)),
    editor: names(contributors.filter((c) => c.contributorType === 'Editor')),
    translator: names(contributors.filter((c) => c.contributorType === 'Translator')),
    issued: (issued && dateParts(issued.date)) ?? dateParts(md.publicationYear),
    publisher: publisherName(md),
    DOI: doi,
    URL: doiUrl(doi),
    version: text(md.version),
    abstract: descriptionOf(md),
    language: text(md.language),
    keyword: objs(md.subjects).map((s) => text(s.subject)).filter(Boolean).join(', ') || undefined,
    copyright: text(objs(md.rightsList)[0]?.rights),
    genre: text(types.resourceType),
  };
  if (container) {
    item['container-title'] = text(objs(container.titles)[0]?.title);
    item.volume = text(container.volume);
    item.issue = text(container.issue);
    const pages = [text(container.firstPage), text(container.lastPage)].filter(Boolean).join('-');
    if (pages) item.page = pages;
  }
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** The CSL-JSON item (pretty-printed). Never throws. */
export function toCslJson(view: ExportView): string {
  return JSON.stringify(cslItem(view), null, 2);
}
