/**
 * How many bytes one upload may bring, and whether what arrived is what was promised.
 * The limit is the smallest of: the largest file allowed, the bucket's quota minus the
 * bytes its other files hold (or reserved by declaring a size), the size declared at
 * init, and the request's Content-Length; exceeding it fails with that bound's error.
 */
import type { ClientDigests } from './digest.js';
import { parseChecksum, verifyDigests } from './checksum.js';
import { FileTooLargeError, QuotaExceededError, SizeMismatchError } from './errors.js';
import type { ByteLimit, StreamDigest } from './hashing-stream.js';

export interface SizeBounds {
  maxFileSize: number;
  quota: number;
  /** Bytes held or reserved by the bucket's other files. */
  usedByOthers: number;
  declaredSize: number | null;
}

/**
 * The byte limit for streaming; checks a known Content-Length first, before any byte
 * is read. Throws FileTooLargeError/QuotaExceededError (413), SizeMismatchError (400).
 */
export function contentLimit(bounds: SizeBounds, contentLength?: number): ByteLimit {
  const { maxFileSize, quota, usedByOthers, declaredSize } = bounds;
  const available = quota - usedByOthers;
  // Ties go to the most specific reason: a declared size beats the general limits.
  const candidates: ByteLimit[] = [];
  if (declaredSize !== null) candidates.push({ bytes: declaredSize, error: () => new SizeMismatchError(declaredSize, null) });
  candidates.push({ bytes: maxFileSize, error: () => new FileTooLargeError(maxFileSize) });
  candidates.push({ bytes: Math.max(0, available), error: () => new QuotaExceededError(quota, available) });
  let limit = candidates[0]!;
  for (const c of candidates) if (c.bytes < limit.bytes) limit = c;

  if (contentLength === undefined) return limit;
  if (contentLength > limit.bytes) throw limit.error();
  if (declaredSize !== null && contentLength !== declaredSize) throw new SizeMismatchError(declaredSize, contentLength);
  return {
    bytes: contentLength,
    error: () => new SizeMismatchError(contentLength, null, `More bytes arrived than the ${contentLength} announced by Content-Length.`),
  };
}

export interface Promised {
  declaredSize: number | null;
  declaredChecksum: string | null;
  contentLength?: number;
  digests?: ClientDigests;
}

/**
 * Compares received bytes with the client's digests (422), then with what was declared
 * at init (size: 400, checksum: 422). Throws DigestMismatchError, SizeMismatchError.
 */
export function checkReceived(received: StreamDigest, promised: Promised): void {
  if (promised.digests) verifyDigests(received, promised.digests);
  if (promised.contentLength !== undefined && received.size !== promised.contentLength) {
    throw new SizeMismatchError(promised.contentLength, received.size, `${received.size} bytes arrived, but Content-Length announced ${promised.contentLength}.`);
  }
  if (promised.declaredSize !== null && received.size !== promised.declaredSize) throw new SizeMismatchError(promised.declaredSize, received.size);
  const declared = promised.declaredChecksum ? parseChecksum(promised.declaredChecksum) : undefined;
  if (declared) verifyDigests(received, declared);
}
