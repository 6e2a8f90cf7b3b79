/**
 * The export formats, by InvenioRDM's names, with the media types DataCite's content negotiation
 * uses. Serializers are pure functions of an `ExportView` (already filtered by the access policy);
 * the landing page and OAI-PMH call them directly.
 */
import type { ExportView } from './export-view.js';
import { UnknownExportFormatError } from './errors.js';
import { toBibtex } from './serializers/citation.js';
import { toCslJson } from './serializers/csl.js';
import { toDataCiteJson } from './serializers/datacite-json.js';
import { toDataCiteXml } from './serializers/datacite-xml.js';
import { toDublinCoreXml } from './serializers/dublin-core.js';
import { toSchemaOrgJsonLd } from './serializers/schema-org.js';

export type ExportFormat = 'datacite-xml' | 'datacite-json' | 'json-ld' | 'csl' | 'bibtex' | 'dublincore';

export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { mediaType: string; extension: string; label: string }>> = Object.freeze({
  'datacite-xml': { mediaType: 'application/vnd.datacite.datacite+xml', extension: 'xml', label: 'DataCite XML' },
  'datacite-json': { mediaType: 'application/vnd.datacite.datacite+json', extension: 'json', label: 'DataCite JSON' },
  'json-ld': { mediaType: 'application/ld+json', extension: 'jsonld', label: 'JSON-LD (schema.org)' },
  csl: { mediaType: 'application/vnd.citationstyles.csl+json', extension: 'json', label: 'CSL-JSON' },
  bibtex: { mediaType: 'application/x-bibtex', extension: 'bib', label: 'BibTeX' },
  dublincore: { mediaType: 'application/x-dc+xml', extension: 'xml', label: 'Dublin Core' },
});

/** Every format name, in menu order. */
export const EXPORT_FORMAT_NAMES = Object.freeze(Object.keys(EXPORT_FORMATS) as ExportFormat[]);

const SERIALIZERS: Readonly<Record<ExportFormat, (view: ExportView) => string>> = Object.freeze({
  'datacite-xml': toDataCiteXml,
  'datacite-json': toDataCiteJson,
  'json-ld': toSchemaOrgJsonLd,
  csl: toCslJson,
  bibtex: toBibtex,
  dublincore: toDublinCoreXml,
});

/** Whether `name` is one of the export format names. Never throws. */
export function isExportFormat(name: string): name is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

/** The record in `format`, as text. Throws UnknownExportFormatError (404) for an unknown format name. */
export function serialize(format: ExportFormat, view: ExportView): string {
  if (!isExportFormat(format)) throw new UnknownExportFormatError(`Unknown export format "${String(format)}"; available: ${EXPORT_FORMAT_NAMES.join(', ')}.`);
  return SERIALIZERS[format](view);
}

export { CITATION_LOCALES, CITATION_STYLES, formatCitation } from './serializers/citation.js';
