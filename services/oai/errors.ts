import { AppError } from '../platform/errors.js';

/**
 * OAI-PMH error conditions (spec §3.6). They are not HTTP errors: the response is a 200
 * with `<error code="…">` elements, so they never reach the problem+json handler.
 */
export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export class OaiError extends Error {
  override name = 'OaiError';
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Several errors of one request, reported together as the spec recommends. */
export class OaiErrors extends Error {
  override name = 'OaiErrors';
  constructor(readonly errors: readonly OaiError[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  }
}

/** An HTTP-level error (not a protocol one): a POST whose body is not a form. */
export class OaiFormRequiredError extends AppError {
  readonly code = 'OAI_FORM_REQUIRED';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}
