import type { Executor } from '../platform/db/database.js';
import { jsonb } from '../platform/db/json.js';
import type { Role, SessionRow, UserRow } from './tables.js';

/** Queries for logins: users' credentials, sessions, invitations. */
export const authRepo = {
  async setPassword(db: Executor, userId: string, hash: string, at: Date): Promise<void> {
    await db.updateTable('users').set({ password_hash: hash, updated_at: at }).where('id', '=', userId).execute();
  },
  async recordFailure(db: Executor, userId: string, lockedUntil: Date | null): Promise<void> {
    await db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), ...(lockedUntil ? { locked_until: lockedUntil } : {}) }))
      .where('id', '=', userId)
      .execute();
  },
  async clearFailures(db: Executor, userId: string): Promise<void> {
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
  },
  async setTotp(db: Executor, userId: string, v: { secret: string | null; enabled: boolean; recoveryHashes: string[]; at: Date }): Promise<void> {
    await db
      .updateTable('users')
      .set({ totp_secret: v.secret, totp_enabled: v.enabled, recovery_codes: jsonb(v.recoveryHashes), totp_last_step: null, updated_at: v.at })
      .where('id', '=', userId)
      .execute();
  },
  /** Accepts a TOTP step only if it is newer than the last accepted one (atomic: a code works once). */
  async acceptTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
    const row = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },
  async useRecoveryCode(db: Executor, user: UserRow, codeHash: string): Promise<boolean> {
    if (!user.recovery_codes.includes(codeHash)) return false;
    const remaining = user.recovery_codes.filter((c) => c !== codeHash);
    const row = await db
      .updateTable('users')
      .set({ recovery_codes: jsonb(remaining) })
      .where('id', '=', user.id)
      .where('recovery_codes', '@>', jsonb([codeHash]))
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async insertSession(db: Executor, row: { id: string; user_id: string; refresh_hash: string; mfa: boolean; created_at: Date; expires_at: Date }): Promise<void> {
    await db.insertInto('sessions').values({ ...row, revoked_at: null }).execute();
  },
  async findSessionByRefresh(db: Executor, refreshHash: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('refresh_hash', '=', refreshHash).executeTakeFirst();
  },
  async findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async rotateRefresh(db: Executor, id: string, oldHash: string, newHash: string, expiresAt: Date): Promise<boolean> {
    const row = await db
      .updateTable('sessions')
      .set({ refresh_hash: newHash, expires_at: expiresAt })
      .where('id', '=', id)
      .where('refresh_hash', '=', oldHash)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },
  async revokeSession(db: Executor, id: string, at: Date): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },

  async insertInvitation(db: Executor, row: { id: string; email: string; role: Role; token_hash: string; invited_by: string; created_at: Date; expires_at: Date }): Promise<void> {
    await db.insertInto('invitations').values({ ...row, accepted_at: null }).execute();
  },
  async findInvitation(db: Executor, tokenHash: string) {
    return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst();
  },
  async acceptInvitation(db: Executor, id: string, at: Date): Promise<void> {
    await db.updateTable('invitations').set({ accepted_at: at }).where('id', '=', id).execute();
  },
  async groupsOf(db: Executor, userId: string): Promise<string[]> {
    const rows = await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).orderBy('group_id').execute();
    return rows.map((r) => r.group_id);
  },
};
