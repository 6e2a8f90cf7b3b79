/**
 * DataCite JSON: the `attributes` of a DOI in the DataCite REST API (JSON:API), as
 * `application/vnd.datacite.datacite+json` content negotiation returns them. The PID context sends
 * the same attributes to DataCite (adding `event`).
 */
import type { ExportView } from '../export-view.js';
import { BIBTEX_TYPES, CSL_TYPES, doiUrl, exportedMetadata, identifierDoi, isObj, RIS_TYPES, SCHEMA_ORG_TYPES, type Obj } from './common.js';

export const DATACITE_SCHEMA_VERSION = 'http://datacite.org/schema/kernel-4';

/** `types` with the derived vocabularies DataCite fills in (schemaOrg, citeproc, bibtex, ris) when absent. */
export function completeTypes(types: unknown): Obj {
  const t: Obj = isObj(types) ? { ...types } : {};
  const general = typeof t.resourceTypeGeneral === 'string' ? t.resourceTypeGeneral : 'Other';
  t.schemaOrg ??= SCHEMA_ORG_TYPES[general] ?? 'CreativeWork';
  t.citeproc ??= CSL_TYPES[general] ?? 'document';
  t.bibtex ??= BIBTEX_TYPES[general] ?? 'misc';
  t.ris ??= RIS_TYPES[general] ?? 'GEN';
  return t;
}

/** The DataCite REST API attributes of the record's DOI (metadata, `doi`, `url`, `schemaVersion`). Never throws. */
export function dataCiteAttributes(view: ExportView): Obj {
  const md = exportedMetadata(view);
  const doi = identifierDoi(view);
  const [prefix, ...rest] = doi.split('/');
  return {
    id: doiUrl(doi),
    doi,
    prefix,
    suffix: rest.join('/'),
    ...md,
    types: completeTypes(md.types),
    url: view.url,
    schemaVersion: DATACITE_SCHEMA_VERSION,
  };
}

/** The DataCite JSON document (pretty-printed). Never throws. */
export function toDataCiteJson(view: ExportView): string {
  return JSON.stringify(dataCiteAttributes(view), null, 2);
}
