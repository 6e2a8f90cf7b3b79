/**
 * The metadata formats this repository disseminates (spec §3.4) and how each record is
 * written in them: Dublin Core (`oai_dc`, required by the protocol), DataCite XML as is
 * (`datacite`), and DataCite XML in DataCite's OAI envelope (`oai_datacite`, schema
 * http://schema.datacite.org/oai/oai-1.1/: datacentreSymbol, schemaVersion, payload).
 * The XML itself comes from the exports context's serializers.
 */
import type { ExportView } from '../exports/export-view.js';
import { serialize } from '../exports/registry.js';
import { rootElement, xmlText } from './xml.js';

export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
}

export const METADATA_FORMATS: readonly MetadataFormat[] = Object.freeze([
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
  { prefix: 'oai_datacite', schema: 'http://schema.datacite.org/oai/oai-1.1/oai.xsd', namespace: 'http://schema.datacite.org/oai/oai-1.1/' },
  { prefix: 'datacite', schema: 'https://schema.datacite.org/meta/kernel-4.7/metadata.xsd', namespace: 'http://datacite.org/schema/kernel-4' },
]);

export function isSupportedPrefix(prefix: string): boolean {
  return METADATA_FORMATS.some((f) => f.prefix === prefix);
}

const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';

/** The `<metadata>` content of a record in `prefix` (one of METADATA_FORMATS). */
export function disseminate(prefix: string, view: ExportView, datacentreSymbol: string): string {
  switch (prefix) {
    case 'oai_dc':
      return oaiDc(serialize('dublincore', view));
    case 'datacite':
      return rootElement(serialize('datacite-xml', view));
    case 'oai_datacite':
      return (
        `<oai_datacite xmlns="http://schema.datacite.org/oai/oai-1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
        `xsi:schemaLocation="http://schema.datacite.org/oai/oai-1.1/ http://schema.datacite.org/oai/oai-1.1/oai.xsd">` +
        `<schemaVersion>4.7</schemaVersion><datacentreSymbol>${xmlText(datacentreSymbol)}</datacentreSymbol>` +
        `<payload>${rootElement(serialize('datacite-xml', view))}</payload></oai_datacite>`
      );
    default:
      throw new Error(`unsupported metadata prefix ${prefix}`);
  }
}

/** The Dublin Core export as the `oai_dc:dc` element the oai_dc schema requires. */
function oaiDc(document: string): string {
  const root = rootElement(document);
  if (root.startsWith('<oai_dc:dc') && root.includes(OAI_DC_NS)) return root;
  throw new Error('the dublincore serializer did not produce an oai_dc:dc element');
}
