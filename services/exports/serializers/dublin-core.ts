/**
 * Simple Dublin Core as the OAI-PMH `oai_dc` record (`<oai_dc:dc>` with the 15 `dc:` elements),
 * mapped from DataCite as InvenioRDM and the OpenAIRE guidelines do: DOI and landing page as
 * identifiers, related identifiers as relations, access rights as `info:eu-repo/semantics/...`,
 * embargo end as `info:eu-repo/date/embargoEnd/...`. The OAI-PMH provider reuses `toDublinCoreXml`.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { ExportView } from '../export-view.js';
import { doiUrl, exportedMetadata, identifierDoi, isObj, objs, publisherName, relatedUrl, strings, text, type Obj } from './common.js';

export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const OAI_DC_SCHEMA_LOCATION = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';

const ACCESS_RIGHTS: Readonly<Record<string, string>> = {
  open: 'info:eu-repo/semantics/openAccess',
  embargoed: 'info:eu-repo/semantics/embargoedAccess',
  restricted: 'info:eu-repo/semantics/restrictedAccess',
  'metadata-only': 'info:eu-repo/semantics/closedAccess',
};

interface DcValue {
  value: string;
  lang?: string;
}

/** The Dublin Core elements of a record, in element order, as plain values (also for the JSON-minded). */
export function dublinCoreElements(view: ExportView): Array<[string, DcValue]> {
  const md = exportedMetadata(view);
  const out: Array<[string, DcValue]> = [];
  const seen = new Set<string>();
  const add = (name: string, value: unknown, lang?: unknown) => {
    const v = text(value);
    if (v === undefined || seen.has(`${name}\u0000${v}`)) return;
    seen.add(`${name}\u0000${v}`);
    out.push([name, { value: v, ...(typeof lang === 'string' && lang ? { lang } : {}) }]);
  };
  for (const t of objs(md.titles)) add('title', t.title, t.lang);
  for (const c of objs(md.creators)) add('creator', c.name, c.lang);
  for (const s of objs(md.subjects)) add('subject', s.subject, s.lang);
  for (const d of objs(md.descriptions)) add('description', d.description, d.lang);
  add('publisher', publisherName(md), isObj(md.publisher) ? md.publisher.lang : undefined);
  for (const c of objs(md.contributors)) add('contributor', c.name, c.lang);
  add('date', md.publicationYear);
  for (const d of objs(md.dates)) add('date', d.date);
  if (view.access.embargo.active && view.access.embargo.until) add('date', `info:eu-repo/date/embargoEnd/${view.access.embargo.until}`);
  const types = isObj(md.types) ? md.types : {};
  add('type', types.resourceTypeGeneral);
  add('type', types.resourceType);
  for (const f of strings(md.formats)) add('format', f);
  for (const f of new Set(view.files.map((f) => f.mimetype))) add('format', f);
  add('identifier', doiUrl(identifierDoi(view)));
  add('identifier', view.url);
  for (const a of objs(md.alternateIdentifiers)) add('identifier', a.alternateIdentifier);
  add('language', md.language);
  for (const r of objs(md.relatedIdentifiers)) add('relation', relatedUrl(r) ?? r.relatedIdentifier);
  for (const r of objs(md.relatedItems)) {
    const id = isObj(r.relatedItemIdentifier) ? relatedUrl(r.relatedItemIdentifier as Obj) ?? text(r.relatedItemIdentifier.relatedItemIdentifier) : undefined;
    add('relation', id ?? text(objs(r.titles)[0]?.title));
  }
  for (const g of objs(md.geoLocations)) {
    add('coverage', g.geoLocationPlace);
    if (isObj(g.geoLocationPoint)) add('coverage', `${String(g.geoLocationPoint.pointLatitude)}, ${String(g.geoLocationPoint.pointLongitude)}`);
  }
  for (const d of objs(md.dates)) if (d.dateType === 'Coverage') add('coverage', d.date);
  add('rights', ACCESS_RIGHTS[view.access.status]);
  for (const r of objs(md.rightsList)) {
    add('rights', r.rights, r.lang);
    add('rights', r.rightsUri);
  }
  return out;
}

/** The `<oai_dc:dc>` document. Never throws. */
export function toDublinCoreXml(view: ExportView): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  appendDublinCore(doc, view);
  return doc.end({ prettyPrint: true });
}

/** Appends `<oai_dc:dc>` under `parent` (the OAI-PMH `<metadata>` element, or a document). */
export function appendDublinCore(parent: XMLBuilder, view: ExportView): XMLBuilder {
  const root = parent.ele(OAI_DC_NS, 'oai_dc:dc', {
    'xmlns:dc': DC_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${OAI_DC_NS} ${OAI_DC_SCHEMA_LOCATION}`,
  });
  for (const [name, v] of dublinCoreElements(view)) {
    root.ele(DC_NS, `dc:${name}`, v.lang ? { 'xml:lang': v.lang } : {}).txt(v.value);
  }
  return root;
}
