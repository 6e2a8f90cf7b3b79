/**
 * Validation with Debian's xmllint against the official DataCite kernel-4 XML Schema
 * (`../shared/datacite/kernel-4/metadata.xsd`, beside this repository), for the tests.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official DataCite 4.7 XSD (its includes resolve relative to it, offline). */
export const DATACITE_XSD = fileURLToPath(new URL('../../../../shared/datacite/kernel-4/metadata.xsd', import.meta.url));
export const XMLLINT = '/usr/bin/xmllint';

export interface XmllintResult {
  valid: boolean;
  /** xmllint's messages (empty when valid). */
  errors: string;
}

function run(args: string[], input?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(XMLLINT, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(`xmllint could not run (${err.message}); install libxml2-utils`));
      else resolve({ code: err ? (err.code as number) : 0, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Validates one document against the XSD (`xmllint --noout --schema <xsd> -`). */
export async function validateDataCiteXml(xml: string, xsd = DATACITE_XSD): Promise<XmllintResult> {
  const { code, stderr } = await run(['--noout', '--schema', xsd, '-'], xml);
  return { valid: code === 0, errors: code === 0 ? '' : stderr };
}

/** Validates many documents in one xmllint run; returns the names of the invalid ones with xmllint's messages. */
export async function validateManyDataCiteXml(documents: ReadonlyMap<string, string>, xsd = DATACITE_XSD): Promise<Map<string, string>> {
  const invalid = new Map<string, string>();
  if (documents.size === 0) return invalid;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-xmllint-'));
  try {
    const files = new Map<string, string>();
    let n = 0;
    for (const [name, xml] of documents) {
      const file = path.join(dir, `${n++}.xml`);
      await fs.writeFile(file, xml);
      files.set(file, name);
    }
    const { code, stderr } = await run(['--noout', '--schema', xsd, ...files.keys()]);
    if (code === 0) return invalid;
    for (const [file, name] of files) {
      if (stderr.includes(`${file} fails to validate`) || !stderr.includes(`${file} validates`)) {
        invalid.set(name, stderr.split('\n').filter((l) => l.startsWith(file)).join('\n'));
      }
    }
    return invalid;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
