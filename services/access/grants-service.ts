/**
 * Groups (a site, a project) with members and managers; grants on a record's parent
 * (so they cover every version) to a user or a group; secret links. It answers
 * "what does this caller hold on this parent?" for the permission policy.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Database, Executor } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import { GrantNotFoundError, GroupExistsError, GroupNotFoundError, UserNotFoundError } from './errors.js';
import { denied, type Identity, type LinkGrant } from './identity.js';
import { readersOf, strongest, type PermissionPolicy } from './policy.js';
import { grantsRepo } from './grants-repo.js';
import { accessRepo } from './repo.js';
import { hashSecret } from './session-tokens.js';
import type { GrantPermission, GrantRow, GroupRole, GroupRow, SecretLinkRow } from './tables.js';

/** What the grants service needs from the records context (injected, to avoid a cycle). */
export interface RecordAccessTargets {
  /** Resolves a record id to its parent after checking `manageAccess` (or `read` for listing). Throws 401/403/404/410. */
  target(identity: Identity, recordId: string, action: 'manageAccess' | 'read', db?: Executor): Promise<{ parentId: string; ownerId: string }>;
  /** Tells the records context that who may read a parent changed (search readers). */
  accessChanged(uow: UnitOfWork, parentId: string): Promise<void>;
}

export interface GrantsServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly policy: PermissionPolicy;
  readonly records: () => RecordAccessTargets;
  readonly baseUrl: string;
}

export interface GrantInput {
  subject: { type: 'user' | 'group'; id: string };
  permission: GrantPermission;
  expires_at?: string | null;
}

const actor = (i: Identity) => (i.kind === 'user' ? i.id : null);

export class GrantsService {
  readonly #c: GrantsServiceConfig;
  constructor(config: GrantsServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  // ---- answering the policy -------------------------------------------------------

  /** The strongest permission `identity` holds on `parentId` by grants (own or group) or secret links. Never throws. */
  async permissionOn(identity: Identity, parentId: string, db: Executor = this.#c.db): Promise<GrantPermission | null> {
    let best: GrantPermission | null = null;
    for (const link of identity.links ?? []) if (link.parentId === parentId) best = strongest(best, link.permission);
    if (identity.kind === 'user') {
      const held = await grantsRepo.grantsFor(db, parentId, identity.id, identity.groups ?? [], this.#c.clock.now());
      for (const p of held) best = strongest(best, p);
    }
    return best;
  }

  /** The principals that may read any version of the parent (for the search index). */
  async readers(parentId: string, ownerId: string): Promise<string[]> {
    return readersOf({ ownerId, parentId, grants: await grantsRepo.activeGrants(this.#c.db, parentId, this.#c.clock.now()) });
  }

  /** A secret link's grant, if the token is valid. Never throws. */
  async resolveLink(token: string): Promise<LinkGrant | undefined> {
    const link = await grantsRepo.findLinkByHash(this.#c.db, hashSecret(token));
    if (!link || link.revoked_at || (link.expires_at && link.expires_at <= this.#c.clock.now())) return undefined;
    return { parentId: link.parent_id, permission: link.permission };
  }

  // ---- groups -----------------------------------------------------------------------

  /** Creates a group (administrators). Throws ForbiddenError, GroupExistsError, ValidationError. */
  async createGroup(identity: Identity, input: { name: string; description?: string }): Promise<GroupRow> {
    if (!this.#c.policy.can(identity, 'manageGroups')) throw denied(identity, 'Only administrators may create groups.');
    if (!/^[\w.-]{2,64}$/.test(input.name)) throw new ValidationError('Invalid group.', { errors: [{ pointer: '/name', message: 'letters, digits, "." "_" "-", 2 to 64 characters' }] });
    return this.#c.uow.run(async (uow) => {
      if (await grantsRepo.findGroupByName(uow.trx, input.name)) throw new GroupExistsError(`A group named ${input.name} exists.`);
      const group = await grantsRepo.insertGroup(uow.trx, { id: newId('grp'), name: input.name, description: input.description ?? '', created_at: this.#c.clock.now() });
      await uow.audit({ actorId: actor(identity), action: 'group.create', subjectType: 'group', subjectId: group.id, after: { name: group.name } });
      return group;
    });
  }

  async listGroups(identity: Identity): Promise<GroupRow[]> {
    if (identity.kind !== 'user') throw denied(identity, 'Sign in to list groups.');
    return grantsRepo.listGroups(this.#c.db);
  }

  /** A group and its members (members, managers of the group, administrators). */
  async getGroup(identity: Identity, groupId: string) {
    const group = await this.#group(groupId);
    const isMember = identity.kind === 'user' && (identity.groups ?? []).includes(groupId);
    if (!isMember && !this.#c.policy.can(identity, 'manageGroups')) throw denied(identity, 'Only members see a group.');
    return { group, members: await grantsRepo.members(this.#c.db, groupId) };
  }

  /** Adds or updates a member (administrators and the group's managers). Throws 403/404. */
  async setMember(identity: Identity, groupId: string, input: { user: string; role: GroupRole }): Promise<void> {
    await this.#group(groupId);
    await this.#requireGroupManager(identity, groupId);
    const user = input.user.includes('@') ? await accessRepo.findUserByEmail(this.#c.db, input.user) : await accessRepo.findUserById(this.#c.db, input.user);
    if (!user) throw new UserNotFoundError(`No user ${input.user}.`);
    await this.#c.uow.run(async (uow) => {
      await grantsRepo.upsertMember(uow.trx, groupId, user.id, input.role, this.#c.clock.now());
      await uow.audit({ actorId: actor(identity), action: 'group.member_set', subjectType: 'group', subjectId: groupId, after: { user_id: user.id, role: input.role } });
    });
  }

  async removeMember(identity: Identity, groupId: string, userId: string): Promise<void> {
    await this.#group(groupId);
    await this.#requireGroupManager(identity, groupId);
    await this.#c.uow.run(async (uow) => {
      if (!(await grantsRepo.removeMember(uow.trx, groupId, userId))) throw new UserNotFoundError(`${userId} is not a member.`);
      await uow.audit({ actorId: actor(identity), action: 'group.member_remove', subjectType: 'group', subjectId: groupId, before: { user_id: userId } });
    });
  }

  async #group(groupId: string): Promise<GroupRow> {
    const group = await grantsRepo.findGroup(this.#c.db, groupId);
    if (!group) throw new GroupNotFoundError(`No group ${groupId}.`);
    return group;
  }

  async #requireGroupManager(identity: Identity, groupId: string): Promise<void> {
    if (this.#c.policy.can(identity, 'manageGroups')) return;
    if (identity.kind === 'user' && (await grantsRepo.membership(this.#c.db, groupId, identity.id)) === 'manager') return;
    throw denied(identity, "Only administrators and the group's managers may change its members.");
  }

  // ---- grants on records ------------------------------------------------------------

  async listGrants(identity: Identity, recordId: string): Promise<GrantRow[]> {
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess');
    return grantsRepo.listGrants(this.#c.db, parentId);
  }

  /** Grants a user or group a permission on the record's parent (replacing an earlier grant to them). Throws 400/403/404. */
  async createGrant(identity: Identity, recordId: string, input: GrantInput, opts: { uow?: UnitOfWork } = {}): Promise<GrantRow> {
    // Inside a caller's unit of work every read goes through its transaction (PGlite has one connection).
    const db = opts.uow?.trx ?? this.#c.db;
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess', db);
    const expires = this.#expiry(input.expires_at, '/expires_at');
    const exists = input.subject.type === 'user' ? await accessRepo.findUserById(db, input.subject.id) : await grantsRepo.findGroup(db, input.subject.id);
    if (!exists) throw new ValidationError('Unknown grantee.', { errors: [{ pointer: '/subject/id', message: `no ${input.subject.type} ${input.subject.id}` }] });
    return this.#c.uow.run(async (uow) => {
      const grant = await grantsRepo.upsertGrant(uow.trx, {
        id: newId('gnt'),
        parent_id: parentId,
        subject_type: input.subject.type,
        subject_id: input.subject.id,
        permission: input.permission,
        created_by: actor(identity),
        created_at: this.#c.clock.now(),
        expires_at: expires,
      });
      await uow.audit({ actorId: actor(identity), action: 'access.grant', subjectType: 'record', subjectId: recordId, after: { grant_id: grant.id, subject: input.subject, permission: input.permission, expires_at: expires?.toISOString() ?? null } });
      await this.#c.records().accessChanged(uow, parentId);
      return grant;
    }, opts.uow);
  }

  async deleteGrant(identity: Identity, recordId: string, grantId: string): Promise<void> {
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess');
    await this.#c.uow.run(async (uow) => {
      const grant = await grantsRepo.findGrant(uow.trx, parentId, grantId);
      if (!grant || !(await grantsRepo.deleteGrant(uow.trx, parentId, grantId))) throw new GrantNotFoundError(`No grant ${grantId} on this record.`);
      await uow.audit({ actorId: actor(identity), action: 'access.revoke', subjectType: 'record', subjectId: recordId, before: { grant_id: grantId, subject: { type: grant.subject_type, id: grant.subject_id }, permission: grant.permission } });
      await this.#c.records().accessChanged(uow, parentId);
    });
  }

  // ---- secret links -----------------------------------------------------------------

  async listLinks(identity: Identity, recordId: string): Promise<SecretLinkRow[]> {
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess');
    return grantsRepo.listLinks(this.#c.db, parentId);
  }

  /** Creates a secret link; the token is in the returned URL only (stored hashed). Throws 400/403/404. */
  async createLink(identity: Identity, recordId: string, input: { permission: 'view' | 'download'; expires_at?: string | null; description?: string }): Promise<{ link: SecretLinkRow; token: string; url: string }> {
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess');
    const expires = this.#expiry(input.expires_at, '/expires_at');
    const token = randomBytes(24).toString('base64url');
    return this.#c.uow.run(async (uow) => {
      const link = await grantsRepo.insertLink(uow.trx, {
        id: newId('lnk'),
        parent_id: parentId,
        token_hash: hashSecret(token),
        permission: input.permission,
        description: input.description ?? '',
        created_by: actor(identity),
        created_at: this.#c.clock.now(),
        expires_at: expires,
      });
      await uow.audit({ actorId: actor(identity), action: 'access.link_create', subjectType: 'record', subjectId: recordId, after: { link_id: link.id, permission: link.permission, expires_at: expires?.toISOString() ?? null } });
      return { link, token, url: `${this.#c.baseUrl}/records/${encodeURIComponent(recordId)}?token=${token}` };
    });
  }

  async deleteLink(identity: Identity, recordId: string, linkId: string): Promise<void> {
    const { parentId } = await this.#c.records().target(identity, recordId, 'manageAccess');
    await this.#c.uow.run(async (uow) => {
      if (!(await grantsRepo.revokeLink(uow.trx, parentId, linkId, this.#c.clock.now()))) throw new GrantNotFoundError(`No link ${linkId} on this record.`);
      await uow.audit({ actorId: actor(identity), action: 'access.link_revoke', subjectType: 'record', subjectId: recordId, before: { link_id: linkId } });
    });
  }

  #expiry(value: string | null | undefined, pointer: string): Date | null {
    if (value === undefined || value === null) return null;
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || at <= this.#c.clock.now()) throw new ValidationError('Invalid expiry.', { errors: [{ pointer, message: 'must be a date-time in the future' }] });
    return at;
  }
}

