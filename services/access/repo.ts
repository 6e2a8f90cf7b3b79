import { jsonb } from '../platform/db/json.js';
import type { Executor } from '../platform/db/database.js';
import type { AccessTokenRow, NewUserRow, UserRow } from './tables.js';

export const accessRepo = {
  async insertUser(db: Executor, row: NewUserRow): Promise<UserRow> {
    return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
  },
  async findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  },
  async countUsers(db: Executor): Promise<number> {
    const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  },
  async insertToken(
    db: Executor,
    row: { id: string; user_id: string; name: string; token_hash: string; scopes: string[]; created_at: Date; expires_at: Date | null },
  ): Promise<AccessTokenRow> {
    return db
      .insertInto('access_tokens')
      .values({ ...row, scopes: jsonb(row.scopes) })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  /** The token with this hash and its user, whatever their state (the service decides). */
  async findTokenByHash(db: Executor, tokenHash: string) {
    return db
      .selectFrom('access_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 't.scopes', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.id', 'u.email', 'u.role', 'u.active'])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },
  async listTokens(db: Executor, userId: string) {
    return db
      .selectFrom('access_tokens')
      .select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  },
  async revokeToken(db: Executor, tokenId: string, userId: string | undefined, at: Date): Promise<boolean> {
    let q = db.updateTable('access_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null);
    if (userId) q = q.where('user_id', '=', userId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  /** Marks unrevoked tokens expiring before `before` (and not yet expired) as notified, returning them. */
  async claimExpiring(db: Executor, before: Date, now: Date) {
    return db
      .updateTable('access_tokens as t')
      .from('users as u')
      .set({ expiry_notified_at: now })
      .whereRef('u.id', '=', 't.user_id')
      .where('t.revoked_at', 'is', null)
      .where('t.expiry_notified_at', 'is', null)
      .where('t.expires_at', '>', now)
      .where('t.expires_at', '<=', before)
      .returning(['t.id', 't.name', 'u.email', 't.expires_at'])
      .execute() as Promise<Array<{ id: string; name: string; email: string; expires_at: Date }>>;
  },
  async touchToken(db: Executor, tokenId: string, at: Date): Promise<void> {
    await db.updateTable('access_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
  },
};
