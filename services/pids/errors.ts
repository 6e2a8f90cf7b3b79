/** The PID context's error catalogue. */
import { AppError } from '../platform/errors.js';

export class DoiNotFoundError extends AppError {
  readonly code = 'DOI_NOT_FOUND';
  readonly status = 404;
  readonly title = 'DOI not found';
}

/** The registration agency refused or failed a request (the outbox retries it). */
export class PidRegistrationError extends AppError {
  readonly code = 'PID_REGISTRATION_FAILED';
  readonly status = 502;
  readonly title = 'DOI registration failed';
}
