/** The search context's error catalogue (rendered as problem+json by platform/errors.ts). */
import { AppError } from '../platform/errors.js';

/**
 * The `q` parameter does not parse: unbalanced quotes or brackets, an unknown field,
 * a misplaced operator. `position` is the 1-based character where the problem is.
 */
export class SearchQueryError extends AppError {
  readonly code = 'SEARCH_QUERY_INVALID';
  readonly status = 400;
  readonly title = 'Invalid search query';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (position ${position})`, {
      errors: [{ pointer: 'querystring:/q', message: `${message} (position ${position})` }],
      extra: { parameter: 'q', position },
    });
  }
}

/** A search parameter other than `q` is unusable (a cursor from elsewhere, a page past the window). */
export class SearchParameterError extends AppError {
  readonly code = 'SEARCH_PARAMETER_INVALID';
  readonly status = 400;
  readonly title = 'Invalid search parameter';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`, { errors: [{ pointer: `querystring:/${parameter}`, message }], extra: { parameter } });
  }
}

/** The search engine did not answer (Elasticsearch down, a timeout). */
export class SearchUnavailableError extends AppError {
  readonly code = 'SEARCH_UNAVAILABLE';
  readonly status = 503;
  readonly title = 'Search unavailable';
  override readonly headers = { 'Retry-After': '5' };
}
