import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../mail/testing/smtp-test-server.js';
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };

let t: TestApp;
let smtp: SmtpTestServer;
let owner: TestUser;
let bob: TestUser;
const clock = new ManualClock('2026-06-01T10:00:00Z');
const json = (u: TestUser) => ({ ...u.auth, 'content-type': 'application/json' });

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Cairn <noreply@cairn.test>' } });
  owner = await t.user();
  bob = await t.user();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Publishes a record with one file and the given access. */
async function publishWith(access: object, data = 'secret,data\n1,2\n') {
  const draft = body(await t.app.inject({ method: 'POST', url: '/api/records', headers: json(owner), payload: { metadata: minimal, access } }));
  await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/files`, headers: json(owner), payload: [{ key: 'data.csv' }] });
  await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft/files/data.csv/content`, headers: { ...owner.auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from(data) });
  await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/files/data.csv/commit`, headers: owner.auth });
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: owner.auth });
  expect(res.statusCode, res.body).toBe(202);
  return body(res);
}

const file = (id: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/records/${id}/files/data.csv/content`, headers });

describe('embargo', () => {
  it('refuses an embargo in the past, beyond five years, or with nothing restricted', async () => {
    const draft = (access: object) => t.app.inject({ method: 'POST', url: '/api/records', headers: json(owner), payload: { metadata: minimal, access } }).then(body);
    const past = await draft({ files: 'restricted', embargo: { active: true, until: '2026-01-01' } });
    expect(past.errors).toContainEqual({ pointer: '/access/embargo/until', message: 'must be in the future' });
    const far = await draft({ files: 'restricted', embargo: { active: true, until: '2031-06-02' } });
    expect(far.errors).toContainEqual({ pointer: '/access/embargo/until', message: 'must be within 5 years' });
    const open = await draft({ embargo: { active: true, until: '2027-01-01' } });
    expect(open.errors.map((e: { pointer: string }) => e.pointer)).toContain('/access/embargo');
    const bad = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(owner), payload: { metadata: minimal, access: { embargo: { active: true, until: 'soon' } } } });
    expect(bad.statusCode).toBe(400);
  });

  it('shows metadata but never files while embargoed, then lifts itself at `until`, reindexes, and mails the owner', async () => {
    const record = await publishWith({ record: 'public', files: 'restricted', embargo: { active: true, until: '2026-07-01', reason: 'Thesis pending' } });
    expect(record.access.status).toBe('embargoed');
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` })).statusCode).toBe(200);
    expect((await file(record.id)).statusCode).toBe(401);
    expect((await file(record.id, bob.auth)).statusCode).toBe(403);
    expect((await file(record.id, owner.auth)).statusCode).toBe(200);

    // Not yet due: nothing happens.
    await t.housekeeping.runAll();
    expect((await file(record.id)).statusCode).toBe(401);

    // The server was down over the date: the first round afterwards catches up.
    clock.set('2026-07-03T08:00:00Z');
    await t.housekeeping.runAll();
    const lifted = body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` }));
    expect(lifted.access).toMatchObject({ files: 'public', status: 'open', embargo: { active: false, until: '2026-07-01' } });
    expect(lifted.revision_id).toBe(2);
    expect((await file(record.id)).statusCode).toBe(200);

    await t.outbox.drain();
    const mail = smtp.messages.find((m) => m.subject.startsWith('Embargo lifted'));
    expect(mail?.envelope.to).toEqual([owner.email]);
    expect(mail?.text).toContain(record.id);

    const audit = body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/audit`, headers: owner.auth }));
    expect(audit.hits.hits.at(-1)).toMatchObject({ action: 'record.embargo_lifted', actor: null });
    // Idempotent: another round changes nothing and sends nothing.
    const before = smtp.messages.length;
    await t.housekeeping.runAll();
    await t.outbox.drain();
    expect(body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}` })).revision_id).toBe(2);
    expect(smtp.messages.length).toBe(before);
  });
});

describe('grants, groups and secret links', () => {
  it('gives view, then download, to a user on every version; expires; revokes', async () => {
    const record = await publishWith({ record: 'restricted', files: 'restricted' });
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}`, headers: bob.auth })).statusCode).toBe(403);
    const grant = (payload: object, who: TestUser = owner) => t.app.inject({ method: 'POST', url: `/api/records/${record.id}/access/grants`, headers: json(who), payload });
    expect((await grant({ subject: { type: 'user', id: bob.id }, permission: 'view' }, bob)).statusCode).toBe(403);
    const view = await grant({ subject: { type: 'user', id: bob.id }, permission: 'view' });
    expect(view.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}`, headers: bob.auth })).statusCode).toBe(200);
    expect((await file(record.id, bob.auth)).statusCode).toBe(403);
    await grant({ subject: { type: 'user', id: bob.id }, permission: 'download', expires_at: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    expect((await file(record.id, bob.auth)).statusCode).toBe(200);
    // The grant is on the parent: a new version is covered too.
    const v2 = body(await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/versions`, headers: owner.auth }));
    await t.app.inject({ method: 'POST', url: `/api/records/${v2.id}/draft/actions/files-import`, headers: owner.auth });
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${v2.id}/draft/actions/publish`, headers: owner.auth })).statusCode).toBe(202);
    expect((await file(v2.id, bob.auth)).statusCode).toBe(200);
    const listed = body(await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/access/grants`, headers: owner.auth }));
    expect(listed.hits).toHaveLength(1);
    clock.advance(2 * 86_400_000);
    expect((await file(record.id, bob.auth)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${record.id}/access/grants/${listed.hits[0].id}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}`, headers: bob.auth })).statusCode).toBe(403);
  });

  it('gives a group download; its manager adds members; an edit grant lets a member edit', async () => {
    const admin = await t.user('admin');
    const site = body(await t.app.inject({ method: 'POST', url: '/api/groups', headers: json(admin), payload: { name: 'site-oslo' } }));
    expect((await t.app.inject({ method: 'POST', url: '/api/groups', headers: json(owner), payload: { name: 'mine' } })).statusCode).toBe(403);
    const manager = await t.user();
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${site.id}/members`, headers: json(admin), payload: { user: manager.email, role: 'manager' } })).statusCode).toBe(204);
    const member = await t.user();
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${site.id}/members`, headers: json(bob), payload: { user: member.id, role: 'member' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${site.id}/members`, headers: json(manager), payload: { user: member.id, role: 'member' } })).statusCode).toBe(204);
    const record = await publishWith({ record: 'restricted', files: 'restricted' });
    expect((await file(record.id, member.auth)).statusCode).toBe(403);
    await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/access/grants`, headers: json(owner), payload: { subject: { type: 'group', id: site.id }, permission: 'edit' } });
    expect((await file(record.id, member.auth)).statusCode).toBe(200);
    const edit = await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft`, headers: member.auth });
    expect(edit.statusCode).toBe(201);
    // Editors may not publish (manage may), nor manage access.
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/draft/actions/publish`, headers: member.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/access/grants`, headers: member.auth })).statusCode).toBe(403);
    const group = body(await t.app.inject({ method: 'GET', url: `/api/groups/${site.id}`, headers: member.auth }));
    expect(group.members.map((m: { email: string }) => m.email).sort()).toEqual([manager.email, member.email].sort());
  });

  it('lets a secret link view or download until it expires or is revoked', async () => {
    const record = await publishWith({ record: 'restricted', files: 'restricted' });
    const view = body(await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/access/links`, headers: json(owner), payload: { permission: 'view' } }));
    expect(view.url).toContain(`?token=${view.token}`);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}?token=${view.token}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/files/data.csv/content?token=${view.token}` })).statusCode).toBe(401);
    const dl = body(await t.app.inject({ method: 'POST', url: `/api/records/${record.id}/access/links`, headers: json(owner), payload: { permission: 'download', expires_at: new Date(clock.now().getTime() + 3600_000).toISOString() } }));
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/files/data.csv/content?token=${dl.token}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}?token=wrong-token` })).statusCode).toBe(401);
    clock.advance(2 * 3600_000);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}/files/data.csv/content?token=${dl.token}` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${record.id}/access/links/${view.id}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${record.id}?token=${view.token}` })).statusCode).toBe(401);
  });

  it('reports access.status as InvenioRDM does', async () => {
    expect((await publishWith({ record: 'public', files: 'public' })).access.status).toBe('open');
    expect((await publishWith({ record: 'public', files: 'restricted' })).access.status).toBe('restricted');
    expect((await publishWith({ record: 'restricted', files: 'restricted' })).access.status).toBe('restricted');
  });
});

describe('classification and personal data', () => {
  it('never lets a sensitive record be public', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/records', headers: json(owner), payload: { metadata: minimal, classification: 'sensitive', files: { enabled: false } } });
    const draft = body(res);
    expect(draft.classification).toBe('sensitive');
    expect(draft.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/access/record', '/access/files']));
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/actions/publish`, headers: owner.auth })).statusCode).toBe(400);
    // An update that omits the classification keeps it.
    const put = body(await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft`, headers: json(owner), payload: { metadata: minimal } }));
    expect(put.classification).toBe('sensitive');
  });

  it('flags personal identifiers in an uploaded table and in the metadata, with masked samples', async () => {
    const draft = body(await t.app.inject({ method: 'POST', url: '/api/records', headers: json(owner), payload: { metadata: { ...minimal, descriptions: [{ description: 'Contact the PI at kari.nordmann@uio.no for access.', descriptionType: 'Abstract' }] } } }));
    expect(draft.personal_data.map((f: { kind: string; source: string }) => [f.kind, f.source])).toContainEqual(['email', 'metadata:/descriptions/0/description']);
    await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/files`, headers: json(owner), payload: [{ key: 'subjects.csv' }] });
    await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft/files/subjects.csv/content`, headers: { ...owner.auth, 'content-type': 'text/csv' }, payload: Buffer.from('subject,email,age\n1,ola@uio.no,34\n2,kari@ntnu.no,71\n') });
    await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/files/subjects.csv/commit`, headers: owner.auth });
    const flagged = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: owner.auth }));
    const fileFinding = flagged.personal_data.find((f: { source: string }) => f.source === 'file:subjects.csv');
    expect(fileFinding).toBeDefined();
    expect(JSON.stringify(flagged.personal_data)).not.toContain('ola@uio.no');
    // Deleting the file drops its findings.
    await t.app.inject({ method: 'DELETE', url: `/api/records/${draft.id}/draft/files/subjects.csv`, headers: owner.auth });
    const after = body(await t.app.inject({ method: 'GET', url: `/api/records/${draft.id}/draft`, headers: owner.auth }));
    expect(after.personal_data.some((f: { source: string }) => f.source.startsWith('file:'))).toBe(false);
  });
});
