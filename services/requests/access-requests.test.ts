/**
 * Access requests (issue 3, point 3) end to end over HTTP: a user asks for a restricted
 * record's files, the owner (or a `manage` grantee) accepts — a download grant, optionally
 * with an end — or declines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { fixtures } from './testing/fixtures.js';

let t: TestApp;
let f: ReturnType<typeof fixtures>;
let owner: TestUser;
let asker: TestUser;
let stranger: TestUser;
let curator: TestUser;
const clock = new ManualClock('2026-06-01T10:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ clock, env: { ACCESS_REQUEST_EXPIRY_DAYS: '7' } });
  f = fixtures(t);
  owner = await t.user();
  asker = await t.user();
  stranger = await t.user();
  curator = await t.user('curator');
}, 120_000);
afterAll(async () => t.close(), 60_000);

const ask = (user: TestUser | undefined, id: string, payload: object = {}) => f.post(user, `/api/records/${id}/access/request`, payload);
const download = (user: TestUser, id: string) => f.get(user, `/api/records/${id}/files/scan.bin/content`);

describe('access requests', () => {
  it('grants download when the owner accepts, until the end the owner sets', async () => {
    const id = await f.restrictedFiles(owner);
    expect((await download(asker, id)).statusCode).toBe(403);

    const res = await ask(asker, id, { message: 'For a replication study.', expires_at: '2026-12-31T00:00:00Z' });
    expect(res.statusCode).toBe(201);
    const request = body(res);
    expect(request).toMatchObject({
      type: 'access-request',
      status: 'submitted',
      record_id: id,
      created_by: asker.id,
      receiver: { type: 'user', id: owner.id },
      payload: { message: 'For a replication study.', expires_at: '2026-12-31T00:00:00.000Z' },
      expires_at: '2026-06-08T10:00:00.000Z', // ACCESS_REQUEST_EXPIRY_DAYS=7
    });

    // Who may decide: not the asker, not a curator, not a stranger (who cannot even see it).
    expect((await f.act(asker, request.id, 'accept')).statusCode).toBe(403);
    expect((await f.act(curator, request.id, 'accept')).statusCode).toBe(403);
    expect((await f.act(stranger, request.id, 'accept')).statusCode).toBe(404);
    expect((await f.get(stranger, `/api/requests/${request.id}`)).statusCode).toBe(404);
    expect((await f.get(undefined, `/api/requests/${request.id}`)).statusCode).toBe(401);

    // The owner sees it addressed to them, and accepts with an earlier end.
    const inbox = body(await f.get(owner, '/api/requests?status=submitted&type=access-request'));
    expect(inbox.hits.hits.map((h: { id: string }) => h.id)).toContain(request.id);
    const accepted = await f.act(owner, request.id, 'accept', { comment: 'Welcome.', expires_at: '2026-09-01T00:00:00Z' });
    expect(accepted.statusCode).toBe(200);
    expect(body(accepted).timeline.at(-1)).toMatchObject({ type: 'action', action: 'accepted', created_by: owner.id, content: 'Welcome.' });

    expect((await download(asker, id)).statusCode).toBe(200);
    const grants = body(await f.get(owner, `/api/records/${id}/access/grants`)).hits;
    expect(grants).toEqual([expect.objectContaining({ subject: { type: 'user', id: asker.id }, permission: 'download', expires_at: '2026-09-01T00:00:00.000Z' })]);
    // Having access, asking again is refused.
    const again = await ask(asker, id);
    expect(again.statusCode).toBe(409);
    expect(body(again).code).toBe('ACCESS_ALREADY_GRANTED');
  });

  it('leaves the files closed when the owner declines', async () => {
    const id = await f.restrictedFiles(owner);
    const request = body(await ask(asker, id));
    const duplicate = await ask(asker, id);
    expect(duplicate.statusCode).toBe(409);
    expect(body(duplicate).code).toBe('REQUEST_EXISTS');
    const declined = await f.act(owner, request.id, 'decline', { comment: 'Not before the paper is out.' });
    expect(declined.statusCode).toBe(200);
    expect(body(declined).status).toBe('declined');
    expect((await download(asker, id)).statusCode).toBe(403);
    expect(body(await f.get(owner, `/api/records/${id}/access/grants`)).hits).toEqual([]);
  });

  it('lets a manage grantee decide, and the asker cancel', async () => {
    const id = await f.restrictedFiles(owner);
    const manager = await t.user();
    expect((await f.post(owner, `/api/records/${id}/access/grants`, { subject: { type: 'user', id: manager.id }, permission: 'manage' })).statusCode).toBe(201);
    const request = body(await ask(asker, id));
    expect((await f.get(manager, `/api/requests/${request.id}`)).statusCode).toBe(200);
    expect((await f.act(manager, request.id, 'cancel')).statusCode).toBe(403); // only the asker cancels
    const cancelled = await f.act(asker, request.id, 'cancel');
    expect(cancelled.statusCode).toBe(200);
    expect(body(cancelled).status).toBe('cancelled');
    expect((await f.act(manager, request.id, 'accept')).statusCode).toBe(409);

    const next = body(await ask(asker, id));
    expect((await f.act(manager, next.id, 'accept')).statusCode).toBe(200);
    expect((await download(asker, id)).statusCode).toBe(200);
  });

  it('refuses what makes no sense: anonymous, own or open files, invisible records, a past end', async () => {
    const id = await f.restrictedFiles(owner);
    expect((await ask(undefined, id)).statusCode).toBe(401);
    expect(body(await ask(owner, id)).code).toBe('ACCESS_ALREADY_GRANTED');
    const open = await f.published(owner, { files: { enabled: false } });
    expect((await ask(asker, open)).statusCode).toBe(409);
    const hidden = await f.published(owner, { access: { record: 'restricted', files: 'restricted' } });
    expect((await ask(asker, hidden)).statusCode).toBe(403);
    const past = await ask(asker, id, { expires_at: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(body(past).errors).toEqual([{ pointer: '/expires_at', message: 'must be a date-time in the future' }]);
  });
});
