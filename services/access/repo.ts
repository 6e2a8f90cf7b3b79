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
  async touchToken(db: Executor, tokenId: string, at: Date): Promise<void> {
    await db.updateTable('access_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
  },
};
