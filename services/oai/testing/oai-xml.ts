/**
 * Checking OAI-PMH answers in tests. The OAI-PMH XML Schema is not on this machine (and
 * there is no network), so answers are checked for well-formedness by xmllint and for
 * structure by fast-xml-parser here; DataCite payloads are validated by xmllint against the
 * DataCite kernel-4 XSD kept in ../shared/datacite.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

export const DATACITE_XSD = fileURLToPath(new URL('../../../../shared/datacite/kernel-4/metadata.xsd', import.meta.url));

const ARRAYS = new Set(['record', 'header', 'setSpec', 'set', 'metadataFormat', 'error', 'dc:title', 'dc:creator', 'dc:identifier']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

/** xmllint's verdict on a document (well-formedness, or validity against `schema`). */
export function xmllint(xml: string, schema?: string): { ok: boolean; errors: string } {
  const args = ['--noout', '--nonet', ...(schema ? ['--schema', schema] : []), '-'];
  const r = spawnSync('xmllint', args, { input: xml, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, errors: r.stderr };
}

export type Oai = Record<string, any>;

/**
 * Parses an OAI-PMH answer after checking it is well-formed and has the envelope every
 * answer must have: OAI-PMH root in its namespace, responseDate in UTC seconds, request
 * with the base URL, then exactly one of the verb's element or errors.
 */
export function parseOai(xml: string): Oai {
  const lint = xmllint(xml);
  expect(lint.ok, lint.errors).toBe(true);
  const doc = parser.parse(xml) as Oai;
  const root = doc['OAI-PMH'];
  expect(root, 'OAI-PMH root element').toBeDefined();
  expect(root['@xmlns']).toBe('http://www.openarchives.org/OAI/2.0/');
  expect(root['@xsi:schemaLocation']).toBe('http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd');
  expect(root.responseDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const request = typeof root.request === 'string' ? root.request : root.request['#text'];
  expect(request).toBe('http://cairn.test/oai2d');
  const bodies = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords', 'error'].filter((k) => k in root);
  expect(bodies, 'exactly one body element').toHaveLength(1);
  // The schema's element order: responseDate, request, then the body.
  const order = [...xml.matchAll(/<(responseDate|request|Identify|ListMetadataFormats|ListSets|GetRecord|ListIdentifiers|ListRecords|error)[\s>/]/g)].map((m) => m[1]);
  expect(order.slice(0, 3)).toEqual(['responseDate', 'request', bodies[0]]);
  return root;
}

/** The error codes of an answer (empty when it has none). */
export function errorCodes(root: Oai): string[] {
  return (root.error ?? []).map((e: Oai) => e['@code']);
}

/** The attributes of the request element. */
export function requestAttributes(root: Oai): Record<string, string> {
  if (typeof root.request === 'string') return {};
  return Object.fromEntries(Object.entries(root.request as Oai).filter(([k]) => k.startsWith('@')).map(([k, v]) => [k.slice(1), String(v)]));
}

/** Header checks common to every header: identifier, datestamp in UTC seconds. */
export function expectHeader(header: Oai): void {
  expect(header.identifier).toMatch(/^oai:cairn\.test:[0-9a-z]{5}-[0-9a-z]{5}$/);
  expect(header.datestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  if (header['@status'] !== undefined) expect(header['@status']).toBe('deleted');
}
