import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity } from './identity.js';
import { permissionPolicy, type Action, type RecordSubject } from './policy.js';

const owner: Identity = { kind: 'user', id: 'usr_owner', email: 'o@x', role: 'depositor', scopes: null };
const other: Identity = { kind: 'user', id: 'usr_other', email: 'u@x', role: 'depositor', scopes: null };
const curator: Identity = { kind: 'user', id: 'usr_cur', email: 'c@x', role: 'curator', scopes: null };
const admin: Identity = { kind: 'user', id: 'usr_adm', email: 'a@x', role: 'admin', scopes: null };
const readOnlyOwner: Identity = { ...owner, scopes: ['records:read'] };

const subject = (state: 'public' | 'restricted' | 'publicMetaRestrictedFiles' | 'embargoed', published = true): RecordSubject => ({
  ownerId: 'usr_owner',
  published,
  access: {
    record: state === 'restricted' ? 'restricted' : 'public',
    files: state === 'public' ? 'public' : 'restricted',
    embargo: { active: state === 'embargoed' },
  },
});

const who = { anonymous: ANONYMOUS, owner, other, curator, admin, readOnlyOwner };
type Who = keyof typeof who;

// identity × record state × action → allowed
const table: Array<[Who, Parameters<typeof subject>[0], boolean, Action, boolean]> = [
  ['anonymous', 'public', true, 'read', true],
  ['anonymous', 'public', true, 'readFiles', true],
  ['anonymous', 'publicMetaRestrictedFiles', true, 'readFiles', false],
  ['anonymous', 'embargoed', true, 'read', true],
  ['anonymous', 'embargoed', true, 'readFiles', false],
  ['anonymous', 'restricted', true, 'read', false],
  ['anonymous', 'public', false, 'read', false],
  ['anonymous', 'public', true, 'publish', false],
  ['other', 'restricted', true, 'read', false],
  ['other', 'public', true, 'read', true],
  ['other', 'public', false, 'readDraft', false],
  ['other', 'public', false, 'updateDraft', false],
  ['other', 'public', true, 'newVersion', false],
  ['owner', 'restricted', true, 'read', true],
  ['owner', 'restricted', true, 'readFiles', true],
  ['owner', 'public', false, 'updateDraft', true],
  ['owner', 'public', false, 'publish', true],
  ['owner', 'public', true, 'readAudit', true],
  ['owner', 'public', true, 'manageUsers', false],
  ['readOnlyOwner', 'public', false, 'updateDraft', false],
  ['readOnlyOwner', 'public', false, 'publish', false],
  ['readOnlyOwner', 'public', false, 'readDraft', true],
  ['curator', 'restricted', true, 'read', true],
  ['curator', 'restricted', true, 'readFiles', true],
  ['curator', 'public', false, 'updateDraft', false],
  ['admin', 'restricted', true, 'read', true],
  ['admin', 'public', false, 'publish', true],
  ['admin', 'public', true, 'readAudit', true],
  ['admin', 'public', true, 'manageUsers', true],
];

describe('permission policy', () => {
  it.each(table)('%s on a %s record (published %s): %s → %s', (w, state, published, action, allowed) => {
    expect(permissionPolicy.can(who[w], action, subject(state, published))).toBe(allowed);
  });

  it('denies an action it has no rule for', () => {
    expect(permissionPolicy.can(admin, 'nonsense' as Action, subject('public'))).toBe(false);
  });
});
