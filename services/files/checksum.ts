/**
 * Checksums as InvenioRDM writes them (`md5:<hex>`), and the comparison of received
 * bytes against what the client said (headers) or declared (at init).
 */
import { ValidationError } from '../platform/errors.js';
import type { ClientDigests } from './digest.js';
import { DigestMismatchError } from './errors.js';

const FORMS = { md5: /^md5:([0-9a-fA-F]{32})$/, sha256: /^sha256:([0-9a-fA-F]{64})$/ } as const;

/** Parses `md5:<hex>` or `sha256:<hex>` into digests; `undefined` when it is neither. Never throws. */
export function parseChecksum(checksum: string): ClientDigests | undefined {
  for (const algorithm of ['md5', 'sha256'] as const) {
    const match = FORMS[algorithm].exec(checksum);
    if (match) return { [algorithm]: match[1]!.toLowerCase() };
  }
  return undefined;
}

/** Normalizes a declared checksum (lowercase hex). Throws ValidationError (400) at `pointer`. */
export function normalizeChecksum(checksum: unknown, pointer: string): string {
  const parsed = typeof checksum === 'string' ? parseChecksum(checksum) : undefined;
  if (!parsed) throw new ValidationError('Invalid checksum.', { errors: [{ pointer, message: 'must be md5:<32 hex digits> or sha256:<64 hex digits>' }] });
  return parsed.md5 ? `md5:${parsed.md5}` : `sha256:${parsed.sha256}`;
}

/** Compares actual digests with expected ones (absent ones are not checked). Throws DigestMismatchError (422). */
export function verifyDigests(actual: { md5: string; sha256?: string }, expected: ClientDigests): void {
  if (expected.md5 !== undefined && expected.md5 !== actual.md5) throw new DigestMismatchError('md5', expected.md5, actual.md5);
  if (expected.sha256 !== undefined && actual.sha256 !== undefined && expected.sha256 !== actual.sha256) {
    throw new DigestMismatchError('sha256', expected.sha256, actual.sha256);
  }
}
