import { AppError } from '../platform/errors.js';

export class RecordNotFoundError extends AppError {
  readonly code = 'RECORD_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Record not found';
}
export class DraftNotFoundError extends AppError {
  readonly code = 'DRAFT_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Draft not found';
}
export class RecordRevisionMismatchError extends AppError {
  readonly code = 'RECORD_REVISION_MISMATCH';
  readonly status = 412;
  readonly title = 'Revision mismatch';
}
export class PublishValidationError extends AppError {
  readonly code = 'RECORD_INVALID';
  readonly status = 400;
  readonly title = 'The draft cannot be published';
}
export class InvalidIfMatchError extends AppError {
  readonly code = 'IF_MATCH_INVALID';
  readonly status = 400;
  readonly title = 'Invalid If-Match header';
}

export class RecordDeletedError extends AppError {
  readonly code = 'RECORD_DELETED';
  readonly status = 410;
  readonly title = 'Record deleted';
}
