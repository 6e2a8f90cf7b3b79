/**
 * File keys: the names of files inside a bucket, possibly with folders
 * (`raw/scan-01.h5`). A key becomes part of URLs and of paths in downloaded
 * archives, so anything that could escape a folder or fool a terminal is refused.
 */
import { InvalidFileKeyError } from './errors.js';

export const MAX_KEY_BYTES = 1024;

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A UTF-16 surrogate without its partner cannot be stored as UTF-8 unchanged.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Returns why `key` is not a valid file key, or `null` when it is. Never throws. */
export function fileKeyProblem(key: unknown): string | null {
  if (typeof key !== 'string') return 'it must be a string';
  if (key.length === 0) return 'it is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes (UTF-8)`;
  if (CONTROL.test(key)) return 'it contains a control character';
  if (LONE_SURROGATE.test(key)) return 'it is not well-formed Unicode';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it starts with "/"';
  if (key.endsWith('/')) return 'it ends with "/"';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty folder name ("//")';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
  }
  return null;
}

/** Checks a file key. Throws InvalidFileKeyError (400) naming the problem. */
export function validateFileKey(key: unknown): asserts key is string {
  const problem = fileKeyProblem(key);
  if (problem) throw new InvalidFileKeyError(String(key), problem);
}
