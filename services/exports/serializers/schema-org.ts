/**
 * schema.org JSON-LD as DataCite's content negotiation writes it (`application/ld+json`): a
 * `Dataset` (or the type mapped from resourceTypeGeneral) with `@id` the DOI URL, authors with ORCID
 * `@id`s, keywords, licence, spatial/temporal coverage, funders, relations and — when the caller may
 * see them — the files as `DataDownload` distributions. Also embedded in landing pages.
 */
import type { ExportView } from '../export-view.js';
import {
  descriptionOf,
  doiUrl,
  exportedMetadata,
  identifierDoi,
  isObj,
  mainTitle,
  nameIdentifierUrl,
  objs,
  publisherName,
  relatedUrl,
  SCHEMA_ORG_TYPES,
  strings,
  text,
  type Obj,
} from './common.js';

export const SCHEMA_ORG_CONTEXT = 'http://schema.org';

// relationType → schema.org property of the described work (as DataCite maps them).
const RELATIONS: Readonly<Record<string, string>> = {
  IsPartOf: 'isPartOf',
  HasPart: 'hasPart',
  IsPublishedIn: 'isPartOf',
  References: 'citation',
  Cites: 'citation',
  IsDerivedFrom: 'isBasedOn',
  IsVariantFormOf: 'isBasedOn',
  IsNewVersionOf: 'isBasedOn',
  IsVersionOf: 'isPartOf',
  HasVersion: 'hasPart',
  IsIdenticalTo: 'sameAs',
};

function agent(p: Obj): Obj {
  const org = p.nameType === 'Organizational';
  const ids = objs(p.nameIdentifiers).map(nameIdentifierUrl).filter((u): u is string => !!u);
  const affiliation = objs(p.affiliation).map((a) => ({
    '@type': 'Organization',
    ...(typeof a.affiliationIdentifier === 'string' && /^https?:/.test(a.affiliationIdentifier) ? { '@id': a.affiliationIdentifier } : {}),
    name: a.name,
  }));
  return {
    '@type': org ? 'Organization' : 'Person',
    ...(ids[0] ? { '@id': ids[0] } : {}),
    name: p.name,
    ...(!org && p.givenName ? { givenName: p.givenName } : {}),
    ...(!org && p.familyName ? { familyName: p.familyName } : {}),
    ...(!org && affiliation.length > 0 ? { affiliation: affiliation.length === 1 ? affiliation[0] : affiliation } : {}),
  };
}

function place(g: Obj): Obj | undefined {
  const out: Obj = { '@type': 'Place' };
  if (text(g.geoLocationPlace)) out.name = g.geoLocationPlace;
  const geos: Obj[] = [];
  if (isObj(g.geoLocationPoint)) geos.push({ '@type': 'GeoCoordinates', latitude: g.geoLocationPoint.pointLatitude, longitude: g.geoLocationPoint.pointLongitude });
  if (isObj(g.geoLocationBox)) {
    const b = g.geoLocationBox;
    geos.push({ '@type': 'GeoShape', box: `${String(b.southBoundLatitude)} ${String(b.westBoundLongitude)} ${String(b.northBoundLatitude)} ${String(b.eastBoundLongitude)}` });
  }
  if (Array.isArray(g.geoLocationPolygon) && g.geoLocationPolygon.length > 0) {
    const polys = g.geoLocationPolygon.every(Array.isArray) ? (g.geoLocationPolygon as unknown[][]) : [g.geoLocationPolygon];
    for (const p of polys) {
      const pts = p.filter(isObj).filter((e) => isObj(e.polygonPoint)).map((e) => e.polygonPoint as Obj);
      geos.push({ '@type': 'GeoShape', polygon: pts.map((pt) => `${String(pt.pointLatitude)} ${String(pt.pointLongitude)}`).join(' ') });
    }
  }
  if (geos.length > 0) out.geo = geos.length === 1 ? geos[0] : geos;
  return Object.keys(out).length > 1 ? out : undefined;
}

const one = <T>(list: T[]): T | T[] | undefined => (list.length === 0 ? undefined : list.length === 1 ? list[0] : list);

/** The JSON-LD object. Never throws. */
export function schemaOrg(view: ExportView): Obj {
  const md = exportedMetadata(view);
  const types = isObj(md.types) ? md.types : {};
  const general = typeof types.resourceTypeGeneral === 'string' ? types.resourceTypeGeneral : 'Other';
  const doi = identifierDoi(view);
  const titles = objs(md.titles);
  const contributors = objs(md.contributors);
  const dates = objs(md.dates);
  const dateOf = (type: string) => text(dates.find((d) => d.dateType === type)?.date);
  const related: Record<string, Array<Obj | string>> = {};
  for (const r of objs(md.relatedIdentifiers)) {
    const prop = RELATIONS[String(r.relationType)];
    const url = relatedUrl(r);
    if (prop && url) (related[prop] ??= []).push(prop === 'sameAs' ? url : { '@type': 'CreativeWork', '@id': url });
  }
  const out: Obj = {
    '@context': SCHEMA_ORG_CONTEXT,
    '@type': typeof types.schemaOrg === 'string' ? types.schemaOrg : SCHEMA_ORG_TYPES[general] ?? 'CreativeWork',
    '@id': doiUrl(doi),
    identifier: one([
      { '@type': 'PropertyValue', propertyID: 'DOI', value: doiUrl(doi) },
      ...objs(md.alternateIdentifiers).map((a) => ({ '@type': 'PropertyValue', propertyID: a.alternateIdentifierType, value: a.alternateIdentifier })),
    ]),
    url: view.url,
    additionalType: text(types.resourceType),
    name: mainTitle(md),
    alternateName: one(titles.filter((t) => t.titleType === 'AlternativeTitle' || t.titleType === 'TranslatedTitle').map((t) => t.title)),
    author: one(objs(md.creators).map(agent)),
    editor: one(contributors.filter((c) => c.contributorType === 'Editor').map(agent)),
    contributor: one(contributors.filter((c) => c.contributorType !== 'Editor').map(agent)),
    description: descriptionOf(md) ?? text(objs(md.descriptions)[0]?.description),
    license: one(objs(md.rightsList).map((r) => text(r.rightsUri)).filter((u): u is string => !!u)),
    version: text(md.version),
    keywords: objs(md.subjects).map((s) => text(s.subject)).filter(Boolean).join(', ') || undefined,
    inLanguage: text(md.language),
    contentSize: one(strings(md.sizes)),
    encodingFormat: one(strings(md.formats)),
    dateCreated: dateOf('Created'),
    datePublished: dateOf('Issued') ?? text(md.publicationYear),
    dateModified: dateOf('Updated') ?? view.updated,
    spatialCoverage: one(objs(md.geoLocations).map(place).filter((p): p is Obj => !!p)),
    temporalCoverage: dateOf('Coverage') ?? dateOf('Collected'),
    funder: one(
      objs(md.fundingReferences).map((f) => ({
        '@type': 'Organization',
        ...(typeof f.funderIdentifier === 'string' && /^https?:/.test(f.funderIdentifier) ? { '@id': f.funderIdentifier } : {}),
        name: f.funderName,
      })),
    ),
    ...Object.fromEntries(Object.entries(related).map(([k, v]) => [k, one(v)])),
    publisher: publisherName(md) ? { '@type': 'Organization', name: publisherName(md) } : undefined,
    schemaVersion: 'http://datacite.org/schema/kernel-4',
    isAccessibleForFree: true,
    distribution: one(
      view.files.map((f) => ({ '@type': 'DataDownload', name: f.key, contentUrl: f.url, encodingFormat: f.mimetype, contentSize: `${f.size} B` })),
    ),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== ''));
}

/** The JSON-LD document (pretty-printed). Never throws. */
export function toSchemaOrgJsonLd(view: ExportView): string {
  return JSON.stringify(schemaOrg(view), null, 2);
}
