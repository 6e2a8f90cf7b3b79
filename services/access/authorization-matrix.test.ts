/**
 * The authorization matrix: for every operation in openapi.yaml, each of anonymous, another
 * user, the owner, a group member (view grant through a group), a grantee (download grant), a
 * curator and an administrator, against a public, an embargoed and a restricted record — the
 * expected answer comes from one table below. An operation without a row fails the test.
 * "Allowed" means the request got past the permission check (any status but 401/403);
 * "denied" means exactly 401 for anonymous callers and 403 for signed-in ones.
 * Every answer to someone not entitled to the files is also searched for the files' bytes
 * and names: no route may leak them.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };

type Actor = 'anonymous' | 'stranger' | 'owner' | 'member' | 'grantee' | 'curator' | 'admin';
type State = 'public' | 'embargoed' | 'restricted';
const ACTORS: Actor[] = ['anonymous', 'stranger', 'owner', 'member', 'grantee', 'curator', 'admin'];
const STATES: State[] = ['public', 'embargoed', 'restricted'];
const ALL = new Set<Actor>(ACTORS);
const USERS = new Set<Actor>(ACTORS.filter((a) => a !== 'anonymous'));
const set = (...a: Actor[]) => new Set<Actor>(a);

interface Req {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}
interface Ctx {
  subject: Record<State, { id: string; key: string; marker: string; doi: string }>;
  groupId: string;
  fresh(state: State): Promise<string>;
  freshDraft(state: State): Promise<string>;
  requestId: string;
}
interface Row {
  /** Who gets past the permission check, per record state. */
  allowed: (state: State) => Set<Actor>;
  /** Whether the operation concerns a record (run for every state) or not (run once). */
  perState: boolean;
  build: (ctx: Ctx, state: State, actor: Actor) => Promise<Req> | Req;
  /** An exact status every actor gets, instead of allowed/denied (e.g. sign-up switched off). */
  everyone?: number;
  /** What a signed-in caller who is refused gets, when not 403 (requests hide themselves: 404). */
  userDenied?: number | ((actor: Actor) => number);
}

const readers = (s: State) => (s === 'restricted' ? set('owner', 'member', 'grantee', 'curator', 'admin') : ALL);
const fileReaders = (s: State) => (s === 'public' ? ALL : set('owner', 'grantee', 'curator', 'admin'));
const ownerAdmin = () => set('owner', 'admin');
const draftReaders = () => set('owner', 'curator', 'admin');
const usersWhoRead = (s: State) => new Set([...readers(s)].filter((a) => a !== 'anonymous'));
const curators = () => set('curator', 'admin');
const admins = () => set('admin');
const json = (payload: unknown) => ({ payload, headers: { 'content-type': 'application/json' } });
const rec = (ctx: Ctx, s: State) => ctx.subject[s].id;
const enc = encodeURIComponent;

const ROWS: Record<string, Row> = {
  // Published records: metadata.
  getRecord: { perState: true, allowed: readers, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}` }) },
  listVersions: { perState: true, allowed: readers, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/versions` }) },
  getLatestVersion: { perState: true, allowed: readers, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/versions/latest` }) },
  exportRecord: { perState: true, allowed: readers, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/export/datacite-json` }) },
  getRecordLinkset: { perState: true, allowed: readers, build: (c, s) => ({ method: 'GET', url: `/records/${rec(c, s)}/linkset`, headers: { accept: 'application/linkset+json' } }) },
  // Published records: files.
  listRecordFiles: { perState: true, allowed: fileReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/files` }) },
  getRecordFile: { perState: true, allowed: fileReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/files/${enc(c.subject[s].key)}` }) },
  getRecordFileContent: { perState: true, allowed: fileReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/files/${enc(c.subject[s].key)}/content` }) },
  // Drafts (the edit draft of each record).
  getDraft: { perState: true, allowed: draftReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/draft` }) },
  listDraftFiles: { perState: true, allowed: draftReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/draft/files` }) },
  getDraftFile: { perState: true, allowed: draftReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}` }) },
  getDraftFileContent: { perState: true, allowed: draftReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}/content` }) },
  exportDraft: { perState: true, allowed: draftReaders, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/draft/export/datacite-json` }) },
  updateDraft: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'PUT', url: `/api/records/${rec(c, s)}/draft`, ...json({ metadata: minimal }) }) },
  initDraftFiles: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft/files`, ...json([{ key: 'more.csv' }]) }) },
  uploadDraftFilesForm: {
    perState: true,
    allowed: ownerAdmin,
    build: (c, s) => ({
      method: 'POST',
      url: `/api/records/${rec(c, s)}/draft/files/upload`,
      payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\n\r\nx\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    }),
  },
  putDraftFileContent: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'PUT', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}/content`, payload: 'x', headers: { 'content-type': 'application/octet-stream' } }) },
  putDraftFilePart: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'PUT', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}/content/1`, payload: 'x', headers: { 'content-type': 'application/octet-stream' } }) },
  commitDraftFile: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}/commit` }) },
  deleteDraftFile: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'DELETE', url: `/api/records/${rec(c, s)}/draft/files/${enc(c.subject[s].key)}` }) },
  importFiles: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft/actions/files-import` }) },
  reserveDoi: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft/pids/doi` }) },
  submitReview: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft/actions/submit-review`, ...json({}) }) },
  publishDraft: { perState: true, allowed: ownerAdmin, build: async (c, s) => ({ method: 'POST', url: `/api/records/${await c.freshDraft(s)}/draft/actions/publish` }) },
  deleteDraft: { perState: true, allowed: ownerAdmin, build: async (c, s) => ({ method: 'DELETE', url: `/api/records/${await c.freshDraft(s)}/draft` }) },
  editRecord: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/draft` }) },
  createVersion: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/versions` }) },
  // Access management and audit.
  listGrants: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/access/grants` }) },
  createGrant: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/access/grants`, ...json({ subject: { type: 'user', id: 'usr_nobody' }, permission: 'view' }) }) },
  deleteGrant: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'DELETE', url: `/api/records/${rec(c, s)}/access/grants/gnt_missing` }) },
  listLinks: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/access/links` }) },
  createLink: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/access/links`, ...json({ permission: 'view' }) }) },
  deleteLink: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'DELETE', url: `/api/records/${rec(c, s)}/access/links/lnk_missing` }) },
  getAuditLog: { perState: true, allowed: () => set('owner', 'curator', 'admin'), build: (c, s) => ({ method: 'GET', url: `/api/records/${rec(c, s)}/audit` }) },
  deleteRecord: { perState: true, allowed: curators, build: async (c, s) => ({ method: 'POST', url: `/api/records/${await c.fresh(s)}/delete`, ...json({ reason: 'matrix test' }) }) },
  // Requests opened from a record.
  requestAccess: { perState: true, allowed: usersWhoRead, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/access/request`, ...json({}) }) },
  requestEmbargoExtension: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/requests/embargo-extension`, ...json({ until: '2027-12-31' }) }) },
  requestEarlyLift: { perState: true, allowed: ownerAdmin, build: (c, s) => ({ method: 'POST', url: `/api/records/${rec(c, s)}/requests/early-lift`, ...json({}) }) },
  // Requests (an access request by the stranger on the public record; the owner receives it).
  listRequests: { perState: false, allowed: () => USERS, build: () => ({ method: 'GET', url: '/api/requests' }) },
  getRequest: { perState: false, userDenied: 404, allowed: () => set('stranger', 'owner', 'curator', 'admin'), build: (c) => ({ method: 'GET', url: `/api/requests/${c.requestId}` }) },
  commentOnRequest: { perState: false, userDenied: 404, allowed: () => set('stranger', 'owner', 'curator', 'admin'), build: (c) => ({ method: 'POST', url: `/api/requests/${c.requestId}/comments`, ...json({ content: 'hello' }) }) },
  // The requester and curators see the request but may not decide it (403); others do not see it (404).
  actOnRequest: { perState: false, userDenied: (a) => (a === 'stranger' || a === 'curator' ? 403 : 404), allowed: () => set('owner', 'admin'), build: (c) => ({ method: 'POST', url: `/api/requests/${c.requestId}/actions/decline`, ...json({ comment: 'matrix' }) }) },
  curationQueue: { perState: false, allowed: curators, build: () => ({ method: 'GET', url: '/api/curation/queue' }) },
  // Not about one record.
  createDraft: { perState: false, allowed: () => USERS, build: () => ({ method: 'POST', url: '/api/records', ...json({}) }) },
  searchRecords: { perState: false, allowed: () => ALL, build: () => ({ method: 'GET', url: '/api/records?q=Resting' }) },
  listUserRecords: { perState: false, allowed: () => USERS, build: () => ({ method: 'GET', url: '/api/user/records' }) },
  listProfiles: { perState: false, allowed: () => ALL, build: () => ({ method: 'GET', url: '/api/profiles' }) },
  getLiveness: { perState: false, allowed: () => ALL, build: () => ({ method: 'GET', url: '/health/live' }) },
  getReadiness: { perState: false, allowed: () => ALL, build: () => ({ method: 'GET', url: '/health/ready' }) },
  oaiPmh: { perState: false, allowed: () => ALL, build: () => ({ method: 'GET', url: '/oai2d?verb=ListRecords&metadataPrefix=oai_datacite' }) },
  oaiPmhPost: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/oai2d', payload: 'verb=ListIdentifiers&metadataPrefix=oai_dc', headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
  resolveDoi: { perState: true, allowed: () => ALL, build: (c, s) => ({ method: 'GET', url: `/doi/${c.subject[s].doi}?noredirect` }) },
  // Accounts.
  login: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/api/auth/login', ...json({ email: 'nobody@example.org', password: 'x' }) }), everyone: 401 },
  logout: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/api/auth/logout' }) },
  refreshSession: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/api/auth/refresh' }), everyone: 401 },
  getSession: { perState: false, allowed: () => USERS, build: () => ({ method: 'GET', url: '/api/auth/session' }) },
  signup: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/api/auth/signup', ...json({ email: 'new@example.org', password: 'long enough password' }) }), everyone: 403 },
  acceptInvitation: { perState: false, allowed: () => ALL, build: () => ({ method: 'POST', url: '/api/auth/invitations/accept', ...json({ token: 'not-a-real-invitation', password: 'long enough password' }) }), everyone: 400 },
  // TOTP enrolment needs a password session: personal access tokens are refused.
  startTotp: { perState: false, allowed: () => set(), build: () => ({ method: 'POST', url: '/api/user/totp' }) },
  confirmTotp: { perState: false, allowed: () => set(), build: () => ({ method: 'POST', url: '/api/user/totp/confirm', ...json({ code: '123456' }) }) },
  listTokens: { perState: false, allowed: () => USERS, build: () => ({ method: 'GET', url: '/api/user/tokens' }) },
  createToken: { perState: false, allowed: () => USERS, build: () => ({ method: 'POST', url: '/api/user/tokens', ...json({ name: 'matrix' }) }) },
  revokeToken: { perState: false, allowed: () => USERS, build: () => ({ method: 'DELETE', url: '/api/user/tokens/tok_missing' }) },
  createUser: { perState: false, allowed: admins, build: (_c, _s, a) => ({ method: 'POST', url: '/api/users', ...json({ email: `created-by-${a}@example.org` }) }) },
  inviteUser: { perState: false, allowed: admins, build: (_c, _s, a) => ({ method: 'POST', url: '/api/users/invitations', ...json({ email: `invited-by-${a}@example.org` }) }) },
  listGroups: { perState: false, allowed: () => USERS, build: () => ({ method: 'GET', url: '/api/groups' }) },
  createGroup: { perState: false, allowed: admins, build: (_c, _s, a) => ({ method: 'POST', url: '/api/groups', ...json({ name: `group-${a}` }) }) },
  getGroup: { perState: false, allowed: () => set('member', 'admin'), build: (c) => ({ method: 'GET', url: `/api/groups/${c.groupId}` }) },
  setGroupMember: { perState: false, allowed: admins, build: (c) => ({ method: 'PUT', url: `/api/groups/${c.groupId}/members`, ...json({ user: 'usr_missing', role: 'member' }) }) },
  removeGroupMember: { perState: false, allowed: admins, build: (c) => ({ method: 'DELETE', url: `/api/groups/${c.groupId}/members/usr_missing` }) },
};

let t: TestApp;
const users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;
let ctx: Ctx;

async function call(user: TestUser, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: { ...user.auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.body ? body(res) : undefined;
}

const ACCESS: Record<State, object> = {
  public: { record: 'public', files: 'public' },
  embargoed: { record: 'public', files: 'restricted', embargo: { active: true, until: '2030-01-01', reason: 'matrix' } },
  restricted: { record: 'restricted', files: 'restricted' },
};

async function publish(state: State): Promise<{ id: string; key: string; marker: string; doi: string }> {
  const owner = users.owner;
  const marker = `MARKER-${state}-${Math.random().toString(36).slice(2)}`;
  const key = `secret-${state}-${Math.random().toString(36).slice(2, 8)}.bin`;
  const draft = await call(owner, 'POST', '/api/records', { metadata: minimal, access: ACCESS[state] });
  await call(owner, 'POST', `/api/records/${draft.id}/draft/files`, [{ key }]);
  const put = await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft/files/${enc(key)}/content`, headers: { ...owner.auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from(marker) });
  expect(put.statusCode).toBe(200);
  await call(owner, 'POST', `/api/records/${draft.id}/draft/files/${enc(key)}/commit`);
  const record = await call(owner, 'POST', `/api/records/${draft.id}/draft/actions/publish`);
  await call(users.owner, 'POST', `/api/records/${record.id}/access/grants`, { subject: { type: 'group', id: ctx.groupId }, permission: 'view' });
  await call(users.owner, 'POST', `/api/records/${record.id}/access/grants`, { subject: { type: 'user', id: users.grantee.id }, permission: 'download' });
  return { id: record.id, key, marker, doi: record.pids.doi.identifier };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const a of USERS) users[a as Exclude<Actor, 'anonymous'>] = await t.user(a === 'curator' ? 'curator' : a === 'admin' ? 'admin' : 'depositor');
  const group = await call(users.admin, 'POST', '/api/groups', { name: 'matrix-site' });
  await call(users.admin, 'PUT', `/api/groups/${group.id}/members`, { user: users.member.id, role: 'member' });
  ctx = { groupId: group.id, requestId: '', subject: {} as Ctx['subject'], fresh: async (s) => (await publish(s)).id, freshDraft: async () => '' };
  for (const s of STATES) ctx.subject[s] = await publish(s);
  // Each record also has an open edit draft (same id), for the draft routes.
  for (const s of STATES) await call(users.owner, 'POST', `/api/records/${ctx.subject[s].id}/draft`);
  ctx.freshDraft = async (s) => {
    const id = await ctx.fresh(s);
    await call(users.owner, 'POST', `/api/records/${id}/draft`);
    return id;
  };
  const asked = await call(users.stranger, 'POST', `/api/records/${ctx.subject.embargoed.id}/access/request`, { message: 'please' });
  ctx.requestId = asked.id;
}, 300_000);
afterAll(async () => t.close());

describe('authorization matrix', () => {
  it('has a row for every operation in openapi.yaml, and none for an operation that is gone', () => {
    const spec = YAML.parse(fs.readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
    const ops = Object.values(spec.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.filter((op) => !(op in ROWS)), 'operations without a row').toEqual([]);
    expect(Object.keys(ROWS).filter((op) => !ops.includes(op)), 'rows without an operation').toEqual([]);
  });

  for (const [operation, row] of Object.entries(ROWS)) {
    it(`${operation}`, { timeout: 300_000 }, async () => {
      const failures: string[] = [];
      for (const state of row.perState ? STATES : (['public'] as State[])) {
        for (const actor of ACTORS) {
          const req = await row.build(ctx, state, actor);
          const headers = { ...(req.headers ?? {}), ...(actor === 'anonymous' ? {} : users[actor].auth) };
          const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload as string } : {}) });
          const allowed = row.allowed(state).has(actor);
          const userDenied = typeof row.userDenied === 'function' ? row.userDenied(actor) : (row.userDenied ?? 403);
          const expected = row.everyone ?? (allowed ? 'allowed' : actor === 'anonymous' ? 401 : userDenied);
          const ok = expected === 'allowed' ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500 : res.statusCode === expected;
          if (!ok) failures.push(`${state} × ${actor}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          if (res.statusCode >= 400 && !String(res.headers['content-type']).includes('problem+json') && !req.url.startsWith('/records/') && !req.url.startsWith('/oai2d')) {
            failures.push(`${state} × ${actor}: ${res.statusCode} is not problem+json`);
          }
          // Nobody who may not download the files ever sees their bytes or names.
          if (!fileReaders(state).has(actor) && row.perState) {
            // The problem document echoes the caller's own URL (which holds the key they asked for): not a leak.
            const text = res.rawPayload.toString('latin1').split(JSON.stringify(req.url).slice(1, -1)).join('').split(req.url).join('');
            if (text.includes(ctx.subject[state].marker)) failures.push(`${state} × ${actor}: the file's bytes leaked`);
            if (!draftReaders().has(actor) && text.includes(ctx.subject[state].key)) failures.push(`${state} × ${actor}: the file's name leaked`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
