/**
 * A normalized form of an XML document for round-trip comparisons: every element as a
 * (path, attributes, text) triple, the path naming each step with its position among siblings of
 * the same name (`/resource[0]/creators[0]/creator[1]/nameIdentifier[0]`).
 *
 * Normalizations (each one a difference the XML Information Set does not care about, or a
 * documented one of the importer):
 * - namespace declarations and `xsi:schemaLocation` are dropped; prefixes are removed;
 * - text is trimmed and whitespace runs collapse to one space; `<br/>` counts as that space;
 * - numbers in coordinates compare as numbers (`41.090` = `41.09`);
 * - elements without attributes, text or children carry nothing and are dropped;
 * - sibling order only matters among elements of the same name (the resource is an `xs:all`,
 *   a point's latitude/longitude an `xs:all`).
 */
import { XMLParser } from 'fast-xml-parser';

export interface Triple {
  path: string;
  attrs: Record<string, string>;
  text: string;
}

const NUMERIC = /(pointLatitude|pointLongitude|westBoundLongitude|eastBoundLongitude|southBoundLatitude|northBoundLatitude)$/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

type Node = Record<string, unknown>;

function local(name: string): string {
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}

function walk(nodes: Node[], path: string, out: Triple[]): void {
  const seen: Record<string, number> = {};
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!name) continue;
    const elementName = local(name);
    if (elementName === 'br') continue;
    const index = (seen[elementName] = (seen[elementName] ?? -1) + 1);
    const children = (node[name] ?? []) as Node[];
    const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs).sort(([a], [b]) => a.localeCompare(b))) {
      if (k === 'xmlns' || k.startsWith('xmlns:') || k === 'xsi:schemaLocation') continue;
      attrs[k] = v.trim().replace(/\s+/g, ' ');
    }
    let text = children
      .filter((c) => '#text' in c || Object.keys(c).some((k) => local(k) === 'br'))
      .map((c) => ('#text' in c ? String(c['#text']) : ' '))
      .join('')
      .trim()
      .replace(/\s+/g, ' ');
    const here = `${path}/${elementName}[${index}]`;
    if (NUMERIC.test(elementName) && text !== '' && Number.isFinite(Number(text))) text = String(Number(text));
    const childElements = children.filter((c) => Object.keys(c).some((k) => k !== ':@' && k !== '#text' && local(k) !== 'br'));
    if (Object.keys(attrs).length > 0 || text !== '' || childElements.length > 0) out.push({ path: here, attrs, text });
    walk(children, here, out);
  }
}

/** Every element of the document as a triple, in document order. */
export function xmlTriples(xml: string): Triple[] {
  const out: Triple[] = [];
  walk(parser.parse(xml) as Node[], '', out);
  return out;
}

/** Triples keyed by path, sorted, for an element-by-element comparison. */
export function byPath(triples: Triple[]): Record<string, { attrs: Record<string, string>; text: string }> {
  return Object.fromEntries(triples.map((t) => [t.path, { attrs: t.attrs, text: t.text }] as const).sort(([a], [b]) => a.localeCompare(b)));
}
