/**
 * Client-supplied digests of an upload, from whichever header the client used:
 *  - `Content-MD5` (RFC 1864): base64 of the MD5;
 *  - `Digest` (RFC 3230/5843): `md5=<base64>, SHA-256=<base64>`, algorithm names case-insensitive;
 *  - `Content-Digest` / `Repr-Digest` (RFC 9530 structured fields): `sha-256=:<base64>:, md5=:<base64>:`.
 * Unknown algorithms are ignored; a malformed header, or two headers that disagree, is a 400.
 */
import { InvalidDigestHeaderError } from './errors.js';

/** Digests as lowercase hex. */
export interface ClientDigests {
  md5?: string;
  sha256?: string;
}

type Algorithm = keyof ClientDigests;
type Headers = Record<string, string | string[] | undefined>;

const BYTES: Record<Algorithm, number> = { md5: 16, sha256: 32 };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses the digest headers of a request. Throws InvalidDigestHeaderError (400). */
export function parseDigestHeaders(headers: Headers): ClientDigests {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const out: ClientDigests = {};
  const add = (header: string, algorithm: Algorithm, base64: string) => {
    const hex = decode(header, algorithm, base64);
    const seen = out[algorithm];
    if (seen !== undefined && seen !== hex) throw new InvalidDigestHeaderError(header, `it disagrees with another ${algorithm} digest of this request`);
    out[algorithm] = hex;
  };

  const contentMd5 = lower['content-md5'];
  if (contentMd5 !== undefined) add('Content-MD5', 'md5', contentMd5.trim());

  const digest = lower['digest'];
  if (digest !== undefined) {
    for (const member of members('Digest', digest)) {
      const match = /^([A-Za-z0-9._+-]+)=(.*)$/.exec(member);
      if (!match) throw new InvalidDigestHeaderError('Digest', `"${member.slice(0, 40)}" is not <algorithm>=<value>`);
      const algorithm = algorithmOf(match[1]!);
      if (algorithm) add('Digest', algorithm, match[2]!.trim());
    }
  }

  for (const [name, header] of [['repr-digest', 'Repr-Digest'], ['content-digest', 'Content-Digest']] as const) {
    const value = lower[name];
    if (value === undefined) continue;
    for (const member of members(header, value)) {
      // sf-dictionary member: key=:byte-sequence: with optional ;parameters (ignored).
      const match = /^([A-Za-z*][A-Za-z0-9_.*-]*)(?:=([^;]*))?(?:;.*)?$/.exec(member);
      if (!match) throw new InvalidDigestHeaderError(header, `"${member.slice(0, 40)}" is not a dictionary member`);
      const algorithm = algorithmOf(match[1]!);
      if (!algorithm) continue;
      const bytes = /^:([^:]*):$/.exec((match[2] ?? '').trim());
      if (!bytes) throw new InvalidDigestHeaderError(header, `the ${match[1]} value must be a byte sequence (:base64:)`);
      add(header, algorithm, bytes[1]!);
    }
  }
  return out;
}

function members(header: string, value: string): string[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new InvalidDigestHeaderError(header, 'it has an empty member');
  return parts;
}

function algorithmOf(name: string): Algorithm | undefined {
  const n = name.toLowerCase();
  if (n === 'md5') return 'md5';
  if (n === 'sha-256') return 'sha256';
  return undefined;
}

function decode(header: string, algorithm: Algorithm, base64: string): string {
  if (!BASE64.test(base64)) throw new InvalidDigestHeaderError(header, `the ${algorithm} value is not base64`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== BYTES[algorithm]) {
    throw new InvalidDigestHeaderError(header, `the ${algorithm} value decodes to ${bytes.length} bytes, not ${BYTES[algorithm]}`);
  }
  return bytes.toString('hex');
}
