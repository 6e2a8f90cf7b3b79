import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Database, Executor } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import { InvalidTokenError, TokenNotFoundError, UserExistsError, UserNotFoundError } from './errors.js';
import { denied, SCOPES, type Identity, type Scope, type UserIdentity } from './identity.js';
import type { PermissionPolicy } from './policy.js';
import { accessRepo } from './repo.js';
import type { Role, UserRow } from './tables.js';

export interface AccessServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly policy: PermissionPolicy;
}

export interface NewUserInput {
  email: string;
  role?: Role;
}

export interface NewTokenInput {
  name: string;
  scopes?: Scope[];
  expiresAt?: Date | null;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, stored only as a hash. */
  token: string;
  scopes: string[];
  expires_at: string | null;
}

/** The system itself (CLI bootstrap, demo loader): may do anything, acts as no user. */
export const SYSTEM: UserIdentity = Object.freeze({ kind: 'user', id: 'system', email: 'system@cairn.invalid', role: 'admin', scopes: null });

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const TOKEN_PREFIX = 'cairn_';

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class AccessService {
  readonly #c: AccessServiceConfig;
  constructor(config: AccessServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /** Creates a user. Throws ForbiddenError, ValidationError, UserExistsError. */
  async createUser(identity: Identity, input: NewUserInput, opts: { uow?: UnitOfWork } = {}): Promise<UserRow> {
    if (!this.#c.policy.can(identity, 'manageUsers')) throw denied(identity, 'Only administrators may create users.');
    const email = input.email.trim();
    if (!EMAIL.test(email) || email.length > 254) {
      throw new ValidationError('Invalid user.', { errors: [{ pointer: '/email', message: 'must be an email address' }] });
    }
    return this.#c.uow.run(async (uow) => {
      if (await accessRepo.findUserByEmail(uow.trx, email)) throw new UserExistsError(`A user with email ${email} exists.`);
      const now = this.#c.clock.now();
      const user = await accessRepo.insertUser(uow.trx, { id: newId('usr'), email, role: input.role ?? 'depositor', created_at: now, updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'user.create', subjectType: 'user', subjectId: user.id, after: { email, role: user.role } });
      return user;
    }, opts.uow);
  }

  /** Issues a personal access token for `userId`. Throws ForbiddenError, UserNotFoundError, ValidationError. */
  async createToken(identity: Identity, userId: string, input: NewTokenInput, opts: { uow?: UnitOfWork } = {}): Promise<CreatedToken> {
    const self = identity.kind === 'user' && identity.id === userId;
    if (!self && !this.#c.policy.can(identity, 'manageUsers')) throw denied(identity, 'You may only create tokens for yourself.');
    const scopes = input.scopes ?? SCOPES.filter((s) => s !== 'users:admin');
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new ValidationError('Invalid token.', { errors: [{ pointer: '/scopes', message: `unknown scopes: ${unknown.join(', ')}` }] });
    if (input.expiresAt && input.expiresAt <= this.#c.clock.now()) throw new ValidationError('Invalid token.', { errors: [{ pointer: '/expires_at', message: 'must be in the future' }] });
    // A token never carries more than its holder may do: only administrators get users:admin.
    if (scopes.includes('users:admin') && !this.#c.policy.can(identity, 'manageUsers')) throw denied(identity, 'Only administrators may create tokens with users:admin.');
    return this.#c.uow.run(async (uow) => {
      const user = await accessRepo.findUserById(uow.trx, userId);
      if (!user) throw new UserNotFoundError(`No user ${userId}.`);
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row = await accessRepo.insertToken(uow.trx, {
        id: newId('tok'),
        user_id: userId,
        name: input.name,
        token_hash: hashToken(token),
        scopes,
        created_at: this.#c.clock.now(),
        expires_at: input.expiresAt ?? null,
      });
      await uow.audit({ actorId: actorOf(identity), action: 'token.create', subjectType: 'user', subjectId: userId, after: { token_id: row.id, name: row.name, scopes } });
      return { id: row.id, token, scopes, expires_at: row.expires_at?.toISOString() ?? null };
    }, opts.uow);
  }

  /** Resolves a bearer token to an identity. Throws InvalidTokenError (unknown, revoked, expired, inactive user). */
  async authenticate(bearer: string): Promise<UserIdentity> {
    if (!bearer.startsWith(TOKEN_PREFIX)) throw new InvalidTokenError('The bearer token is not valid.');
    const found = await accessRepo.findTokenByHash(this.#c.db, hashToken(bearer));
    const now = this.#c.clock.now();
    if (!found || found.revoked_at || !found.active || (found.expires_at && found.expires_at <= now)) {
      throw new InvalidTokenError('The bearer token is not valid.');
    }
    // Record use at most once a minute: no write on every request.
    if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > 60_000) {
      await accessRepo.touchToken(this.#c.db, found.token_id, now);
    }
    return { kind: 'user', id: found.id, email: found.email, role: found.role, scopes: found.scopes };
  }

  /** The caller's tokens (never the secrets). Throws 401 for anonymous callers. */
  async listTokens(identity: Identity): Promise<Array<{ id: string; name: string; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null }>> {
    if (identity.kind !== 'user') throw denied(identity, 'Sign in to list your tokens.');
    return accessRepo.listTokens(this.#c.db, identity.id);
  }

  /** Revokes one of the caller's tokens (administrators: anyone's). Throws TokenNotFoundError. */
  async revokeToken(identity: Identity, tokenId: string): Promise<void> {
    if (identity.kind !== 'user') throw denied(identity, 'Sign in to revoke tokens.');
    const admin = this.#c.policy.can(identity, 'manageUsers');
    await this.#c.uow.run(async (uow) => {
      const ok = await accessRepo.revokeToken(uow.trx, tokenId, admin ? undefined : identity.id, this.#c.clock.now());
      if (!ok) throw new TokenNotFoundError(`No active token ${tokenId}.`);
      await uow.audit({ actorId: identity.id, action: 'token.revoke', subjectType: 'user', subjectId: identity.id, after: { token_id: tokenId } });
    });
  }

  /**
   * Finds tokens expiring within `withinMs` whose owners were not told yet, marks them told
   * and calls `notify` for each in the same unit of work (so the mail is queued iff marked).
   */
  async warnExpiringTokens(withinMs: number, notify: (uow: UnitOfWork, token: { id: string; name: string; email: string; expires_at: Date }) => void): Promise<number> {
    return this.#c.uow.run(async (uow) => {
      const now = this.#c.clock.now();
      const tokens = await accessRepo.claimExpiring(uow.trx, new Date(now.getTime() + withinMs), now);
      for (const token of tokens) notify(uow, token);
      return tokens.length;
    });
  }

  /** A user's e-mail address, for notices (pass the transaction when inside one). */
  async emailOf(userId: string, db: Executor = this.#c.db): Promise<string | undefined> {
    return (await accessRepo.findUserById(db, userId))?.email;
  }

  /** Looks a user up by email (for the CLI and the demo loader); undefined when absent. */
  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    return accessRepo.findUserByEmail(this.#c.db, email);
  }

  /**
   * E-mail addresses of the active users holding any of `roles` or listed in `userIds`, for
   * mail (curator notices, requests). Reads in `uow` when given (PGlite has one connection).
   * No permission check: system use. Throws only on database errors.
   */
  async emailsOf(who: { roles?: readonly Role[]; userIds?: readonly string[] }, opts: { uow?: UnitOfWork } = {}): Promise<string[]> {
    const roles = [...(who.roles ?? [])];
    const ids = [...(who.userIds ?? [])];
    if (roles.length === 0 && ids.length === 0) return [];
    const rows = await (opts.uow?.trx ?? this.#c.db)
      .selectFrom('users')
      .select('email')
      .where('active', '=', true)
      .where((eb) => eb.or([...(roles.length ? [eb('role', 'in', roles)] : []), ...(ids.length ? [eb('id', 'in', ids)] : [])]))
      .orderBy('email')
      .execute();
    return rows.map((r) => r.email);
  }

  async countUsers(): Promise<number> {
    return accessRepo.countUsers(this.#c.db);
  }
}

function actorOf(identity: Identity): string | null {
  return identity.kind === 'user' ? identity.id : null;
}
