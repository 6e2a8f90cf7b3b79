/** The requests context's error catalogue (rendered as problem+json by the root handler). */
import { AppError } from '../platform/errors.js';

export class RequestNotFoundError extends AppError {
  readonly code = 'REQUEST_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Request not found';
}
/** The request is no longer `submitted`: it was accepted, declined, cancelled or expired. */
export class RequestNotOpenError extends AppError {
  readonly code = 'REQUEST_NOT_OPEN';
  readonly status = 409;
  readonly title = 'The request is closed';
}
/** An open request of this kind exists already (its id is in `open_request_id`). */
export class RequestExistsError extends AppError {
  readonly code = 'REQUEST_EXISTS';
  readonly status = 409;
  readonly title = 'An open request exists';
}
/** Publishing needs a curator's approval of this draft revision (`submit_review` says where to ask). */
export class ReviewRequiredError extends AppError {
  readonly code = 'REVIEW_REQUIRED';
  readonly status = 409;
  readonly title = "A curator's review is required";
}
export class ReviewNotNeededError extends AppError {
  readonly code = 'REVIEW_NOT_NEEDED';
  readonly status = 409;
  readonly title = 'This draft needs no review';
}
/** The record has no active embargo to extend or lift. */
export class EmbargoNotActiveError extends AppError {
  readonly code = 'EMBARGO_NOT_ACTIVE';
  readonly status = 409;
  readonly title = 'No active embargo';
}
/** The requester may already download the files. */
export class AccessAlreadyGrantedError extends AppError {
  readonly code = 'ACCESS_ALREADY_GRANTED';
  readonly status = 409;
  readonly title = 'Access already granted';
}
/** What the request was for is gone (the draft was published or deleted, the record deleted). */
export class RequestTargetGoneError extends AppError {
  readonly code = 'REQUEST_TARGET_GONE';
  readonly status = 409;
  readonly title = 'The record of the request is gone';
}
