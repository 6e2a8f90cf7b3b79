/** The rules of embargo extension and early-lift requests (pure; the clock's now is passed in). */
import { ValidationError } from '../platform/errors.js';
import type { RecordAccess } from '../records/tables.js';
import { EmbargoNotActiveError } from './errors.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The end (YYYY-MM-DD) of a record's embargo that is still to lift. Throws EmbargoNotActiveError. */
export function activeEmbargoEnd(recordId: string, access: RecordAccess, now: Date): string {
  const { active, until } = access.embargo;
  if (!active || !until) throw new EmbargoNotActiveError(`Record ${recordId} has no active embargo.`);
  if (Date.parse(until) <= now.getTime()) throw new EmbargoNotActiveError(`The embargo of record ${recordId} ends today and is being lifted.`);
  return until;
}

/** Checks a requested new end: a real day, later than `current`, within `maxYears` of now. Throws ValidationError (`/until`). */
export function checkExtension(until: string, current: string, now: Date, maxYears: number): void {
  const invalid = (message: string) => new ValidationError('Invalid embargo extension.', { errors: [{ pointer: '/until', message }] });
  if (!DAY.test(until) || Number.isNaN(Date.parse(until)) || new Date(until).toISOString().slice(0, 10) !== until) throw invalid('must be a day (YYYY-MM-DD)');
  if (until <= current) throw invalid(`must be later than the current end, ${current}`);
  const max = new Date(now);
  max.setUTCFullYear(max.getUTCFullYear() + maxYears);
  if (Date.parse(until) > max.getTime()) throw invalid(`must be within ${maxYears} years`);
}

/** A future instant given as ISO 8601, or null. Throws ValidationError at `pointer`. */
export function futureInstant(value: string | null | undefined, pointer: string, now: Date): string | null {
  if (value === undefined || value === null) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at <= now) throw new ValidationError('Invalid expiry.', { errors: [{ pointer, message: 'must be a date-time in the future' }] });
  return at.toISOString();
}
