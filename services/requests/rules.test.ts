/** The pure rules: why a draft needs a review, and what an embargo request may ask. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../platform/errors.js';
import type { RecordAccess } from '../records/tables.js';
import { activeEmbargoEnd, checkExtension, futureInstant } from './embargo-rules.js';
import { EmbargoNotActiveError } from './errors.js';
import { reviewReasons } from './publish-review-gate.js';

const now = new Date('2026-06-01T10:00:00Z');
const finding = { kind: 'email', source: 'metadata:/descriptions/0/description', location: {}, sample: 'k***@u***.no' };

describe('reviewReasons', () => {
  it.each([
    ['public', [], false, []],
    ['confidential', [], false, []],
    ['sensitive', [], false, ['sensitive']],
    ['internal', [finding], false, ['personal-data']],
    ['sensitive', [finding], true, ['sensitive', 'personal-data', 'all-publishes']],
    ['public', [], true, ['all-publishes']],
  ] as const)('%s with %j findings (review all: %s) → %j', (classification, findings, all, expected) => {
    expect(reviewReasons({ classification, personal_data: [...findings] }, all)).toEqual(expected);
  });
});

describe('embargo rules', () => {
  const embargo = (active: boolean, until: string | null): RecordAccess => ({ record: 'restricted', files: 'restricted', embargo: { active, until, reason: null } });

  it('finds the end of an embargo still to lift', () => {
    expect(activeEmbargoEnd('r', embargo(true, '2026-09-01'), now)).toBe('2026-09-01');
    expect(() => activeEmbargoEnd('r', embargo(false, '2026-09-01'), now)).toThrow(EmbargoNotActiveError);
    expect(() => activeEmbargoEnd('r', embargo(true, '2026-06-01'), now)).toThrow(EmbargoNotActiveError);
  });

  it.each([
    ['2027-01-01', undefined],
    ['2026-09-01', 'must be later than the current end, 2026-09-01'],
    ['2026-08-31', 'must be later than the current end, 2026-09-01'],
    ['2031-06-01', undefined],
    ['2031-06-02', 'must be within 5 years'],
    ['2027-02-30', 'must be a day (YYYY-MM-DD)'],
    ['2027-1-1', 'must be a day (YYYY-MM-DD)'],
  ])('extension to %s → %s', (until, message) => {
    const run = () => checkExtension(until, '2026-09-01', now, 5);
    if (!message) return expect(run).not.toThrow();
    try {
      run();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).errors).toEqual([{ pointer: '/until', message }]);
    }
  });

  it('takes only future instants as expiries', () => {
    expect(futureInstant(undefined, '/x', now)).toBeNull();
    expect(futureInstant('2026-07-01T00:00:00+02:00', '/x', now)).toBe('2026-06-30T22:00:00.000Z');
    expect(() => futureInstant('2026-06-01T09:59:59Z', '/x', now)).toThrow(ValidationError);
    expect(() => futureInstant('soon', '/x', now)).toThrow(ValidationError);
  });
});
