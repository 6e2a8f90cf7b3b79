import { InvalidIfMatchError, RecordRevisionMismatchError } from './errors.js';

/** The strong ETag of a revision, as InvenioRDM sends it. */
export function etagOf(revisionId: number): string {
  return `"${revisionId}"`;
}

/**
 * Parses an `If-Match` header into the revision it names (`undefined` for `*` or no header).
 * Accepts `"3"`, `W/"3"` and a bare `3`. Throws InvalidIfMatchError for anything else.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new InvalidIfMatchError(`If-Match must name a revision such as "3" (got ${JSON.stringify(header)}).`);
  return Number(m[1]);
}

/** Throws RecordRevisionMismatchError when the caller's revision is stale. */
export function checkRevision(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new RecordRevisionMismatchError(`The record is at revision ${actual}, not ${expected}; reload it and try again.`, {
      extra: { revision_id: actual },
    });
  }
}
