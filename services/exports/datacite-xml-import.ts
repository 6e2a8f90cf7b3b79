/**
 * DataCite XML (kernel-4) → our metadata JSON (the REST API attribute form), so metadata from
 * another repository is never retyped. Every element and attribute of the 4.7 XSD has its place;
 * texts are trimmed (line breaks of the source formatting become spaces, `<br/>` a line break),
 * `xml:lang` becomes `lang`. The document's own identifier is not ours: it is kept as a related
 * identifier `IsIdenticalTo` (DataCite's relation for "the same resource, held elsewhere"), or as
 * an alternate identifier when its type is not a relatedIdentifierType.
 *
 * The importer never refuses an XSD-valid document: it does not validate against our (stricter)
 * JSON Schema; the draft reports what it finds.
 */
import type { Metadata } from '../records/tables.js';
import { parseResource, type Element } from './datacite-xml-parse.js';

export const DATACITE_XML_MEDIA_TYPE = 'application/vnd.datacite.datacite+xml';

type Obj = Record<string, unknown>;

// DataCite's relatedIdentifierType vocabulary (4.7): an imported identifier of one of these types becomes a relation.
const RELATED_IDENTIFIER_TYPES = new Set([
  'ARK', 'arXiv', 'bibcode', 'CSTR', 'DOI', 'EAN13', 'EISSN', 'Handle', 'IGSN', 'ISBN', 'ISSN', 'ISTC', 'LISSN',
  'LSID', 'PMID', 'PURL', 'RAiD', 'RRID', 'SWHID', 'UPC', 'URL', 'URN', 'w3id',
]);

// ---- mapping -------------------------------------------------------------------------

/** Copies the attributes (renamed per `names`, XML name → JSON name) that are present and not blank. */
function pick(e: Element, names: Record<string, string>): Obj {
  const out: Obj = {};
  for (const [xmlName, jsonName] of Object.entries(names)) {
    const v = e.attrs[xmlName];
    if (v !== undefined && v !== '') out[jsonName] = v;
  }
  return out;
}

const kids = (e: Element, name: string) => e.children.filter((c) => c.name === name);
const kid = (e: Element, name: string) => e.children.find((c) => c.name === name);
const withText = (key: string, e: Element): Obj => (e.text !== '' ? { [key]: e.text } : {});

function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Years stay numbers when they are four digits (as the REST API has them); anything else is kept as found. */
function year(e: Element | undefined): number | string | undefined {
  if (!e || e.text === '') return undefined;
  return /^\d{4}$/.test(e.text) ? Number(e.text) : e.text;
}

function num(e: Element | undefined): number | string | undefined {
  if (!e || e.text === '') return undefined;
  const n = Number(e.text);
  return Number.isFinite(n) ? n : e.text;
}

function person(e: Element, kind: 'creator' | 'contributor', full: boolean): Obj {
  const nameEl = kid(e, `${kind}Name`);
  const given = kid(e, 'givenName');
  const family = kid(e, 'familyName');
  return compact({
    ...(nameEl ? withText('name', nameEl) : {}),
    ...(nameEl ? pick(nameEl, { nameType: 'nameType' }) : {}),
    givenName: given && given.text !== '' ? given.text : undefined,
    familyName: family && family.text !== '' ? family.text : undefined,
    ...(nameEl ? pick(nameEl, { lang: 'lang' }) : {}),
    ...(kind === 'contributor' ? pick(e, { contributorType: 'contributorType' }) : {}),
    nameIdentifiers: full && kids(e, 'nameIdentifier').length > 0
      ? kids(e, 'nameIdentifier').map((n) => ({ ...withText('nameIdentifier', n), ...pick(n, { nameIdentifierScheme: 'nameIdentifierScheme', schemeURI: 'schemeUri' }) }))
      : undefined,
    affiliation: full && kids(e, 'affiliation').length > 0
      ? kids(e, 'affiliation').map((a) => ({
          ...withText('name', a),
          ...pick(a, { affiliationIdentifier: 'affiliationIdentifier', affiliationIdentifierScheme: 'affiliationIdentifierScheme', schemeURI: 'schemeUri' }),
        }))
      : undefined,
  });
}

function titles(e: Element): Obj[] {
  return kids(e, 'title').map((t) => ({ ...withText('title', t), ...pick(t, { titleType: 'titleType', lang: 'lang' }) }));
}

function point(e: Element): Obj {
  return compact({ pointLatitude: num(kid(e, 'pointLatitude')), pointLongitude: num(kid(e, 'pointLongitude')) });
}

/** One XML geoLocation may repeat place/point/box (an XSD choice); our JSON holds one of each, so extras start new geoLocations. */
function geoLocations(e: Element): Obj[] {
  const out: Obj[] = [];
  for (const g of kids(e, 'geoLocation')) {
    const places = kids(g, 'geoLocationPlace');
    const points = kids(g, 'geoLocationPoint');
    const boxes = kids(g, 'geoLocationBox');
    const polygons = kids(g, 'geoLocationPolygon').map((p) =>
      p.children.filter((c) => c.name === 'polygonPoint' || c.name === 'inPolygonPoint').map((c) => ({ [c.name]: point(c) })),
    );
    const n = Math.max(1, places.length, points.length, boxes.length);
    for (let i = 0; i < n; i++) {
      const box = boxes[i];
      out.push(
        compact({
          geoLocationPlace: places[i] && places[i]!.text !== '' ? places[i]!.text : undefined,
          geoLocationPoint: points[i] ? point(points[i]!) : undefined,
          geoLocationBox: box
            ? compact({
                westBoundLongitude: num(kid(box, 'westBoundLongitude')),
                eastBoundLongitude: num(kid(box, 'eastBoundLongitude')),
                southBoundLatitude: num(kid(box, 'southBoundLatitude')),
                northBoundLatitude: num(kid(box, 'northBoundLatitude')),
              })
            : undefined,
          geoLocationPolygon: i > 0 || polygons.length === 0 ? undefined : polygons.length === 1 ? polygons[0] : polygons,
        }),
      );
    }
  }
  return out;
}

function fundingReference(f: Element): Obj {
  const id = kid(f, 'funderIdentifier');
  const award = kid(f, 'awardNumber');
  const title = kid(f, 'awardTitle');
  return compact({
    funderName: kid(f, 'funderName')?.text || undefined,
    ...(id ? { ...withText('funderIdentifier', id), ...pick(id, { funderIdentifierType: 'funderIdentifierType', schemeURI: 'schemeUri' }) } : {}),
    ...(award ? { ...withText('awardNumber', award), ...pick(award, { awardURI: 'awardUri' }) } : {}),
    awardTitle: title && title.text !== '' ? title.text : undefined,
  });
}

function relatedItem(r: Element): Obj {
  const id = kid(r, 'relatedItemIdentifier');
  const number = kid(r, 'number');
  const textOf = (name: string) => {
    const c = kid(r, name);
    return c && c.text !== '' ? c.text : undefined;
  };
  const creators = kid(r, 'creators');
  const contributors = kid(r, 'contributors');
  const titlesEl = kid(r, 'titles');
  return compact({
    ...pick(r, { relatedItemType: 'relatedItemType', relationType: 'relationType', relationTypeInformation: 'relationTypeInformation' }),
    relatedItemIdentifier: id
      ? {
          ...withText('relatedItemIdentifier', id),
          // The REST API spells schemeURI in capitals here (schemeUri elsewhere).
          ...pick(id, { relatedItemIdentifierType: 'relatedItemIdentifierType', relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeURI', schemeType: 'schemeType' }),
        }
      : undefined,
    creators: creators ? kids(creators, 'creator').map((c) => person(c, 'creator', false)) : undefined,
    titles: titlesEl ? titles(titlesEl) : undefined,
    publicationYear: year(kid(r, 'publicationYear')),
    volume: textOf('volume'),
    issue: textOf('issue'),
    number: number && number.text !== '' ? number.text : undefined,
    numberType: number?.attrs.numberType || undefined,
    firstPage: textOf('firstPage'),
    lastPage: textOf('lastPage'),
    publisher: textOf('publisher'),
    edition: textOf('edition'),
    contributors: contributors ? kids(contributors, 'contributor').map((c) => person(c, 'contributor', false)) : undefined,
  });
}

/**
 * Parses a DataCite XML document into metadata. Throws MalformedXmlError (400, with line and
 * column) and NotDataCiteXmlError (400, another root element or namespace).
 */
export function importDataCiteXml(xml: string): Metadata {
  const root = parseResource(xml);
  const md: Obj = {};
  const wrapper = (name: string) => kid(root, name);
  const textOf = (name: string) => {
    const c = kid(root, name);
    return c && c.text !== '' ? c.text : undefined;
  };

  const creators = wrapper('creators');
  if (creators) md.creators = kids(creators, 'creator').map((c) => person(c, 'creator', true));
  const titlesEl = wrapper('titles');
  if (titlesEl) md.titles = titles(titlesEl);
  const publisher = wrapper('publisher');
  if (publisher) {
    const attrs = pick(publisher, { publisherIdentifier: 'publisherIdentifier', publisherIdentifierScheme: 'publisherIdentifierScheme', schemeURI: 'schemeUri', lang: 'lang' });
    md.publisher = Object.keys(attrs).length > 0 ? { ...withText('name', publisher), ...attrs } : publisher.text;
  }
  const pubYear = year(wrapper('publicationYear'));
  if (pubYear !== undefined) md.publicationYear = pubYear;
  const resourceType = wrapper('resourceType');
  if (resourceType) md.types = { ...pick(resourceType, { resourceTypeGeneral: 'resourceTypeGeneral' }), ...withText('resourceType', resourceType) };
  const subjects = wrapper('subjects');
  if (subjects) {
    md.subjects = kids(subjects, 'subject').map((s) => ({
      ...withText('subject', s),
      ...pick(s, { subjectScheme: 'subjectScheme', schemeURI: 'schemeUri', valueURI: 'valueUri', classificationCode: 'classificationCode', lang: 'lang' }),
    }));
  }
  const contributors = wrapper('contributors');
  if (contributors) md.contributors = kids(contributors, 'contributor').map((c) => person(c, 'contributor', true));
  const dates = wrapper('dates');
  if (dates) md.dates = kids(dates, 'date').map((d) => ({ ...withText('date', d), ...pick(d, { dateType: 'dateType', dateInformation: 'dateInformation' }) }));
  if (textOf('language')) md.language = textOf('language');
  const alternates = wrapper('alternateIdentifiers');
  if (alternates) {
    md.alternateIdentifiers = kids(alternates, 'alternateIdentifier').map((a) => ({ ...withText('alternateIdentifier', a), ...pick(a, { alternateIdentifierType: 'alternateIdentifierType' }) }));
  }
  const related = wrapper('relatedIdentifiers');
  if (related) {
    md.relatedIdentifiers = kids(related, 'relatedIdentifier').map((r) => ({
      ...withText('relatedIdentifier', r),
      ...pick(r, {
        relatedIdentifierType: 'relatedIdentifierType',
        relationType: 'relationType',
        relationTypeInformation: 'relationTypeInformation',
        resourceTypeGeneral: 'resourceTypeGeneral',
        relatedMetadataScheme: 'relatedMetadataScheme',
        schemeURI: 'schemeUri',
        schemeType: 'schemeType',
      }),
    }));
  }
  const sizes = wrapper('sizes');
  if (sizes) md.sizes = kids(sizes, 'size').map((s) => s.text).filter((s) => s !== '');
  const formats = wrapper('formats');
  if (formats) md.formats = kids(formats, 'format').map((s) => s.text).filter((s) => s !== '');
  if (textOf('version')) md.version = textOf('version');
  const rights = wrapper('rightsList');
  if (rights) {
    md.rightsList = kids(rights, 'rights').map((r) => ({
      ...withText('rights', r),
      ...pick(r, { rightsURI: 'rightsUri', rightsIdentifier: 'rightsIdentifier', rightsIdentifierScheme: 'rightsIdentifierScheme', schemeURI: 'schemeUri', lang: 'lang' }),
    }));
  }
  const descriptions = wrapper('descriptions');
  if (descriptions) md.descriptions = kids(descriptions, 'description').map((d) => ({ ...withText('description', d), ...pick(d, { descriptionType: 'descriptionType', lang: 'lang' }) }));
  const geo = wrapper('geoLocations');
  if (geo) md.geoLocations = geoLocations(geo);
  const funding = wrapper('fundingReferences');
  if (funding) md.fundingReferences = kids(funding, 'fundingReference').map(fundingReference);
  const items = wrapper('relatedItems');
  if (items) md.relatedItems = kids(items, 'relatedItem').map(relatedItem);

  keepForeignIdentifier(md, kid(root, 'identifier'));
  return md as Metadata;
}

/** The imported document's identifier: never our DOI; a relation `IsIdenticalTo` (or an alternate identifier). */
function keepForeignIdentifier(md: Obj, identifier: Element | undefined): void {
  if (!identifier || identifier.text === '') return;
  const type = identifier.attrs.identifierType ?? 'DOI';
  const value = identifier.text;
  if (RELATED_IDENTIFIER_TYPES.has(type)) {
    const list = (md.relatedIdentifiers as Obj[] | undefined) ?? [];
    const known = list.some((r) => r.relationType === 'IsIdenticalTo' && String(r.relatedIdentifier).toLowerCase() === value.toLowerCase());
    const general = (md.types as Obj | undefined)?.resourceTypeGeneral;
    if (!known) md.relatedIdentifiers = [...list, { relatedIdentifier: value, relatedIdentifierType: type, relationType: 'IsIdenticalTo', ...(general ? { resourceTypeGeneral: general } : {}) }];
  } else {
    const list = (md.alternateIdentifiers as Obj[] | undefined) ?? [];
    if (!list.some((a) => a.alternateIdentifier === value)) md.alternateIdentifiers = [...list, { alternateIdentifier: value, alternateIdentifierType: type }];
  }
}
