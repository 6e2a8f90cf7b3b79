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

export class LoginFailedError extends AppError {
  readonly code = 'LOGIN_FAILED';
  readonly status = 401;
  readonly title = 'Login failed';
}
export class TotpRequiredError extends AppError {
  readonly code = 'TOTP_REQUIRED';
  readonly status = 401;
  readonly title = 'Second factor required';
}
export class TotpInvalidError extends AppError {
  readonly code = 'TOTP_INVALID';
  readonly status = 401;
  readonly title = 'Invalid second factor';
}
export class AccountLockedError extends AppError {
  readonly code = 'ACCOUNT_LOCKED';
  readonly status = 429;
  readonly title = 'Account temporarily locked';
}
export class MfaEnrolmentRequiredError extends AppError {
  readonly code = 'MFA_ENROLMENT_REQUIRED';
  readonly status = 403;
  readonly title = 'Set up a second factor first';
}
export class CsrfError extends AppError {
  readonly code = 'CSRF_TOKEN_INVALID';
  readonly status = 403;
  readonly title = 'Missing or invalid CSRF token';
}
export class SignupDisabledError extends AppError {
  readonly code = 'SIGNUP_DISABLED';
  readonly status = 403;
  readonly title = 'Sign-up is disabled';
}
export class InvitationInvalidError extends AppError {
  readonly code = 'INVITATION_INVALID';
  readonly status = 400;
  readonly title = 'Invalid or expired invitation';
}
export class TokenNotFoundError extends AppError {
  readonly code = 'TOKEN_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Token not found';
}
export class GroupNotFoundError extends AppError {
  readonly code = 'GROUP_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Group not found';
}
export class GroupExistsError extends AppError {
  readonly code = 'GROUP_EXISTS';
  readonly status = 409;
  readonly title = 'Group exists';
}
export class GrantNotFoundError extends AppError {
  readonly code = 'GRANT_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Grant not found';
}
