/**
 * The personal-data catalogue. The scanner itself never throws; this is what the records
 * service throws when a flagged draft is published before a curator has decided.
 */
import { AppError } from '../../platform/errors.js';
import type { Finding } from './finding.js';

export class PersonalDataReviewRequiredError extends AppError {
  readonly code = 'PERSONAL_DATA_REVIEW_REQUIRED';
  readonly status = 409;
  readonly title = 'Personal data needs a curator decision';
  /** `findings` are masked (see finding.ts) and safe to return to the depositor. */
  constructor(findings: readonly Finding[]) {
    super(
      `The draft holds ${findings.length} possible personal identifier(s) (seed 001, Annex 3); a curator must decide before it is published.`,
      { extra: { findings: findings.slice(0, 50).map(({ kind, source, location, sample }) => ({ kind, source, location, sample })) } },
    );
  }
}
