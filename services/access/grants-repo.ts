import type { Executor } from '../platform/db/database.js';
import type { GrantPermission, GrantRow, GroupRole, GroupRow, SecretLinkRow } from './tables.js';

/** Queries for groups, memberships, grants and secret links. */
export const grantsRepo = {
  async insertGroup(db: Executor, row: { id: string; name: string; description: string; created_at: Date }): Promise<GroupRow> {
    return db.insertInto('groups').values(row).returningAll().executeTakeFirstOrThrow();
  },
  async findGroup(db: Executor, id: string): Promise<GroupRow | undefined> {
    return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findGroupByName(db: Executor, name: string): Promise<GroupRow | undefined> {
    return db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
  },
  async listGroups(db: Executor): Promise<GroupRow[]> {
    return db.selectFrom('groups').selectAll().orderBy('name').execute();
  },
  async members(db: Executor, groupId: string) {
    return db
      .selectFrom('group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email', 'm.role', 'm.created_at'])
      .where('m.group_id', '=', groupId)
      .orderBy('u.email')
      .execute();
  },
  async membership(db: Executor, groupId: string, userId: string): Promise<GroupRole | undefined> {
    const row = await db.selectFrom('group_members').select('role').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    return row?.role;
  },
  async upsertMember(db: Executor, groupId: string, userId: string, role: GroupRole, at: Date): Promise<void> {
    await db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId, role, created_at: at })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  },
  async removeMember(db: Executor, groupId: string, userId: string): Promise<boolean> {
    const r = await db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  async upsertGrant(db: Executor, row: Omit<GrantRow, 'created_at'> & { created_at: Date }): Promise<GrantRow> {
    return db
      .insertInto('grants')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['parent_id', 'subject_type', 'subject_id']).doUpdateSet({ permission: row.permission, expires_at: row.expires_at, created_by: row.created_by }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async listGrants(db: Executor, parentId: string): Promise<GrantRow[]> {
    return db.selectFrom('grants').selectAll().where('parent_id', '=', parentId).orderBy('created_at').execute();
  },
  async findGrant(db: Executor, parentId: string, grantId: string): Promise<GrantRow | undefined> {
    return db.selectFrom('grants').selectAll().where('parent_id', '=', parentId).where('id', '=', grantId).executeTakeFirst();
  },
  async deleteGrant(db: Executor, parentId: string, grantId: string): Promise<boolean> {
    const r = await db.deleteFrom('grants').where('parent_id', '=', parentId).where('id', '=', grantId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
  /** Unexpired grants on a parent to this user or any of the groups. */
  async grantsFor(db: Executor, parentId: string, userId: string, groupIds: readonly string[], now: Date): Promise<GrantPermission[]> {
    const rows = await db
      .selectFrom('grants')
      .select('permission')
      .where('parent_id', '=', parentId)
      .where((eb) =>
        eb.or([
          eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', userId)]),
          ...(groupIds.length ? [eb.and([eb('subject_type', '=', 'group'), eb('subject_id', 'in', [...groupIds])])] : []),
        ]),
      )
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
    return rows.map((r) => r.permission);
  },
  /** Unexpired grants of a parent (for search readers). */
  async activeGrants(db: Executor, parentId: string, now: Date): Promise<GrantRow[]> {
    return db
      .selectFrom('grants')
      .selectAll()
      .where('parent_id', '=', parentId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
  },

  async insertLink(db: Executor, row: Omit<SecretLinkRow, 'revoked_at' | 'created_at'> & { created_at: Date }): Promise<SecretLinkRow> {
    return db.insertInto('secret_links').values({ ...row, revoked_at: null }).returningAll().executeTakeFirstOrThrow();
  },
  async listLinks(db: Executor, parentId: string): Promise<SecretLinkRow[]> {
    return db.selectFrom('secret_links').selectAll().where('parent_id', '=', parentId).where('revoked_at', 'is', null).orderBy('created_at').execute();
  },
  async revokeLink(db: Executor, parentId: string, linkId: string, at: Date): Promise<boolean> {
    const r = await db.updateTable('secret_links').set({ revoked_at: at }).where('parent_id', '=', parentId).where('id', '=', linkId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async findLinkByHash(db: Executor, hash: string): Promise<SecretLinkRow | undefined> {
    return db.selectFrom('secret_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  },
};
