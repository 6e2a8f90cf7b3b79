import { Cite } from '@citation-js/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import full from '../records/testing/datacite-full.json' with { type: 'json' };
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { AppError } from '../platform/errors.js';
import { importDataCiteXml } from './datacite-xml-import.js';
import { CITATION_STYLES, EXPORT_FORMAT_NAMES, EXPORT_FORMATS, formatCitation, serialize } from './registry.js';
import schemaOrgContext from './testing/schema-org-context.json' with { type: 'json' };
import { viewOf } from './testing/views.js';
import { validateDataCiteXml } from './testing/xmllint.js';

const view = viewOf(full);

// An offline document loader: the schema.org context comes from a local file, nothing from the network.
const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: null, document: schemaOrgContext, documentUrl: url };
  throw new Error(`no network in tests (asked for ${url})`);
};

describe('export registry', () => {
  it('names the formats as InvenioRDM does, with DataCite content-negotiation media types', () => {
    expect(EXPORT_FORMAT_NAMES).toEqual(['datacite-xml', 'datacite-json', 'json-ld', 'csl', 'bibtex', 'dublincore']);
    expect(Object.fromEntries(Object.entries(EXPORT_FORMATS).map(([k, v]) => [k, v.mediaType]))).toEqual({
      'datacite-xml': 'application/vnd.datacite.datacite+xml',
      'datacite-json': 'application/vnd.datacite.datacite+json',
      'json-ld': 'application/ld+json',
      csl: 'application/vnd.citationstyles.csl+json',
      bibtex: 'application/x-bibtex',
      dublincore: 'application/x-dc+xml',
    });
    expect(() => serialize('marcxml' as never, view)).toThrow(/Unknown export format "marcxml"/);
  });

  it.each(EXPORT_FORMAT_NAMES)('serializes the full fixture, a minimal record and an empty draft as %s without throwing', (format) => {
    expect(serialize(format, view).length).toBeGreaterThan(100);
    expect(serialize(format, viewOf(minimal, { conceptDoi: undefined, files: [] })).length).toBeGreaterThan(50);
    expect(() => serialize(format, viewOf({}, { doi: undefined, previewDoi: '10.5072/cairn.k3x9p-2mq7a', isDraft: true }))).not.toThrow();
  });
});

describe('DataCite XML', () => {
  it('validates against the kernel-4 XSD with the richest metadata the schema allows', async () => {
    const xml = serialize('datacite-xml', view);
    expect(await validateDataCiteXml(xml)).toEqual({ valid: true, errors: '' });
    expect(xml).toContain('<identifier identifierType="DOI">10.5072/cairn.k3x9p-2mq7a</identifier>');
    expect(xml).toContain('xsi:schemaLocation="http://datacite.org/schema/kernel-4 https://schema.datacite.org/meta/kernel-4/metadata.xsd"');
    expect(await validateDataCiteXml(serialize('datacite-xml', viewOf(minimal)))).toMatchObject({ valid: true });
  });

  it('uses the preview DOI when there is no DOI yet, and fails the XSD for an incomplete draft', async () => {
    const xml = serialize('datacite-xml', viewOf(minimal, { doi: undefined, conceptDoi: undefined, previewDoi: '10.5072/cairn.abcde-fghij' }));
    expect(xml).toContain('<identifier identifierType="DOI">10.5072/cairn.abcde-fghij</identifier>');
    const incomplete = await validateDataCiteXml(serialize('datacite-xml', viewOf({ titles: [{ title: 'Half done' }] })));
    expect(incomplete.valid).toBe(false);
    expect(incomplete.errors).toMatch(/creator|publisher/);
  });

  // Years come back as numbers (as the REST API has them); the XML has no place for the derived types.
  it('imports back to the same metadata (only the XML-less derived types, years and the version relation differ)', () => {
    const back = importDataCiteXml(serialize('datacite-xml', view)) as Record<string, any>;
    const { schemaOrg: _s, bibtex: _b, citeproc: _c, ris: _r, ...xmlTypes } = full.types;
    const expected = {
      ...full,
      publicationYear: Number(full.publicationYear),
      types: xmlTypes,
      relatedIdentifiers: [
        ...full.relatedIdentifiers,
        { relatedIdentifier: view.conceptDoi, relatedIdentifierType: 'DOI', relationType: 'IsVersionOf' },
        { relatedIdentifier: view.doi, relatedIdentifierType: 'DOI', relationType: 'IsIdenticalTo', resourceTypeGeneral: 'Dataset' },
      ],
      relatedItems: full.relatedItems.map((r) => ({ ...r, publicationYear: Number(r.publicationYear) })),
    };
    expect(back).toEqual(expected);
  });
});

describe('DataCite JSON', () => {
  it('is the REST API attributes: metadata, doi, url, the derived types and the schema version', () => {
    const attrs = JSON.parse(serialize('datacite-json', view));
    expect(attrs).toMatchObject({
      id: 'https://doi.org/10.5072/cairn.k3x9p-2mq7a',
      doi: '10.5072/cairn.k3x9p-2mq7a',
      prefix: '10.5072',
      suffix: 'cairn.k3x9p-2mq7a',
      url: view.url,
      titles: full.titles,
      creators: full.creators,
      types: full.types,
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
    expect(JSON.parse(serialize('datacite-json', viewOf(minimal))).types).toEqual({ resourceTypeGeneral: 'Dataset', schemaOrg: 'Dataset', citeproc: 'dataset', bibtex: 'misc', ris: 'DATA' });
  });
});

describe('schema.org JSON-LD', () => {
  it('expands offline with jsonld into schema.org terms, as DataCite content negotiation writes it', async () => {
    const doc = JSON.parse(serialize('json-ld', view));
    expect(doc['@context']).toBe('http://schema.org');
    expect(doc['@type']).toBe('Dataset');
    const [node] = (await jsonld.expand(doc, { documentLoader: documentLoader as never })) as Array<Record<string, any>>;
    const S = 'http://schema.org/';
    expect(node!['@id']).toBe('https://doi.org/10.5072/cairn.k3x9p-2mq7a');
    expect(node!['@type']).toEqual([`${S}Dataset`]);
    expect(node![`${S}name`]).toEqual([{ '@value': 'Lifebrain harmonised structural MRI and cognition, wave 2' }]);
    expect(node![`${S}url`]).toEqual([{ '@id': view.url }]);
    expect(node![`${S}author`][0]['@id']).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(node![`${S}author`][0]['@type']).toEqual([`${S}Person`]);
    expect(node![`${S}author`][1]['@type']).toEqual([`${S}Organization`]);
    expect(node![`${S}license`]).toEqual([{ '@id': 'https://creativecommons.org/licenses/by/4.0/legalcode' }]);
    expect(node![`${S}distribution`][0][`${S}contentUrl`]).toEqual([{ '@id': view.files[0]!.url }]);
    expect(node![`${S}spatialCoverage`]).toHaveLength(2);
    expect(node![`${S}funder`][0]['@id']).toBe('https://doi.org/10.13039/501100000780');
    expect(node![`${S}isPartOf`].map((p: { '@id': string }) => p['@id'])).toContain('https://doi.org/10.5072/cairn.p4rnt-00001');
  });

  it('maps resourceTypeGeneral to the schema.org type and leaves out files the caller may not see', () => {
    const software = JSON.parse(serialize('json-ld', viewOf({ ...minimal, types: { resourceTypeGeneral: 'Software' } }, { files: [] })));
    expect(software['@type']).toBe('SoftwareSourceCode');
    expect(software.distribution).toBeUndefined();
  });
});

describe('CSL-JSON and BibTeX', () => {
  it('CSL-JSON parses back with citation-js', () => {
    const item = JSON.parse(serialize('csl', view));
    const [parsed] = new Cite(item).data;
    expect(parsed).toMatchObject({
      type: 'dataset',
      title: 'Lifebrain harmonised structural MRI and cognition, wave 2',
      DOI: '10.5072/cairn.k3x9p-2mq7a',
      publisher: 'University of Oslo',
      version: '2.1.0',
      issued: { 'date-parts': [[2025, 1]] },
    });
    expect(parsed!.author).toEqual([{ family: 'Nordmann', given: 'Kari' }, { literal: 'Lifebrain Consortium' }, { family: 'García', given: 'Sofía' }]);
  });

  it('BibTeX parses back with citation-js', () => {
    const bibtex = serialize('bibtex', view);
    expect(bibtex).toMatch(/^@misc\{/);
    const [parsed] = new Cite(bibtex).data;
    expect(parsed).toMatchObject({ DOI: '10.5072/cairn.k3x9p-2mq7a', publisher: 'University of Oslo', issued: { 'date-parts': [[2025, 1]] } });
    expect(parsed!.title).toBe('Lifebrain harmonised structural MRI and cognition, wave 2');
    expect((parsed!.author as Array<{ family?: string }>).map((a) => a.family)).toEqual(['Nordmann', 'Lifebrain Consortium', 'García']);
  });
});

describe('Dublin Core (oai_dc)', () => {
  it('is an oai_dc:dc document with the DataCite properties mapped to the 15 elements', () => {
    const xml = serialize('dublincore', view);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (_n, _p, _leaf, isAttribute) => !isAttribute }).parse(xml);
    const dc = doc['oai_dc:dc'][0];
    expect(dc['@xmlns:oai_dc']).toBe('http://www.openarchives.org/OAI/2.0/oai_dc/');
    expect(dc['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    const values = (name: string) => (dc[`dc:${name}`] ?? []).map((v: unknown) => (typeof v === 'object' ? (v as { '#text': string })['#text'] : v));
    expect(values('title')[0]).toBe('Lifebrain harmonised structural MRI and cognition, wave 2');
    expect(values('creator')).toEqual(['Nordmann, Kari', 'Lifebrain Consortium', 'García, Sofía']);
    expect(values('identifier')).toEqual(expect.arrayContaining(['https://doi.org/10.5072/cairn.k3x9p-2mq7a', view.url, 'LB-W2-2025-001']));
    expect(values('relation')).toEqual(expect.arrayContaining(['https://doi.org/10.1016/j.neuroimage.2020.117081', 'https://doi.org/10.5072/cairn.p4rnt-00001']));
    expect(values('rights')).toEqual(expect.arrayContaining(['info:eu-repo/semantics/openAccess', 'https://creativecommons.org/licenses/by/4.0/legalcode']));
    expect(values('type')).toEqual(['Dataset', 'MRI and cognitive test data']);
    expect(values('language')).toEqual(['en']);
    expect(values('publisher')).toEqual(['University of Oslo']);
    expect(values('coverage')).toContain('Oslo, Norway');
    expect(values('format')).toContain('application/gzip');
  });

  it('states an embargo the OpenAIRE way', () => {
    const embargoed = viewOf(minimal, { access: { record: 'public', files: 'restricted', status: 'embargoed', embargo: { active: true, until: '2030-01-01', reason: null } }, files: [] });
    const xml = serialize('dublincore', embargoed);
    expect(xml).toContain('<dc:rights>info:eu-repo/semantics/embargoedAccess</dc:rights>');
    expect(xml).toContain('<dc:date>info:eu-repo/date/embargoEnd/2030-01-01</dc:date>');
  });
});

describe('formatted citations', () => {
  it('renders the bundled CSL styles and locales with citation-js', () => {
    expect([...CITATION_STYLES].sort()).toEqual(['apa', 'harvard1', 'vancouver']);
    const apa = formatCitation(view);
    expect(apa).toBe(formatCitation(view, 'apa', 'en-US'));
    expect(apa).toMatch(/^Nordmann, K\., Lifebrain Consortium, & García, S\. \(2025\)\. Lifebrain harmonised structural MRI and cognition, wave 2/);
    expect(apa).toContain('https://doi.org/10.5072/cairn.k3x9p-2mq7a');
    expect(formatCitation(view, 'vancouver')).toMatch(/^1\. Nordmann K, Lifebrain Consortium, García S\./);
    expect(formatCitation(view, 'harvard1')).toContain('Nordmann, K., Lifebrain Consortium and García, S. (2025)');
    expect(formatCitation(view, 'harvard1', 'de')).toContain('Nordmann, K., Lifebrain Consortium und García, S. (2025)');
    expect(formatCitation(view, 'APA', 'fr-FR')).toContain('Nordmann, K., Lifebrain Consortium, & García, S. (2025)');
  });

  it('refuses an unknown style or locale with a 400 problem naming the available ones', () => {
    for (const [style, locale] of [['chicago', undefined], ['apa', 'tlh-KL']] as const) {
      try {
        formatCitation(view, style, locale);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(400);
        expect((err as AppError).code).toBe('CITATION_STYLE_UNKNOWN');
        expect((err as AppError).message).toMatch(/apa, vancouver, harvard1|en-US/);
      }
    }
  });
});
