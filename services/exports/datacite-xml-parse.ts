/**
 * Parsing DataCite XML for the importer: well-formedness (with the error position), no DOCTYPE,
 * a kernel-4 `<resource>` root (any prefix), and a small element tree of the DataCite namespace
 * with `xml:lang` as `lang` and trimmed texts.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MalformedXmlError, NotDataCiteXmlError } from './errors.js';
import { DATACITE_NS } from './serializers/datacite-xml.js';

type Obj = Record<string, unknown>;

/** An element with its local name, attributes (xml:lang as `lang`) and children; `text` joins its text nodes. */
export interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function localName(qname: string): { prefix: string | undefined; local: string } {
  const i = qname.indexOf(':');
  return i < 0 ? { prefix: undefined, local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

/** Converts fast-xml-parser's ordered output into elements of the DataCite namespace (by prefix). */
function toElement(name: string, node: Obj, prefix: string | undefined): Element {
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xml:lang') attrs.lang = v.trim();
    else if (!k.includes(':') && k !== 'xmlns') attrs[k] = v.trim();
  }
  const children: Element[] = [];
  const parts: string[] = [''];
  for (const child of (node[name] ?? []) as Obj[]) {
    if ('#text' in child) {
      // Line breaks in the source are formatting; <br/> is the XSD's line break.
      parts[parts.length - 1] += String(child['#text']).replace(/\s*[\r\n]+\s*/g, ' ');
      continue;
    }
    const childName = Object.keys(child).find((k) => k !== ':@');
    if (!childName) continue;
    const q = localName(childName);
    if (q.prefix !== prefix) continue; // another namespace: not DataCite
    if (q.local === 'br') parts.push('');
    else children.push(toElement(childName, child, prefix));
  }
  return { name: localName(name).local, attrs, children, text: parts.map((p) => p.trim()).join('\n').trim() };
}

/** Parses and checks the document; returns the `<resource>` element. Throws MalformedXmlError, NotDataCiteXmlError. */
export function parseResource(xml: string): Element {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MalformedXmlError('DOCTYPE and entity declarations are not accepted in DataCite XML.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new MalformedXmlError(`Malformed XML at line ${line}, column ${col}: ${msg}`, { extra: { line, column: col } });
  }
  const nodes = parser.parse(xml) as Obj[];
  const rootNode = nodes.find((n) => Object.keys(n).some((k) => k !== ':@' && k !== '#text'));
  const rootName = rootNode && Object.keys(rootNode).find((k) => k !== ':@');
  if (!rootNode || !rootName) throw new NotDataCiteXmlError('The document has no root element.');
  const { prefix, local } = localName(rootName);
  const attrs = (rootNode[':@'] ?? {}) as Record<string, string>;
  const ns = attrs[prefix ? `xmlns:${prefix}` : 'xmlns'];
  if (local !== 'resource' || ns !== DATACITE_NS) {
    throw new NotDataCiteXmlError(`Expected a DataCite kernel-4 <resource xmlns="${DATACITE_NS}">, got <${rootName}>${ns ? ` in namespace ${ns}` : ' without a namespace'}.`);
  }
  return toElement(rootName, rootNode, prefix);
}
