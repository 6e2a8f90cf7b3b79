/**
 * The one permission policy: every "may X do Y to Z" question is answered here.
 *
 * Each action is a list of generators; the action is allowed when any generator
 * allows it (and the credential carries the scope the action needs). An action with
 * no list is denied. Generators are small and named after who they admit, as in
 * InvenioRDM's permission policies.
 */
import { hasScope, type Identity, type Scope } from './identity.js';
import type { Role } from './tables.js';

/** What the policy needs to know about a record (published or draft). */
export interface RecordSubject {
  readonly ownerId: string;
  readonly access: { readonly record: 'public' | 'restricted'; readonly files: 'public' | 'restricted'; readonly embargo?: { readonly active: boolean } };
  readonly published: boolean;
}

export interface Generator {
  readonly name: string;
  allows(identity: Identity, subject?: RecordSubject): boolean;
}

const hasRole = (identity: Identity, ...roles: Role[]) => identity.kind === 'user' && roles.includes(identity.role);

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
  | 'manageUsers';

interface Rule {
  readonly generators: readonly Generator[];
  /** A token must carry this scope for the action (sessions and the system carry all). */
  readonly scope?: Scope;
}

const g = generators;
const rules: Readonly<Partial<Record<Action, Rule>>> = Object.freeze({
  create: { generators: [g.authenticatedUser], scope: 'records:write' },
  read: { generators: [g.anyoneIfPublicRecord, g.owner, g.curator] },
  readFiles: { generators: [g.anyoneIfPublicFiles, g.owner, g.curator] },
  readDraft: { generators: [g.owner, g.admin] },
  updateDraft: { generators: [g.owner, g.admin], scope: 'records:write' },
  deleteDraft: { generators: [g.owner, g.admin], scope: 'records:write' },
  publish: { generators: [g.owner, g.admin], scope: 'records:publish' },
  edit: { generators: [g.owner, g.admin], scope: 'records:write' },
  newVersion: { generators: [g.owner, g.admin], scope: 'records:write' },
  readAudit: { generators: [g.owner, g.admin] },
  deleteRecord: { generators: [g.curator], scope: 'records:publish' },
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
  return { kind: 'visible', principals: identity.kind === 'user' ? [`user:${identity.id}`] : [] };
}

/** The principals that may read a record regardless of its access level (its owner; grantees later). */
export function readersOf(subject: Pick<RecordSubject, 'ownerId'>): string[] {
  return [`user:${subject.ownerId}`];
}
