import { AppError } from '../platform/errors.js';

export class InvalidTokenError extends AppError {
  readonly code = 'TOKEN_INVALID';
  readonly status = 401;
  readonly title = 'Invalid credentials';
  override readonly headers = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
}
export class UserExistsError extends AppError {
  readonly code = 'USER_EXISTS';
  readonly status = 409;
  readonly title = 'User already exists';
}
export class UserNotFoundError extends AppError {
  readonly code = 'USER_NOT_FOUND';
  readonly status = 404;
  readonly title = 'User not found';
}
