/** The exports context's error catalogue (rendered as problem+json by the root handler). */
import { AppError } from '../platform/errors.js';

export class UnknownExportFormatError extends AppError {
  readonly code = 'EXPORT_FORMAT_UNKNOWN';
  readonly status = 404;
  readonly title = 'Unknown export format';
}
export class UnknownCitationStyleError extends AppError {
  readonly code = 'CITATION_STYLE_UNKNOWN';
  readonly status = 400;
  readonly title = 'Unknown citation style or locale';
}
export class NotAcceptableError extends AppError {
  readonly code = 'NOT_ACCEPTABLE';
  readonly status = 406;
  readonly title = 'Not acceptable';
}
export class MalformedXmlError extends AppError {
  readonly code = 'XML_MALFORMED';
  readonly status = 400;
  readonly title = 'Malformed XML';
}
export class NotDataCiteXmlError extends AppError {
  readonly code = 'XML_NOT_DATACITE';
  readonly status = 400;
  readonly title = 'Not a DataCite XML document';
}
