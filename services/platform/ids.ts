import { randomBytes } from 'node:crypto';

// Crockford-like lowercase base32 without i, l, o, u: nothing to misread when typed or read aloud.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function randomChars(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A readable record/parent id such as `k3x9p-2mq7a` (50 random bits). */
export function newRecordId(): string {
  return `${randomChars(5)}-${randomChars(5)}`;
}

export const RECORD_ID_PATTERN = '^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$';

/** An opaque id for internal rows (buckets, users, tokens). */
export function newId(prefix: string): string {
  return `${prefix}_${randomChars(16)}`;
}
