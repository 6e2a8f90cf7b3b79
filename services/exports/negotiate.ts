/**
 * Content negotiation on `Accept` (RFC 9110 §12.5.1) between a route's own representation
 * (JSON for the API, HTML for landing pages) and the export formats, with the media types
 * DataCite's content negotiation uses, plus formatted citations (`text/x-bibliography; style=apa;
 * locale=de-DE`). Pure: the API routes and the landing pages share it.
 */
import { EXPORT_FORMATS, type ExportFormat } from './registry.js';

export const CITATION_MEDIA_TYPE = 'text/x-bibliography';

/** Every media type an export answers to: the formats' own and DataCite's aliases. */
export const EXPORT_MEDIA_TYPES: Readonly<Record<string, ExportFormat>> = Object.freeze({
  ...Object.fromEntries(Object.entries(EXPORT_FORMATS).map(([format, f]) => [f.mediaType, format as ExportFormat])),
  'application/vnd.schemaorg.ld+json': 'json-ld',
  'application/citeproc+json': 'csl',
});

export type Negotiation =
  /** The route's own representation (the first `native` type when several are acceptable). */
  | { kind: 'native'; mediaType: string }
  | { kind: 'export'; format: ExportFormat; mediaType: string }
  | { kind: 'citation'; mediaType: typeof CITATION_MEDIA_TYPE; style?: string; locale?: string };

export interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

/** Parses an Accept header into media ranges, skipping malformed ones. Never throws. */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    const [range, ...paramParts] = splitOutsideQuotes(part, ';').map((p) => p.trim());
    const m = /^([\w!#$%&'*+.^`|~-]+)\/([\w!#$%&'*+.^`|~-]+)$/.exec(range ?? '');
    if (!m) continue;
    const type = m[1]!.toLowerCase();
    const subtype = m[2]!.toLowerCase();
    if (type === '*' && subtype !== '*') continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq < 1) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      if (key === 'q') {
        const n = Number(value);
        q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) && Number.isFinite(n) ? n : 0;
      } else {
        params[key] = value;
      }
    }
    ranges.push({ type, subtype, params, q });
  }
  return ranges;
}

/**
 * Chooses what to answer for `acceptHeader`: the route's own `native` representation (default
 * `application/json`; its first type when no Accept is sent or `*\/*` is), an export format, or a
 * formatted citation (with the `style` and `locale` parameters of the matching range). Highest q
 * wins, then the most specific range, then the client's order, then the server's (native first).
 * Returns undefined when nothing offered is acceptable (answer 406).
 */
export function negotiate(acceptHeader: string | undefined, native: readonly string[] = ['application/json']): Negotiation | undefined {
  const offers: Negotiation[] = [
    ...native.map((mediaType) => ({ kind: 'native' as const, mediaType })),
    ...Object.entries(EXPORT_MEDIA_TYPES).map(([mediaType, format]) => ({ kind: 'export' as const, format, mediaType })),
    { kind: 'citation', mediaType: CITATION_MEDIA_TYPE },
  ];
  if (!acceptHeader || acceptHeader.trim() === '') return offers[0];
  const ranges = parseAccept(acceptHeader);
  if (ranges.length === 0) return offers[0];
  let best: { offer: Negotiation; q: number; specificity: number; order: number; rank: number } | undefined;
  offers.forEach((offer, rank) => {
    const [type, subtype] = offer.mediaType.toLowerCase().split('/') as [string, string];
    let match: { range: MediaRange; specificity: number; order: number } | undefined;
    ranges.forEach((range, order) => {
      const specificity = range.type === type && range.subtype === subtype ? 3 : range.type === type && range.subtype === '*' ? 2 : range.type === '*' ? 1 : 0;
      if (specificity > 0 && (!match || specificity > match.specificity)) match = { range, specificity, order };
    });
    if (!match || match.range.q <= 0) return;
    const { style, locale } = match.specificity === 3 ? match.range.params : {};
    const chosen: Negotiation = offer.kind === 'citation' ? { ...offer, ...(style ? { style } : {}), ...(locale ? { locale } : {}) } : offer;
    const candidate = { offer: chosen, q: match.range.q, specificity: match.specificity, order: match.order, rank };
    if (!best || better(candidate, best)) best = candidate;
  });
  return best?.offer;
}

function better(a: { q: number; specificity: number; order: number; rank: number }, b: typeof a): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  if (a.order !== b.order) return a.order < b.order;
  return a.rank < b.rank;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted && i + 1 < s.length) {
      current += c + s[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}
