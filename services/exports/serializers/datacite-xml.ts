/**
 * DataCite Metadata Schema 4.7 XML (kernel-4) from our REST-API-shaped JSON, built with xmlbuilder2.
 * Element order follows the XSD (its `xs:sequence`s; the resource itself is an `xs:all`). Every
 * property of the JSON form has its place, so XML → record → XML keeps every element and attribute.
 * Only `types.schemaOrg/bibtex/citeproc/ris` have no XML counterpart (DataCite derives them).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { ExportView } from '../export-view.js';
import { exportedMetadata, identifierDoi, isObj, objs, strings, textOrEmpty, type Obj } from './common.js';

export const DATACITE_NS = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA_LOCATION = 'https://schema.datacite.org/meta/kernel-4/metadata.xsd';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

type Attrs = Record<string, unknown>;

/** Adds `<name attrs>text</name>`, leaving out attributes without a value. */
function el(parent: XMLBuilder, name: string, attrs: Attrs = {}, value?: unknown): XMLBuilder {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) {
    const s = textOrEmpty(v);
    if (s !== undefined && s !== '') clean[k] = s;
  }
  const child = parent.ele(name, clean);
  const t = textOrEmpty(value);
  if (t !== undefined && t !== '') child.txt(t);
  return child;
}

function lang(o: Obj): Attrs {
  return { 'xml:lang': o.lang };
}

function nameIdentifiers(parent: XMLBuilder, p: Obj): void {
  for (const ni of objs(p.nameIdentifiers)) el(parent, 'nameIdentifier', { nameIdentifierScheme: ni.nameIdentifierScheme, schemeURI: ni.schemeUri }, ni.nameIdentifier);
  for (const a of objs(p.affiliation)) {
    el(parent, 'affiliation', { affiliationIdentifier: a.affiliationIdentifier, affiliationIdentifierScheme: a.affiliationIdentifierScheme, schemeURI: a.schemeUri }, a.name);
  }
}

/** A creator or contributor (`kind` names the name element): name, given/family, identifiers, affiliations. */
function person(parent: XMLBuilder, kind: 'creator' | 'contributor', p: Obj, full: boolean): void {
  const node = el(parent, kind, kind === 'contributor' ? { contributorType: p.contributorType } : {});
  el(node, `${kind}Name`, { nameType: p.nameType, ...lang(p) }, p.name);
  if (textOrEmpty(p.givenName) !== undefined) el(node, 'givenName', {}, p.givenName);
  if (textOrEmpty(p.familyName) !== undefined) el(node, 'familyName', {}, p.familyName);
  if (full) nameIdentifiers(node, p);
}

function titles(parent: XMLBuilder, list: unknown): void {
  const wrap = parent.ele('titles');
  for (const t of objs(list)) el(wrap, 'title', { titleType: t.titleType, ...lang(t) }, t.title);
}

function point(parent: XMLBuilder, name: string, p: unknown): void {
  if (!isObj(p)) return;
  const node = parent.ele(name);
  el(node, 'pointLongitude', {}, p.pointLongitude);
  el(node, 'pointLatitude', {}, p.pointLatitude);
}

/** One polygon: an array of `{polygonPoint}` / `{inPolygonPoint}` entries (XSD: points, then the inside point). */
function polygon(parent: XMLBuilder, entries: unknown[]): void {
  const node = parent.ele('geoLocationPolygon');
  const list = entries.filter(isObj);
  for (const e of list) if (e.polygonPoint) point(node, 'polygonPoint', e.polygonPoint);
  for (const e of list) if (e.inPolygonPoint) point(node, 'inPolygonPoint', e.inPolygonPoint);
}

function geoLocation(parent: XMLBuilder, g: Obj): void {
  const node = parent.ele('geoLocation');
  if (textOrEmpty(g.geoLocationPlace) !== undefined) el(node, 'geoLocationPlace', {}, g.geoLocationPlace);
  point(node, 'geoLocationPoint', g.geoLocationPoint);
  if (isObj(g.geoLocationBox)) {
    const b = g.geoLocationBox;
    const box = node.ele('geoLocationBox');
    el(box, 'westBoundLongitude', {}, b.westBoundLongitude);
    el(box, 'eastBoundLongitude', {}, b.eastBoundLongitude);
    el(box, 'southBoundLatitude', {}, b.southBoundLatitude);
    el(box, 'northBoundLatitude', {}, b.northBoundLatitude);
  }
  if (Array.isArray(g.geoLocationPolygon) && g.geoLocationPolygon.length > 0) {
    const polys = g.geoLocationPolygon.every(Array.isArray) ? (g.geoLocationPolygon as unknown[][]) : [g.geoLocationPolygon];
    for (const p of polys) polygon(node, p);
  }
}

function fundingReference(parent: XMLBuilder, f: Obj): void {
  const node = parent.ele('fundingReference');
  el(node, 'funderName', {}, f.funderName);
  if (f.funderIdentifier !== undefined || f.funderIdentifierType !== undefined) {
    el(node, 'funderIdentifier', { funderIdentifierType: f.funderIdentifierType, schemeURI: f.schemeUri }, f.funderIdentifier);
  }
  if (f.awardNumber !== undefined || f.awardUri !== undefined) el(node, 'awardNumber', { awardURI: f.awardUri }, f.awardNumber);
  if (f.awardTitle !== undefined) el(node, 'awardTitle', {}, f.awardTitle);
}

function relatedItem(parent: XMLBuilder, r: Obj): void {
  const node = el(parent, 'relatedItem', { relatedItemType: r.relatedItemType, relationType: r.relationType, relationTypeInformation: r.relationTypeInformation });
  if (isObj(r.relatedItemIdentifier)) {
    const i = r.relatedItemIdentifier;
    el(
      node,
      'relatedItemIdentifier',
      { relatedItemIdentifierType: i.relatedItemIdentifierType, relatedMetadataScheme: i.relatedMetadataScheme, schemeURI: i.schemeURI ?? i.schemeUri, schemeType: i.schemeType },
      i.relatedItemIdentifier,
    );
  }
  if (Array.isArray(r.creators)) {
    const wrap = node.ele('creators');
    for (const c of objs(r.creators)) person(wrap, 'creator', c, false);
  }
  if (Array.isArray(r.titles)) titles(node, r.titles);
  for (const name of ['publicationYear', 'volume', 'issue'] as const) if (r[name] !== undefined) el(node, name, {}, r[name]);
  if (r.number !== undefined || r.numberType !== undefined) el(node, 'number', { numberType: r.numberType }, r.number);
  for (const name of ['firstPage', 'lastPage', 'publisher', 'edition'] as const) if (r[name] !== undefined) el(node, name, {}, r[name]);
  if (Array.isArray(r.contributors)) {
    const wrap = node.ele('contributors');
    for (const c of objs(r.contributors)) person(wrap, 'contributor', c, false);
  }
}

/** Builds the `<resource>` document. Never throws for odd drafts: what cannot be placed is left out. */
export function toDataCiteXml(view: ExportView): string {
  const md = exportedMetadata(view);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(DATACITE_NS, 'resource', {
    'xmlns:xsi': XSI_NS,
    'xsi:schemaLocation': `${DATACITE_NS} ${DATACITE_SCHEMA_LOCATION}`,
  });
  el(root, 'identifier', { identifierType: 'DOI' }, identifierDoi(view));

  const creators = root.ele('creators');
  for (const c of objs(md.creators)) person(creators, 'creator', c, true);
  titles(root, md.titles);
  if (isObj(md.publisher)) {
    const p = md.publisher;
    el(root, 'publisher', { publisherIdentifier: p.publisherIdentifier, publisherIdentifierScheme: p.publisherIdentifierScheme, schemeURI: p.schemeUri, ...lang(p) }, p.name);
  } else {
    el(root, 'publisher', {}, md.publisher);
  }
  el(root, 'publicationYear', {}, md.publicationYear);
  const types = isObj(md.types) ? md.types : {};
  el(root, 'resourceType', { resourceTypeGeneral: types.resourceTypeGeneral }, types.resourceType);

  if (Array.isArray(md.subjects)) {
    const wrap = root.ele('subjects');
    for (const s of objs(md.subjects)) {
      el(wrap, 'subject', { subjectScheme: s.subjectScheme, schemeURI: s.schemeUri, valueURI: s.valueUri, classificationCode: s.classificationCode, ...lang(s) }, s.subject);
    }
  }
  if (Array.isArray(md.contributors)) {
    const wrap = root.ele('contributors');
    for (const c of objs(md.contributors)) person(wrap, 'contributor', c, true);
  }
  if (Array.isArray(md.dates)) {
    const wrap = root.ele('dates');
    for (const d of objs(md.dates)) el(wrap, 'date', { dateType: d.dateType, dateInformation: d.dateInformation }, d.date);
  }
  if (md.language !== undefined) el(root, 'language', {}, md.language);
  if (Array.isArray(md.alternateIdentifiers)) {
    const wrap = root.ele('alternateIdentifiers');
    for (const a of objs(md.alternateIdentifiers)) el(wrap, 'alternateIdentifier', { alternateIdentifierType: a.alternateIdentifierType }, a.alternateIdentifier);
  }
  if (Array.isArray(md.relatedIdentifiers)) {
    const wrap = root.ele('relatedIdentifiers');
    for (const r of objs(md.relatedIdentifiers)) {
      el(
        wrap,
        'relatedIdentifier',
        {
          relatedIdentifierType: r.relatedIdentifierType,
          relationType: r.relationType,
          resourceTypeGeneral: r.resourceTypeGeneral,
          relatedMetadataScheme: r.relatedMetadataScheme,
          schemeURI: r.schemeUri,
          schemeType: r.schemeType,
          relationTypeInformation: r.relationTypeInformation,
        },
        r.relatedIdentifier,
      );
    }
  }
  if (Array.isArray(md.sizes)) {
    const wrap = root.ele('sizes');
    for (const s of strings(md.sizes)) el(wrap, 'size', {}, s);
  }
  if (Array.isArray(md.formats)) {
    const wrap = root.ele('formats');
    for (const f of strings(md.formats)) el(wrap, 'format', {}, f);
  }
  if (md.version !== undefined) el(root, 'version', {}, md.version);
  if (Array.isArray(md.rightsList)) {
    const wrap = root.ele('rightsList');
    for (const r of objs(md.rightsList)) {
      el(wrap, 'rights', { rightsURI: r.rightsUri, rightsIdentifier: r.rightsIdentifier, rightsIdentifierScheme: r.rightsIdentifierScheme, schemeURI: r.schemeUri, ...lang(r) }, r.rights);
    }
  }
  if (Array.isArray(md.descriptions)) {
    const wrap = root.ele('descriptions');
    // Line breaks stay line-break characters in the text (the XSD's <br/> would be reformatted by pretty printing).
    for (const d of objs(md.descriptions)) el(wrap, 'description', { descriptionType: d.descriptionType, ...lang(d) }, d.description);
  }
  if (Array.isArray(md.geoLocations)) {
    const wrap = root.ele('geoLocations');
    for (const g of objs(md.geoLocations)) geoLocation(wrap, g);
  }
  if (Array.isArray(md.fundingReferences)) {
    const wrap = root.ele('fundingReferences');
    for (const f of objs(md.fundingReferences)) fundingReference(wrap, f);
  }
  if (Array.isArray(md.relatedItems)) {
    const wrap = root.ele('relatedItems');
    for (const r of objs(md.relatedItems)) relatedItem(wrap, r);
  }
  return root.end({ prettyPrint: true });
}
