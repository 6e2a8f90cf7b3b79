/**
 * The base of every error catalogue, and the one place errors become HTTP.
 * Each context's `errors.ts` subclasses `AppError` with a stable `code`; the root
 * handler installed by `installErrorHandler` renders RFC 9457 `application/problem+json`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export interface FieldError {
  /** JSON pointer into the request body (or the record), e.g. `/metadata/creators/0/name`. */
  pointer: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  abstract readonly title: string;
  /** Field errors, for validation failures. */
  readonly errors?: FieldError[];
  /** Extra members to add to the problem document. */
  readonly extra?: Record<string, unknown>;
  /** Response headers to add (e.g. `Allow`, `Retry-After`). */
  readonly headers?: Record<string, string>;
  constructor(detail: string, options: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = new.target.name;
    if (options.errors) this.errors = options.errors;
    if (options.extra) this.extra = options.extra;
    if (options.headers) this.headers = options.headers;
  }
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'Validation failed';
}
export class BadRequestError extends AppError {
  readonly code = 'BAD_REQUEST';
  readonly status = 400;
  readonly title = 'Bad request';
}
export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  readonly title = 'Authentication required';
  override readonly headers = { 'WWW-Authenticate': 'Bearer' };
}
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  readonly title = 'Permission denied';
}
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  readonly title = 'Not found';
}
export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  readonly status = 409;
  readonly title = 'Conflict';
}
export class PreconditionFailedError extends AppError {
  readonly code = 'PRECONDITION_FAILED';
  readonly status = 412;
  readonly title = 'Precondition failed';
}
export class PreconditionRequiredError extends AppError {
  readonly code = 'PRECONDITION_REQUIRED';
  readonly status = 428;
  readonly title = 'Precondition required';
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  request_id?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Maps Fastify's own errors (body parsing, content type, limits, schema) onto problem members. */
function fromFastifyError(err: FastifyError): { status: number; code: string; title: string; errors?: FieldError[] } | undefined {
  if (err.validation) {
    const context = err.validationContext ?? 'body';
    const errors = err.validation.map((v) => {
      const missing = v.keyword === 'required' ? `/${(v.params as { missingProperty?: string }).missingProperty}` : '';
      const extra = v.keyword === 'additionalProperties' ? `/${(v.params as { additionalProperty?: string }).additionalProperty}` : '';
      const pointer = `${v.instancePath}${missing}${extra}`;
      return { pointer: context === 'body' ? pointer || '' : `${context}:${pointer || '/'}`, message: v.message ?? 'is invalid' };
    });
    return { status: 400, code: 'VALIDATION_FAILED', title: 'Validation failed', errors };
  }
  const status = err.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  const titles: Record<number, string> = {
    400: 'Bad request',
    404: 'Not found',
    405: 'Method not allowed',
    406: 'Not acceptable',
    411: 'Length required',
    413: 'Content too large',
    415: 'Unsupported media type',
    416: 'Range not satisfiable',
  };
  return { status, code: err.code ?? 'BAD_REQUEST', title: titles[status] ?? 'Bad request' };
}

/** Installs the root error and not-found handlers; contexts never map errors themselves. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    let problem: Problem;
    if (err instanceof AppError) {
      problem = {
        type: 'about:blank',
        title: err.title,
        status: err.status,
        detail: err.message,
        code: err.code,
        ...(err.errors ? { errors: err.errors } : {}),
        ...err.extra,
      };
      if (err.headers) reply.headers(err.headers);
    } else {
      const mapped = fromFastifyError(err as FastifyError);
      if (mapped) {
        problem = { type: 'about:blank', title: mapped.title, status: mapped.status, detail: err.message, code: mapped.code, ...(mapped.errors ? { errors: mapped.errors } : {}) };
      } else {
        // Unknown: log it with the request id, and tell the client nothing of the internals.
        request.log.error({ err }, 'unhandled error');
        problem = { type: 'about:blank', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred.', code: 'INTERNAL' };
      }
    }
    if (problem.status < 500) request.log.info({ code: problem.code, status: problem.status }, problem.detail ?? problem.title);
    problem.instance = request.url;
    problem.request_id = String(request.id);
    void reply.code(problem.status).type(PROBLEM_JSON).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem: Problem = {
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      code: 'ROUTE_NOT_FOUND',
      instance: request.url,
      request_id: String(request.id),
    };
    void reply.code(404).type(PROBLEM_JSON).send(problem);
  });
}
