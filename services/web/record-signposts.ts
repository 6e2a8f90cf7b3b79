/** The FAIR Signposting links of one record (see signposting.ts for their two wire forms). */
import type { ExportView } from '../exports/export-view.js';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, serialize } from '../exports/registry.js';
import { doiUrl, people, rights } from './metadata.js';
import { linkTarget, type Signposts, type TypedLink } from './signposting.js';

export interface SignpostOptions {
  /** Whether the DOI resolves at doi.org (else the landing page is what to cite). */
  doiRegistered: boolean;
  /** The address of an export of the record. */
  exportUrl(id: string, format: (typeof EXPORT_FORMAT_NAMES)[number]): string;
}

/**
 * cite-as (the DOI when it resolves, else the landing page), describedby (every export
 * format), item (the files the caller may download), author (ORCID/ROR), license, type
 * (schema.org type and AboutPage); and back from each metadata document (`describes`) and
 * file (`collection`) to the landing page.
 */
export function recordSignposts(view: ExportView, opts: SignpostOptions): Signposts {
  const links: TypedLink[] = [{ rel: 'cite-as', href: (opts.doiRegistered && doiUrl(view.doi)) || view.url }];
  for (const f of EXPORT_FORMAT_NAMES) links.push({ rel: 'describedby', href: opts.exportUrl(view.id, f), type: EXPORT_FORMATS[f].mediaType });
  const add = (rel: string, url: string | undefined, type?: string) => {
    const href = linkTarget(url);
    if (href) links.push({ rel, href, ...(type ? { type } : {}) });
  };
  for (const file of view.files) add('item', file.url, file.mimetype);
  for (const p of people(view.metadata.creators)) add('author', p.url);
  for (const r of rights(view.metadata)) add('license', r.url);
  links.push({ rel: 'type', href: `https://schema.org/${schemaOrgType(view)}` }, { rel: 'type', href: 'https://schema.org/AboutPage' });
  const reverse = [
    ...EXPORT_FORMAT_NAMES.map((f) => ({ anchor: opts.exportUrl(view.id, f), links: [{ rel: 'describes', href: view.url }] })),
    ...links.filter((l) => l.rel === 'item').map((l) => ({ anchor: l.href, links: [{ rel: 'collection', href: view.url }] })),
  ];
  return { anchor: view.url, links, reverse };
}

/** The record's schema.org type as the JSON-LD export names it (CreativeWork when it cannot tell). */
function schemaOrgType(view: ExportView): string {
  try {
    const type = (JSON.parse(serialize('json-ld', view)) as { '@type'?: unknown })['@type'];
    if (typeof type === 'string' && /^[A-Za-z]+$/.test(type)) return type;
  } catch {
    // fall through
  }
  return 'CreativeWork';
}
