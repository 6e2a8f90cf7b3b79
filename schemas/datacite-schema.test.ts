import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const readJson = (url: URL): Json => JSON.parse(readFileSync(url, 'utf8')) as Json;
const here = (path: string): URL => new URL(path, import.meta.url);

// The repository is checked out with shared/ beside it (locally /work/main and /work/shared, and in CI).
const XSD_DIR = here('../../shared/datacite/kernel-4/');
const PROFILE_DIR = here('./profiles/');
const FIXTURE_DIR = here('../services/records/testing/');

const datacite = readJson(here('./datacite-4.7.schema.json'));
const profiles = readdirSync(PROFILE_DIR)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => readJson(new URL(file, PROFILE_DIR)));
const fixture = (name: string): Json => readJson(new URL(name, FIXTURE_DIR));
const minimal = fixture('datacite-minimal.json');
const full = fixture('datacite-full.json');
const imagingValid = fixture('imaging-valid.json');

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
for (const schema of [datacite, ...profiles]) {
  if (!isObject(schema)) throw new Error('a schema file does not hold an object');
  ajv.addSchema(schema);
}
function validator(id: string): ValidateFunction {
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`schema ${id} is not registered`);
  return validate;
}
const validateDatacite = validator('datacite-4.7');
const validateImaging = validator('profile-imaging');

/** "instancePath keyword", plus ":missingProperty" for required/dependencies, e.g. "/creators/0 required:name". */
function describeError(error: ErrorObject): string {
  const missing: unknown = error.params['missingProperty'];
  return `${error.instancePath} ${error.keyword}${typeof missing === 'string' ? `:${missing}` : ''}`;
}
function errorsOf(validate: ValidateFunction, data: Json): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map(describeError);
}

// --- JSON-pointer patches, so each invalid case reads as "base record + one change" ---

type Patch = readonly ['set', string, Json] | readonly ['remove', string];

function applyPatches(document: Json, patches: readonly Patch[]): Json {
  const copy = structuredClone(document);
  for (const patch of patches) {
    const keys = patch[1].split('/').slice(1).map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop();
    let parent: Json | undefined = copy;
    for (const key of keys) parent = Array.isArray(parent) ? parent[Number(key)] : isObject(parent) ? parent[key] : undefined;
    if (last === undefined || parent === undefined || parent === null || typeof parent !== 'object') {
      throw new Error(`cannot patch ${patch[1]}`);
    }
    if (Array.isArray(parent)) {
      if (patch[0] === 'set') parent[Number(last)] = patch[2];
      else parent.splice(Number(last), 1);
    } else if (patch[0] === 'set') parent[last] = patch[2];
    else delete parent[last];
  }
  return copy;
}

interface InvalidCase {
  name: string;
  base: Json;
  patches: readonly Patch[];
  /** Expected error: its instancePath, keyword and, for required/dependencies, the missing property. */
  error: string;
}

const point = (pointLatitude: number, pointLongitude: number): Json => ({ polygonPoint: { pointLatitude, pointLongitude } });
const setDate = (date: string): Patch => ['set', '/dates/0', { date, dateType: 'Created' }];

const INVALID: InvalidCase[] = [
  { name: 'missing creators', base: minimal, patches: [['remove', '/creators']], error: ' required:creators' },
  { name: 'empty creators', base: minimal, patches: [['set', '/creators', []]], error: '/creators minItems' },
  { name: 'creator without name', base: minimal, patches: [['set', '/creators/0', { nameType: 'Personal' }]], error: '/creators/0 required:name' },
  { name: 'empty creator name', base: minimal, patches: [['set', '/creators/0/name', '']], error: '/creators/0/name pattern' },
  { name: 'missing titles', base: minimal, patches: [['remove', '/titles']], error: ' required:titles' },
  { name: 'whitespace-only title', base: minimal, patches: [['set', '/titles/0/title', ' \t ']], error: '/titles/0/title pattern' },
  { name: 'bad titleType', base: full, patches: [['set', '/titles/1/titleType', 'MainTitle']], error: '/titles/1/titleType enum' },
  { name: 'bad title lang', base: full, patches: [['set', '/titles/0/lang', 'english']], error: '/titles/0/lang pattern' },
  { name: 'missing publisher', base: minimal, patches: [['remove', '/publisher']], error: ' required:publisher' },
  { name: 'blank publisher string', base: minimal, patches: [['set', '/publisher', '  ']], error: '/publisher pattern' },
  { name: 'publisher object without name', base: full, patches: [['remove', '/publisher/name']], error: '/publisher required:name' },
  { name: 'publisherIdentifier without scheme', base: full, patches: [['remove', '/publisher/publisherIdentifierScheme'], ['remove', '/publisher/schemeUri']], error: '/publisher dependencies:publisherIdentifierScheme' },
  { name: 'five-digit publicationYear', base: minimal, patches: [['set', '/publicationYear', '20201']], error: '/publicationYear pattern' },
  { name: 'publicationYear below 1000', base: minimal, patches: [['set', '/publicationYear', 999]], error: '/publicationYear minimum' },
  { name: 'missing resourceTypeGeneral', base: minimal, patches: [['set', '/types', { resourceType: 'MRI' }]], error: '/types required:resourceTypeGeneral' },
  { name: 'bad resourceTypeGeneral', base: minimal, patches: [['set', '/types/resourceTypeGeneral', 'Data set']], error: '/types/resourceTypeGeneral enum' },
  { name: 'bad nameType', base: full, patches: [['set', '/creators/0/nameType', 'Person']], error: '/creators/0/nameType enum' },
  { name: 'givenName on an organisation', base: full, patches: [['set', '/creators/1/givenName', 'Life']], error: '/creators/1/givenName false schema' },
  { name: 'nameIdentifier without scheme', base: full, patches: [['remove', '/creators/0/nameIdentifiers/0/nameIdentifierScheme']], error: '/creators/0/nameIdentifiers/0 required:nameIdentifierScheme' },
  { name: 'malformed ORCID iD', base: full, patches: [['set', '/creators/0/nameIdentifiers/0/nameIdentifier', 'https://orcid.org/0000-0002-1825']], error: '/creators/0/nameIdentifiers/0/nameIdentifier pattern' },
  { name: 'affiliationIdentifier without scheme', base: full, patches: [['remove', '/creators/0/affiliation/0/affiliationIdentifierScheme'], ['remove', '/creators/0/affiliation/0/schemeUri']], error: '/creators/0/affiliation/0 dependencies:affiliationIdentifierScheme' },
  { name: 'misspelt creator property', base: full, patches: [['set', '/creators/0/affiliations', []]], error: '/creators/0 additionalProperties' },
  { name: 'bad contributorType', base: full, patches: [['set', '/contributors/0/contributorType', 'Author']], error: '/contributors/0/contributorType enum' },
  { name: 'contributor without contributorType', base: full, patches: [['remove', '/contributors/1/contributorType']], error: '/contributors/1 required:contributorType' },
  { name: 'blank subject', base: full, patches: [['set', '/subjects/2/subject', ' ']], error: '/subjects/2/subject pattern' },
  { name: 'bad subject valueUri', base: full, patches: [['set', '/subjects/0/valueUri', 'D008279']], error: '/subjects/0/valueUri format' },
  { name: 'bad dateType', base: full, patches: [['set', '/dates/0/dateType', 'Published']], error: '/dates/0/dateType enum' },
  { name: 'date with month 13', base: full, patches: [setDate('2020-13-01')], error: '/dates/0/date pattern' },
  { name: 'date with five-digit year', base: full, patches: [setDate('20201')], error: '/dates/0/date pattern' },
  { name: 'date in words', base: full, patches: [setDate('yesterday')], error: '/dates/0/date pattern' },
  { name: '29 February of a common year', base: full, patches: [setDate('2021-02-29')], error: '/dates/0/date pattern' },
  { name: '31 April', base: full, patches: [setDate('2021-04-31')], error: '/dates/0/date pattern' },
  { name: 'datetime without timezone', base: full, patches: [setDate('2020-05-17T10:15:30')], error: '/dates/0/date pattern' },
  { name: 'range open at both ends', base: full, patches: [setDate('/')], error: '/dates/0/date pattern' },
  { name: 'date without dateType', base: full, patches: [['set', '/dates/0', { date: '2020' }]], error: '/dates/0 required:dateType' },
  { name: 'language with underscore', base: full, patches: [['set', '/language', 'en_US']], error: '/language pattern' },
  { name: 'language as a word', base: full, patches: [['set', '/language', 'English']], error: '/language pattern' },
  { name: 'alternateIdentifier without type', base: full, patches: [['remove', '/alternateIdentifiers/0/alternateIdentifierType']], error: '/alternateIdentifiers/0 required:alternateIdentifierType' },
  { name: 'bad relationType', base: full, patches: [['set', '/relatedIdentifiers/0/relationType', 'IsRelatedTo']], error: '/relatedIdentifiers/0/relationType enum' },
  { name: 'relatedIdentifier without type', base: full, patches: [['remove', '/relatedIdentifiers/0/relatedIdentifierType']], error: '/relatedIdentifiers/0 required:relatedIdentifierType' },
  { name: 'relatedIdentifier without relationType', base: full, patches: [['remove', '/relatedIdentifiers/0/relationType']], error: '/relatedIdentifiers/0 required:relationType' },
  { name: 'bad relatedIdentifierType', base: full, patches: [['set', '/relatedIdentifiers/0/relatedIdentifierType', 'doi']], error: '/relatedIdentifiers/0/relatedIdentifierType enum' },
  { name: 'malformed DOI', base: full, patches: [['set', '/relatedIdentifiers/0/relatedIdentifier', 'doi.org/j.neuroimage']], error: '/relatedIdentifiers/0/relatedIdentifier pattern' },
  { name: 'relatedMetadataScheme without HasMetadata', base: full, patches: [['set', '/relatedIdentifiers/1/relationType', 'References']], error: '/relatedIdentifiers/1/relatedMetadataScheme false schema' },
  { name: 'blank size', base: full, patches: [['set', '/sizes/0', '']], error: '/sizes/0 pattern' },
  { name: 'blank version', base: full, patches: [['set', '/version', ' ']], error: '/version pattern' },
  { name: 'bad rightsUri', base: full, patches: [['set', '/rightsList/0/rightsUri', 'not a uri']], error: '/rightsList/0/rightsUri format' },
  { name: 'rights without statement, URI or identifier', base: full, patches: [['set', '/rightsList/1', { lang: 'en' }]], error: '/rightsList/1 anyOf' },
  { name: 'bad descriptionType', base: full, patches: [['set', '/descriptions/0/descriptionType', 'Summary']], error: '/descriptions/0/descriptionType enum' },
  { name: 'description without descriptionType', base: full, patches: [['remove', '/descriptions/0/descriptionType']], error: '/descriptions/0 required:descriptionType' },
  { name: 'latitude 91', base: full, patches: [['set', '/geoLocations/0/geoLocationPoint/pointLatitude', 91]], error: '/geoLocations/0/geoLocationPoint/pointLatitude maximum' },
  { name: 'longitude -181', base: full, patches: [['set', '/geoLocations/0/geoLocationBox/westBoundLongitude', -181]], error: '/geoLocations/0/geoLocationBox/westBoundLongitude minimum' },
  { name: 'latitude as a string', base: full, patches: [['set', '/geoLocations/0/geoLocationPoint/pointLatitude', '59.9']], error: '/geoLocations/0/geoLocationPoint/pointLatitude type' },
  { name: 'polygon with 3 points', base: full, patches: [['set', '/geoLocations/0/geoLocationPolygon', [point(0, 0), point(1, 0), point(0, 0)]]], error: '/geoLocations/0/geoLocationPolygon minItems' },
  { name: 'polygon with 3 points and an inPolygonPoint', base: full, patches: [['set', '/geoLocations/0/geoLocationPolygon', [point(0, 0), point(1, 0), point(0, 0), { inPolygonPoint: { pointLatitude: 0.5, pointLongitude: 0.2 } }]]], error: '/geoLocations/0/geoLocationPolygon minItems' },
  { name: 'polygon entry with two points', base: full, patches: [['set', '/geoLocations/0/geoLocationPolygon/0/inPolygonPoint', { pointLatitude: 1, pointLongitude: 1 }]], error: '/geoLocations/0/geoLocationPolygon/0 maxProperties' },
  { name: 'polygon of a multi-polygon with 3 points', base: full, patches: [['remove', '/geoLocations/1/geoLocationPolygon/0/0'], ['remove', '/geoLocations/1/geoLocationPolygon/0/0']], error: '/geoLocations/1/geoLocationPolygon/0 minItems' },
  { name: 'empty geoLocation', base: full, patches: [['set', '/geoLocations/0', {}]], error: '/geoLocations/0 minProperties' },
  { name: 'bad funderIdentifierType', base: full, patches: [['set', '/fundingReferences/0/funderIdentifierType', 'FundRef']], error: '/fundingReferences/0/funderIdentifierType enum' },
  { name: 'funderIdentifier without type', base: full, patches: [['remove', '/fundingReferences/1/funderIdentifierType']], error: '/fundingReferences/1 dependencies:funderIdentifierType' },
  { name: 'fundingReference without funderName', base: full, patches: [['remove', '/fundingReferences/0/funderName']], error: '/fundingReferences/0 required:funderName' },
  { name: 'bad awardUri', base: full, patches: [['set', '/fundingReferences/0/awardUri', 'cordis 732592']], error: '/fundingReferences/0/awardUri format' },
  { name: 'bad numberType', base: full, patches: [['set', '/relatedItems/0/numberType', 'Issue']], error: '/relatedItems/0/numberType enum' },
  { name: 'bad relatedItemType', base: full, patches: [['set', '/relatedItems/0/relatedItemType', 'Article']], error: '/relatedItems/0/relatedItemType enum' },
  { name: 'relatedItem without titles', base: full, patches: [['remove', '/relatedItems/0/titles']], error: '/relatedItems/0 required:titles' },
  { name: 'relatedItem publicationYear of two digits', base: full, patches: [['set', '/relatedItems/0/publicationYear', '20']], error: '/relatedItems/0/publicationYear pattern' },
  { name: 'relatedItemIdentifier schemeURI without HasMetadata', base: full, patches: [['set', '/relatedItems/1/relationType', 'Cites']], error: '/relatedItems/1/relatedItemIdentifier/schemeURI false schema' },
  { name: 'relatedItem contributor without contributorType', base: full, patches: [['remove', '/relatedItems/0/contributors/0/contributorType']], error: '/relatedItems/0/contributors/0 required:contributorType' },
  { name: 'unknown top-level property', base: minimal, patches: [['set', '/author', 'Nordmann, Kari']], error: ' additionalProperties' },
];

describe('DataCite 4.7 schema', () => {
  it('compiles every schema in strict mode with one Ajv instance', () => {
    expect(profiles.length).toBeGreaterThan(0);
    for (const schema of profiles) {
      if (!isObject(schema) || typeof schema['$id'] !== 'string') throw new Error('a profile has no $id');
      expect(schema['$id']).toMatch(/^profile-[a-z0-9-]+$/);
      expect(typeof validator(schema['$id'])).toBe('function');
    }
  });

  it.each([
    ['datacite-minimal.json', minimal],
    ['datacite-full.json', full],
    ['imaging-valid.json', imagingValid],
  ])('accepts %s', (_name, record) => {
    expect(errorsOf(validateDatacite, record)).toEqual([]);
  });

  it('has only mandatory properties in the minimal fixture', () => {
    if (!isObject(minimal)) throw new Error('minimal fixture is not an object');
    for (const key of Object.keys(minimal)) {
      expect(errorsOf(validateDatacite, applyPatches(minimal, [['remove', `/${key}`]]))).toContain(` required:${key}`);
    }
    // Nested objects hold only their mandatory member too.
    expect(minimal).toEqual({
      creators: [{ name: expect.any(String) }],
      titles: [{ title: expect.any(String) }],
      publisher: expect.any(String),
      publicationYear: expect.any(Number),
      types: { resourceTypeGeneral: expect.any(String) },
    });
  });

  it('uses every property of the schema in the full fixture', () => {
    const declared = new Set<string>();
    schemaPaths(datacite, '', declared);
    const used = new Set<string>();
    instancePaths(full, '', used);
    expect([...declared].filter((path) => !used.has(path))).toEqual([]);
  });

  it('uses every titleType and descriptionType in the full fixture', () => {
    const vocabularies = xsdVocabularies();
    const values = (list: string, key: string): string[] =>
      isObject(full) && Array.isArray(full[list])
        ? full[list].flatMap((item) => (isObject(item) && typeof item[key] === 'string' ? [item[key]] : []))
        : [];
    expect(new Set(values('titles', 'titleType'))).toEqual(new Set(vocabularies.get('titleType')));
    expect(new Set(values('descriptions', 'descriptionType'))).toEqual(new Set(vocabularies.get('descriptionType')));
  });

  it.each(INVALID)('rejects $name at $error', ({ base, patches, error }) => {
    const record = applyPatches(base, patches);
    expect(validateDatacite(record)).toBe(false);
    expect(errorsOf(validateDatacite, record)).toContain(error);
  });

  it('has at least 25 invalid cases', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(25);
  });

  it.each([
    '2020', '2020-05', '2020-05-17', '2020-02-29', '2000-02-29', '2020-05-17T10:15Z', '2020-05-17T10:15:30+02:00',
    '2020-05-17T10:15:30.123-05:00', '-0054', '2019-01-01/2020-12-31', '2019/2020-06', '2019-01-01/', '/2020-06-30',
  ])('accepts the date %s', (date) => {
    expect(errorsOf(validateDatacite, applyPatches(full, [setDate(date)]))).toEqual([]);
  });

  it.each(['en', 'nb', 'de-CH', 'zh-Hant-TW', 'sr-Latn-RS', 'es-419', 'en-US-x-twain', 'yue-HK', 'i-klingon', 'x-private'])(
    'accepts the language tag %s',
    (language) => {
      expect(errorsOf(validateDatacite, applyPatches(full, [['set', '/language', language]]))).toEqual([]);
    },
  );

  it.each([2025, '2025', 1000, 9999])('accepts the publicationYear %j', (year) => {
    expect(errorsOf(validateDatacite, applyPatches(minimal, [['set', '/publicationYear', year]]))).toEqual([]);
  });
});

describe('imaging profile', () => {
  it('accepts imaging-valid.json and the full fixture', () => {
    expect(errorsOf(validateImaging, imagingValid)).toEqual([]);
    expect(errorsOf(validateImaging, full)).toEqual([]);
  });

  it('rejects the minimal record, naming every missing property', () => {
    expect(errorsOf(validateImaging, minimal)).toEqual(
      expect.arrayContaining(
        ['subjects', 'descriptions', 'formats', 'dates', 'rightsList', 'version'].map((key) => ` required:${key}`).concat(
          '/types required:resourceType',
          '/creators contains',
        ),
      ),
    );
  });

  it.each<{ name: string; patches: readonly Patch[]; error: string }>([
    { name: 'a Software record', patches: [['set', '/types/resourceTypeGeneral', 'Software']], error: '/types/resourceTypeGeneral enum' },
    { name: 'a blank resourceType', patches: [['set', '/types/resourceType', ' ']], error: '/types/resourceType pattern' },
    { name: 'no creator with an ORCID iD', patches: [['set', '/creators/0/nameIdentifiers/0/nameIdentifierScheme', 'ISNI']], error: '/creators contains' },
    { name: 'an ORCID nameIdentifier that is not an ORCID iD', patches: [['set', '/creators/0/nameIdentifiers/0/nameIdentifier', 'kari']], error: '/creators contains' },
    { name: 'no subjects', patches: [['set', '/subjects', []]], error: '/subjects minItems' },
    { name: 'no Methods description', patches: [['set', '/descriptions/1/descriptionType', 'TechnicalInfo']], error: '/descriptions contains' },
    { name: 'no formats', patches: [['set', '/formats', []]], error: '/formats minItems' },
    { name: 'no Collected date', patches: [['set', '/dates/0/dateType', 'Created']], error: '/dates contains' },
    { name: 'no rights', patches: [['set', '/rightsList', []]], error: '/rightsList minItems' },
    { name: 'no version', patches: [['remove', '/version']], error: ' required:version' },
  ])('rejects $name at $error', ({ patches, error }) => {
    const record = applyPatches(imagingValid, patches);
    expect(errorsOf(validateImaging, record)).toContain(error);
  });
});

describe('controlled vocabularies match the 4.7 XSD', () => {
  /** Schema definition → XSD simpleType holding its values. */
  const DEFINITIONS: Record<string, string> = {
    resourceTypeGeneral: 'resourceType',
    contributorType: 'contributorType',
    dateType: 'dateType',
    descriptionType: 'descriptionType',
    funderIdentifierType: 'funderIdentifierType',
    nameType: 'nameType',
    numberType: 'numberType',
    relatedIdentifierType: 'relatedIdentifierType',
    relationType: 'relationType',
    titleType: 'titleType',
  };
  /** Every JSON property (or definition) whose values come from an XSD vocabulary. */
  const PROPERTIES: Record<string, string> = {
    ...DEFINITIONS,
    relatedItemType: 'resourceType',
    relatedItemIdentifierType: 'relatedIdentifierType',
  };

  it('finds the XSD beside the repository', () => {
    expect(existsSync(fileURLToPath(new URL('metadata.xsd', XSD_DIR))), fileURLToPath(XSD_DIR)).toBe(true);
  });

  it('covers every enumerated simpleType of the XSD', () => {
    expect([...xsdVocabularies().keys()].sort()).toEqual([...new Set(Object.values(DEFINITIONS))].sort());
  });

  it.each(Object.entries(DEFINITIONS))('definition %s equals simpleType %s', (definition, simpleType) => {
    const definitions = isObject(datacite) ? datacite['definitions'] : undefined;
    const schema = isObject(definitions) ? definitions[definition] : undefined;
    expect(isObject(schema) ? schema['enum'] : undefined).toEqual(xsdVocabularies().get(simpleType));
  });

  it('draws every enum and const on a vocabulary property, in DataCite and in every profile, from the XSD', () => {
    const vocabularies = xsdVocabularies();
    const problems: string[] = [];
    for (const schema of [datacite, ...profiles]) {
      walkSchema(schema, '', '', (node, key, path) => {
        const values = Array.isArray(node['enum']) ? node['enum'] : 'const' in node ? [node['const'] ?? null] : undefined;
        if (!values) return;
        const simpleType = PROPERTIES[key];
        if (!simpleType) {
          if ('enum' in node) problems.push(`${path}: enum on "${key}", which is not a DataCite vocabulary`);
          return;
        }
        const allowed = vocabularies.get(simpleType) ?? [];
        for (const value of values) {
          if (typeof value !== 'string' || !allowed.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not in ${simpleType}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });
});

describe('schema documentation', () => {
  it('gives every schema a title and description, and every property a description', () => {
    const missing: string[] = [];
    for (const schema of [datacite, ...profiles]) {
      if (!isObject(schema) || typeof schema['title'] !== 'string' || typeof schema['description'] !== 'string') {
        missing.push('a schema without title or description');
      }
      walkSchema(schema, '', '', (node, _key, path) => {
        if (isConditional(path) || !isObject(node['properties'])) return;
        for (const [name, child] of Object.entries(node['properties'])) {
          if (isObject(child) && typeof child['description'] !== 'string') missing.push(`${path}/properties/${name}`);
        }
      });
    }
    expect(missing).toEqual([]);
  });

  it('closes every documented object of the DataCite schema with additionalProperties: false', () => {
    const open: string[] = [];
    walkSchema(datacite, '', '', (node, _key, path) => {
      if (!isConditional(path) && isObject(node['properties']) && node['additionalProperties'] !== false) open.push(path || '/');
    });
    expect(open).toEqual([]);
  });
});

// --- helpers ---

/** Named simpleTypes with enumerations in metadata.xsd and include/datacite-*.xsd, in XSD order. */
function xsdVocabularies(): Map<string, string[]> {
  const files = [
    new URL('metadata.xsd', XSD_DIR),
    ...readdirSync(new URL('include/', XSD_DIR))
      .filter((file) => file.startsWith('datacite-') && file.endsWith('.xsd'))
      .map((file) => new URL(`include/${file}`, XSD_DIR)),
  ];
  const vocabularies = new Map<string, string[]>();
  for (const file of files) {
    const xsd = readFileSync(file, 'utf8');
    for (const [, name = '', body = ''] of xsd.matchAll(/<xs:simpleType\s+name="([^"]+)"[^>]*>([\s\S]*?)<\/xs:simpleType>/g)) {
      const values = [...body.matchAll(/<xs:enumeration\s+value="([^"]*)"\s*\/>/g)].map(([, value = '']) =>
        value.replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
      );
      if (values.length > 0) vocabularies.set(name, values);
    }
  }
  return vocabularies;
}

const NOT_SCHEMAS = new Set(['enum', 'const', 'required', 'dependencies', 'examples', 'default']);

/** Visits every subschema with the nearest property or definition name above it and its JSON pointer. */
function walkSchema(node: Json, key: string, path: string, visit: (node: JsonObject, key: string, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walkSchema(item, key, `${path}/${index}`, visit));
    return;
  }
  if (!isObject(node)) return;
  visit(node, key, path);
  for (const [keyword, value] of Object.entries(node)) {
    if (NOT_SCHEMAS.has(keyword)) continue;
    if ((keyword === 'properties' || keyword === 'definitions') && isObject(value)) {
      for (const [name, child] of Object.entries(value)) walkSchema(child, name, `${path}/${keyword}/${name}`, visit);
    } else {
      walkSchema(value, key, `${path}/${keyword}`, visit);
    }
  }
}

/** Conditions and combinator branches refine an object; they are not object definitions themselves. */
function isConditional(path: string): boolean {
  return /\/(if|then|else|not|contains|allOf|anyOf|oneOf)(\/|$)/.test(path);
}

/** Property paths a record can have under the schema ("creators[].affiliation[].name"), following $refs and branches. */
function schemaPaths(node: Json, path: string, out: Set<string>): void {
  if (!isObject(node)) return;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const definitions = isObject(datacite) ? datacite['definitions'] : undefined;
    const target = isObject(definitions) ? definitions[ref.replace('#/definitions/', '')] : undefined;
    if (target === undefined) throw new Error(`unresolved ${ref}`);
    schemaPaths(target, path, out);
  }
  const properties = node['properties'];
  if (isObject(properties)) {
    for (const [name, child] of Object.entries(properties)) {
      if (child === false) continue;
      out.add(`${path}.${name}`);
      schemaPaths(child, `${path}.${name}`, out);
    }
  }
  const items = node['items'];
  if (isObject(items)) schemaPaths(items, `${path}[]`, out);
  for (const branch of ['then', 'else'] as const) schemaPaths(node[branch] ?? null, path, out);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[combinator];
    if (Array.isArray(branches)) for (const branch of branches) schemaPaths(branch, path, out);
  }
}

/** Property paths present in a record, in the notation of schemaPaths. */
function instancePaths(value: Json, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) instancePaths(item, `${path}[]`, out);
  } else if (isObject(value)) {
    for (const [name, child] of Object.entries(value)) {
      out.add(`${path}.${name}`);
      instancePaths(child, `${path}.${name}`, out);
    }
  }
}
