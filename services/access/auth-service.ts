/**
 * Logins: passwords (scrypt), TOTP second factor with recovery codes and replay
 * protection, lockout after repeated failures, sessions (short JWT + rotating refresh
 * token), invitations and optional sign-up, and resolving any credential (session
 * cookie, personal access token, OIDC bearer) into an Identity.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWorkFactory } from '../platform/uow.js';
import { authRepo } from './auth-repo.js';
import {
  AccountLockedError,
  InvalidTokenError,
  InvitationInvalidError,
  LoginFailedError,
  SignupDisabledError,
  TotpInvalidError,
  TotpRequiredError,
  UserExistsError,
} from './errors.js';
import { denied, type Identity, type Scope, type UserIdentity } from './identity.js';
import { OidcVerifier } from './oidc-verifier.js';
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import type { PermissionPolicy } from './policy.js';
import { accessRepo } from './repo.js';
import { SYSTEM, type AccessService } from './service.js';
import { hashSecret, newRefreshToken, type SessionTokens } from './session-tokens.js';
import type { Role, UserRow } from './tables.js';
import { enrolment, hashRecoveryCode, newRecoveryCodes, newTotpSecret, verifyTotp, type TotpEnrolment } from './totp.js';

export interface AuthServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly policy: PermissionPolicy;
  readonly access: AccessService;
  readonly sessions: SessionTokens;
  readonly refreshTtlSeconds: number;
  readonly signupEnabled: boolean;
  readonly totpRequiredForAll: boolean;
  readonly oidc?: OidcVerifier;
  readonly issuer: string;
  /** Failed attempts before a lockout, and its length. */
  readonly maxFailures?: number;
  readonly lockoutMs?: number;
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
  recovery_code?: string;
}

export interface IssuedSession {
  user: { id: string; email: string; role: Role; totp_enabled: boolean };
  jwt: string;
  csrf: string;
  refreshToken: string;
  /** False for a curator/administrator (or anyone, by configuration) who has not set up TOTP yet. */
  mfa: boolean;
  mfaEnrolmentRequired: boolean;
}

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export class AuthService {
  readonly #c: AuthServiceConfig;
  constructor(config: AuthServiceConfig) {
    this.#c = Object.freeze({ maxFailures: 5, lockoutMs: 15 * 60 * 1000, ...config });
  }

  /** Whether this user must pass a second factor. */
  totpRequired(role: Role): boolean {
    return this.#c.totpRequiredForAll || role === 'curator' || role === 'admin';
  }

  /**
   * Checks password and (when enrolled) TOTP or a recovery code, then opens a session.
   * Throws LoginFailedError (401, same answer for unknown user and wrong password),
   * TotpRequiredError/TotpInvalidError (401), AccountLockedError (429).
   */
  async login(input: LoginInput): Promise<IssuedSession> {
    const now = this.#c.clock.now();
    const user = await accessRepo.findUserByEmail(this.#c.db, input.email.trim());
    const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !user.active || !user.password_hash) throw new LoginFailedError('Wrong e-mail address or password.');
    if (user.locked_until && user.locked_until > now) {
      throw new AccountLockedError('Too many failed attempts; try again later.', { headers: { 'Retry-After': String(Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000)) } });
    }
    if (!passwordOk) {
      await this.#fail(user, now);
      throw new LoginFailedError('Wrong e-mail address or password.');
    }
    let mfa = false;
    if (user.totp_enabled && user.totp_secret) {
      if (!input.totp && !input.recovery_code) throw new TotpRequiredError('Enter the code from your authenticator app (or a recovery code).');
      const ok = input.totp ? await this.#acceptTotp(user, input.totp, now) : await authRepo.useRecoveryCode(this.#c.db, user, hashRecoveryCode(input.recovery_code!));
      if (!ok) {
        await this.#fail(user, now);
        throw new TotpInvalidError('The code is wrong or was already used.');
      }
      mfa = true;
    }
    await authRepo.clearFailures(this.#c.db, user.id);
    return this.#openSession(user, mfa, now);
  }

  async #fail(user: UserRow, now: Date): Promise<void> {
    const lock = user.failed_logins + 1 >= this.#c.maxFailures! ? new Date(now.getTime() + this.#c.lockoutMs!) : null;
    await authRepo.recordFailure(this.#c.db, user.id, lock);
  }

  async #acceptTotp(user: UserRow, code: string, now: Date): Promise<boolean> {
    const step = verifyTotp(user.totp_secret!, code, now);
    return step !== null && (await authRepo.acceptTotpStep(this.#c.db, user.id, step));
  }

  async #openSession(user: UserRow, mfa: boolean, now: Date): Promise<IssuedSession> {
    const sid = newId('ses');
    const refresh = newRefreshToken();
    await authRepo.insertSession(this.#c.db, {
      id: sid,
      user_id: user.id,
      refresh_hash: refresh.hash,
      mfa,
      created_at: now,
      expires_at: new Date(now.getTime() + this.#c.refreshTtlSeconds * 1000),
    });
    const { jwt, csrf } = await this.#c.sessions.sign({ sub: user.id, sid, mfa }, now);
    return {
      user: { id: user.id, email: user.email, role: user.role, totp_enabled: user.totp_enabled },
      jwt,
      csrf,
      refreshToken: refresh.token,
      mfa,
      mfaEnrolmentRequired: this.totpRequired(user.role) && !user.totp_enabled,
    };
  }

  /** Exchanges a refresh token for a new session JWT and a new refresh token (rotation). Throws InvalidTokenError. */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const now = this.#c.clock.now();
    const hash = hashSecret(refreshToken);
    const session = await authRepo.findSessionByRefresh(this.#c.db, hash);
    if (!session || session.revoked_at || session.expires_at <= now) throw new InvalidTokenError('The session has ended; log in again.');
    const user = await accessRepo.findUserById(this.#c.db, session.user_id);
    if (!user || !user.active) throw new InvalidTokenError('The session has ended; log in again.');
    const next = newRefreshToken();
    const expires = new Date(now.getTime() + this.#c.refreshTtlSeconds * 1000);
    if (!(await authRepo.rotateRefresh(this.#c.db, session.id, hash, next.hash, expires))) throw new InvalidTokenError('The session has ended; log in again.');
    const { jwt, csrf } = await this.#c.sessions.sign({ sub: user.id, sid: session.id, mfa: session.mfa }, now);
    return {
      user: { id: user.id, email: user.email, role: user.role, totp_enabled: user.totp_enabled },
      jwt,
      csrf,
      refreshToken: next.token,
      mfa: session.mfa,
      mfaEnrolmentRequired: this.totpRequired(user.role) && !user.totp_enabled,
    };
  }

  /** Ends a session (by its JWT's session id or its refresh token). Never throws for unknown sessions. */
  async logout(sessionId: string | undefined, refreshToken: string | undefined): Promise<void> {
    const now = this.#c.clock.now();
    if (sessionId) await authRepo.revokeSession(this.#c.db, sessionId, now);
    if (refreshToken) {
      const s = await authRepo.findSessionByRefresh(this.#c.db, hashSecret(refreshToken));
      if (s) await authRepo.revokeSession(this.#c.db, s.id, now);
    }
  }

  /** Resolves a session JWT into an identity; undefined when invalid, expired or revoked. */
  async authenticateSession(jwt: string): Promise<{ identity: UserIdentity; csrf: string; mfaEnrolmentRequired: boolean } | undefined> {
    const now = this.#c.clock.now();
    const claims = await this.#c.sessions.verify(jwt, now);
    if (!claims) return undefined;
    const session = await authRepo.findSession(this.#c.db, claims.sid);
    if (!session || session.revoked_at || session.user_id !== claims.sub) return undefined;
    const user = await accessRepo.findUserById(this.#c.db, claims.sub);
    if (!user || !user.active) return undefined;
    const groups = await authRepo.groupsOf(this.#c.db, user.id);
    return {
      identity: { kind: 'user', id: user.id, email: user.email, role: user.role, scopes: null, groups, via: 'session', mfa: claims.mfa },
      csrf: claims.csrf,
      mfaEnrolmentRequired: this.totpRequired(user.role) && !user.totp_enabled,
    };
  }

  /** Resolves a bearer credential: a personal access token, or an OIDC JWT when configured. Throws InvalidTokenError. */
  async authenticateBearer(bearer: string): Promise<UserIdentity> {
    if (this.#c.oidc && OidcVerifier.looksLikeJwt(bearer)) {
      const claims = await this.#c.oidc.verify(bearer, this.#c.clock.now());
      if (!claims) throw new InvalidTokenError('The bearer token is not valid.');
      const user = await accessRepo.findUserByEmail(this.#c.db, claims.email);
      if (!user || !user.active) throw new InvalidTokenError('No account matches this identity; ask an administrator to invite you.');
      const groups = await authRepo.groupsOf(this.#c.db, user.id);
      const scopes = claims.scopes ? claims.scopes.filter((s) => s.includes(':')) : null;
      return { kind: 'user', id: user.id, email: user.email, role: user.role, scopes, groups, via: 'oidc' };
    }
    const identity = await this.#c.access.authenticate(bearer);
    return { ...identity, groups: await authRepo.groupsOf(this.#c.db, identity.id), via: 'token' };
  }

  // ---- TOTP enrolment ---------------------------------------------------------------

  /** Starts (or restarts) enrolment: a new secret, its otpauth URI and QR code. Not active until confirmed. */
  async startTotp(identity: Identity): Promise<TotpEnrolment> {
    const user = await this.#self(identity);
    if (user.totp_enabled) throw new ValidationError('A second factor is already set up; disable it first.', { errors: [{ pointer: '/totp', message: 'already enabled' }] });
    const secret = newTotpSecret();
    await authRepo.setTotp(this.#c.db, user.id, { secret, enabled: false, recoveryHashes: [], at: this.#c.clock.now() });
    return enrolment(secret, user.email, this.#c.issuer);
  }

  /** Confirms enrolment with a current code; returns the recovery codes (shown once). Throws TotpInvalidError. */
  async confirmTotp(identity: Identity, code: string): Promise<{ recovery_codes: string[] }> {
    const user = await this.#self(identity);
    if (!user.totp_secret || user.totp_enabled) throw new ValidationError('Start the enrolment first.', { errors: [{ pointer: '/code', message: 'no enrolment in progress' }] });
    const now = this.#c.clock.now();
    const step = verifyTotp(user.totp_secret, code, now);
    if (step === null) throw new TotpInvalidError('The code does not match; check the time on your device.');
    const codes = newRecoveryCodes();
    await this.#c.uow.run(async (uow) => {
      await authRepo.setTotp(uow.trx, user.id, { secret: user.totp_secret, enabled: true, recoveryHashes: codes.map(hashRecoveryCode), at: now });
      await authRepo.acceptTotpStep(uow.trx, user.id, step);
      await uow.audit({ actorId: user.id, action: 'user.totp_enabled', subjectType: 'user', subjectId: user.id });
    });
    return { recovery_codes: codes };
  }

  async #self(identity: Identity): Promise<UserRow> {
    if (identity.kind !== 'user') throw new UnauthenticatedError('Log in with your password to manage your second factor.');
    if (identity.via === 'token') throw denied(identity, 'Sign in with your password to manage your second factor.');
    const user = await accessRepo.findUserById(this.#c.db, identity.id);
    if (!user) throw new ForbiddenError('Unknown user.');
    return user;
  }

  // ---- accounts ---------------------------------------------------------------------

  /** Sets a user's password (administrators; or the user for themselves). Throws ValidationError, ForbiddenError. */
  async setPassword(identity: Identity, userId: string, password: string): Promise<void> {
    const self = identity.kind === 'user' && identity.id === userId && identity.via === 'session';
    if (!self && !this.#c.policy.can(identity, 'manageUsers')) throw denied(identity, 'You may not change this password.');
    checkPassword(password);
    await authRepo.setPassword(this.#c.db, userId, await hashPassword(password), this.#c.clock.now());
  }

  /** Invites someone by e-mail (administrators). Returns the secret token for the invitation link. */
  async invite(identity: Identity, input: { email: string; role?: Role }): Promise<{ id: string; token: string; expires_at: string }> {
    if (!this.#c.policy.can(identity, 'manageUsers')) throw denied(identity, 'Only administrators may invite users.');
    if (await accessRepo.findUserByEmail(this.#c.db, input.email)) throw new UserExistsError(`A user with email ${input.email} exists.`);
    const token = randomBytes(24).toString('base64url');
    const now = this.#c.clock.now();
    const id = newId('inv');
    const expires = new Date(now.getTime() + INVITATION_TTL_MS);
    await authRepo.insertInvitation(this.#c.db, {
      id,
      email: input.email,
      role: input.role ?? 'depositor',
      token_hash: hashSecret(token),
      invited_by: identity.kind === 'user' ? identity.id : 'system',
      created_at: now,
      expires_at: expires,
    });
    return { id, token, expires_at: expires.toISOString() };
  }

  /** Accepts an invitation: creates the account with a password. Throws InvitationInvalidError, ValidationError. */
  async acceptInvitation(token: string, password: string): Promise<UserRow> {
    checkPassword(password);
    const hash = await hashPassword(password);
    return this.#c.uow.run(async (uow) => {
      const inv = await authRepo.findInvitation(uow.trx, hashSecret(token));
      const now = this.#c.clock.now();
      if (!inv || inv.accepted_at || inv.expires_at <= now) throw new InvitationInvalidError('This invitation is not valid (used or expired).');
      const user = await this.#c.access.createUser(SYSTEM, { email: inv.email, role: inv.role }, { uow });
      await authRepo.setPassword(uow.trx, user.id, hash, now);
      await authRepo.acceptInvitation(uow.trx, inv.id, now);
      return user;
    });
  }

  /** Self sign-up, when enabled by configuration. Throws SignupDisabledError, ValidationError, UserExistsError. */
  async signup(input: { email: string; password: string }): Promise<UserRow> {
    if (!this.#c.signupEnabled) throw new SignupDisabledError('Ask an administrator for an invitation.');
    checkPassword(input.password);
    const hash = await hashPassword(input.password);
    return this.#c.uow.run(async (uow) => {
      const user = await this.#c.access.createUser(SYSTEM, { email: input.email }, { uow });
      await authRepo.setPassword(uow.trx, user.id, hash, this.#c.clock.now());
      return user;
    });
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError('The password is too short.', { errors: [{ pointer: '/password', message: `must have at least ${MIN_PASSWORD_LENGTH} characters` }] });
  }
}

export type { Scope };
