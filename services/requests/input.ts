/** Small input helpers of the requests service: the caller, free text, a record's title. */
import type { Identity, UserIdentity } from '../access/identity.js';
import { UnauthenticatedError, ValidationError } from '../platform/errors.js';
import type { RecordResult } from '../records/service.js';
import { REQUESTS_DEFAULTS } from './config.js';

/** The signed-in caller. Throws UnauthenticatedError (401) for anonymous callers. */
export function requireUser(identity: Identity): UserIdentity {
  if (identity.kind !== 'user') throw new UnauthenticatedError('Sign in or send a bearer token to use requests.');
  return identity;
}

/** Trimmed text, or null when absent or blank. Throws ValidationError at `pointer` when too long. */
export function text(value: string | null | undefined, pointer: string): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > REQUESTS_DEFAULTS.maxTextLength) throw new ValidationError('Text too long.', { errors: [{ pointer, message: `must be at most ${REQUESTS_DEFAULTS.maxTextLength} characters` }] });
  return trimmed || null;
}

/** The record's first title (its id when it has none). Never throws. */
export function titleOf(result: RecordResult): string {
  const titles = (result.row.metadata as { titles?: Array<{ title?: unknown }> }).titles;
  const first = titles?.[0]?.title;
  return typeof first === 'string' && first.trim() ? first.trim() : result.row.id;
}
