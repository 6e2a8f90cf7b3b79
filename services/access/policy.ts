/**
 * The one permission policy: every "may X do Y to Z" question is answered here.
 *
 * Each action is a list of generators; the action is allowed when any generator
 * allows it (and the credential carries the scope the action needs). An action with
 * no list is denied. Generators are small and named after who they admit, as in
 * InvenioRDM's permission policies. Grants (to a user, a group, or through a secret
 * link) are resolved by AccessService into `subject.granted` before the policy is asked.
 */
import { hasScope, principalsOf, type Identity, type Scope } from './identity.js';
import type { GrantPermission, Role } from './tables.js';

/** What the policy needs to know about a record (published or draft). */
export interface RecordSubject {
  readonly ownerId: string;
  readonly access: { readonly record: 'public' | 'restricted'; readonly files: 'public' | 'restricted'; readonly embargo?: { readonly active: boolean } };
  readonly published: boolean;
  /** The strongest permission the caller holds on the record's parent through grants or links. */
  readonly granted?: GrantPermission | null;
}

export interface Generator {
  readonly name: string;
  allows(identity: Identity, subject?: RecordSubject): boolean;
}

const LEVEL: Record<GrantPermission, number> = { view: 1, download: 2, edit: 3, manage: 4 };

/** Whether `held` includes `needed` (view < download < edit < manage). */
export function grantIncludes(held: GrantPermission | null | undefined, needed: GrantPermission): boolean {
  return !!held && LEVEL[held] >= LEVEL[needed];
}

/** The stronger of two permissions. */
export function strongest(a: GrantPermission | null | undefined, b: GrantPermission | null | undefined): GrantPermission | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return LEVEL[a] >= LEVEL[b] ? a : b;
}

const hasRole = (identity: Identity, ...roles: Role[]) => identity.kind === 'user' && roles.includes(identity.role);

const granted = (needed: GrantPermission): Generator => ({
  name: `grantee (${needed})`,
  allows: (_i, s) => !!s && grantIncludes(s.granted, needed),
});

export const generators = {
  owner: { name: 'owner', allows: (i, s) => i.kind === 'user' && !!s && s.ownerId === i.id },
  admin: { name: 'admin', allows: (i) => hasRole(i, 'admin') },
  curator: { name: 'curator', allows: (i) => hasRole(i, 'curator', 'admin') },
  authenticatedUser: { name: 'authenticated user', allows: (i) => i.kind === 'user' },
  anyoneIfPublicRecord: {
    name: 'anyone (public record)',
    allows: (_i, s) => !!s && s.published && s.access.record === 'public',
  },
  anyoneIfPublicFiles: {
    name: 'anyone (public files)',
    allows: (_i, s) => !!s && s.published && s.access.record === 'public' && s.access.files === 'public' && !s.access.embargo?.active,
  },
  viewer: granted('view'),
  downloader: granted('download'),
  editor: granted('edit'),
  manager: granted('manage'),
} satisfies Record<string, Generator>;

export type Action =
  | 'create'
  | 'read'
  | 'readFiles'
  | 'readDraft'
  | 'updateDraft'
  | 'deleteDraft'
  | 'publish'
  | 'edit'
  | 'newVersion'
  | 'readAudit'
  | 'deleteRecord'
  | 'manageAccess'
  | 'requestAccess'
  | 'review'
  | 'manageGroups'
  | 'manageUsers';

interface Rule {
  readonly generators: readonly Generator[];
  /** A token must carry this scope for the action (sessions and the system carry all). */
  readonly scope?: Scope;
}

const g = generators;
const rules: Readonly<Partial<Record<Action, Rule>>> = Object.freeze({
  create: { generators: [g.authenticatedUser], scope: 'records:write' },
  read: { generators: [g.anyoneIfPublicRecord, g.owner, g.curator, g.viewer] },
  readFiles: { generators: [g.anyoneIfPublicFiles, g.owner, g.curator, g.downloader] },
  readDraft: { generators: [g.owner, g.admin, g.curator, g.editor] },
  updateDraft: { generators: [g.owner, g.admin, g.editor], scope: 'records:write' },
  deleteDraft: { generators: [g.owner, g.admin, g.editor], scope: 'records:write' },
  publish: { generators: [g.owner, g.admin, g.manager], scope: 'records:publish' },
  edit: { generators: [g.owner, g.admin, g.editor], scope: 'records:write' },
  newVersion: { generators: [g.owner, g.admin, g.editor], scope: 'records:write' },
  readAudit: { generators: [g.owner, g.admin, g.curator, g.manager] },
  deleteRecord: { generators: [g.curator], scope: 'records:publish' },
  manageAccess: { generators: [g.owner, g.admin, g.manager], scope: 'records:write' },
  requestAccess: { generators: [g.authenticatedUser] },
  review: { generators: [g.curator] },
  manageGroups: { generators: [g.admin], scope: 'users:admin' },
  manageUsers: { generators: [g.admin], scope: 'users:admin' },
});

export interface PermissionPolicy {
  /** True when `identity` may do `action` (to `subject`). Never throws. */
  can(identity: Identity, action: Action, subject?: RecordSubject): boolean;
}

export const permissionPolicy: PermissionPolicy = Object.freeze({
  can(identity: Identity, action: Action, subject?: RecordSubject): boolean {
    const rule = rules[action];
    if (!rule) return false;
    // Anonymous callers hold no token, so scopes only narrow what a user's token may do.
    if (rule.scope && identity.kind === 'user' && !hasScope(identity, rule.scope)) return false;
    return rule.generators.some((gen) => gen.allows(identity, subject));
  },
});

/**
 * Which records' metadata an identity may find, as data that each search adapter
 * (SQL, Elasticsearch, OAI, exports) translates into its own filter — so counts and
 * facets never include what `can(identity, 'read', …)` would refuse.
 *
 * `all`: no filter (curators, administrators). `visible`: a published record whose
 * `access.record` is public, OR a record/draft whose `readers` list (see `readersOf`)
 * shares a principal with `principals`.
 */
export type ReadFilter = { kind: 'all' } | { kind: 'visible'; principals: string[] };

export function readFilter(identity: Identity): ReadFilter {
  if (hasRole(identity, 'curator', 'admin')) return { kind: 'all' };
  const links = (identity.links ?? []).map((l) => `link:${l.parentId}`);
  return { kind: 'visible', principals: [...principalsOf(identity), ...links] };
}

/**
 * The principals that may read a record regardless of its access level: its owner and
 * every unexpired grantee (a user or a group; any grant includes `view`).
 */
export function readersOf(subject: { ownerId: string; parentId?: string; grants?: ReadonlyArray<{ subject_type: 'user' | 'group'; subject_id: string }> }): string[] {
  const readers = [`user:${subject.ownerId}`];
  // A valid secret link of the parent acts as this principal (see readFilter).
  if (subject.parentId) readers.push(`link:${subject.parentId}`);
  for (const grant of subject.grants ?? []) readers.push(`${grant.subject_type}:${grant.subject_id}`);
  return readers;
}
