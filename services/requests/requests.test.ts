/**
 * The requests themselves over HTTP: timelines and comments, who sees what, listing, the
 * curator queue, unknown actions, and expiry with the test clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { fixtures } from './testing/fixtures.js';

let t: TestApp;
let f: ReturnType<typeof fixtures>;
let owner: TestUser;
let other: TestUser;
let curator: TestUser;
const clock = new ManualClock('2026-06-01T10:00:00Z');
const DAY = 86_400_000;
const SENSITIVE = { classification: 'sensitive', access: { record: 'restricted', files: 'restricted' } };

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = fixtures(t);
  owner = await t.user();
  other = await t.user();
  curator = await t.user('curator');
}, 120_000);
afterAll(async () => t.close(), 60_000);

async function review(user: TestUser = owner): Promise<{ id: string; record_id: string }> {
  const draftId = await f.draft(user, SENSITIVE);
  const res = await f.post(user, `/api/records/${draftId}/draft/actions/submit-review`, { message: 'Please review.' });
  expect(res.statusCode).toBe(201);
  return body(res);
}
const comment = (user: TestUser | undefined, id: string, content: string) => f.post(user, `/api/requests/${id}/comments`, { content });

describe('the timeline', () => {
  it('keeps comments and actions in order, each with its author', async () => {
    const request = await review();
    const c1 = await comment(curator, request.id, 'Which consent form was used?');
    expect(c1.statusCode).toBe(201);
    expect(body(c1)).toMatchObject({ type: 'comment', action: null, created_by: curator.id, content: 'Which consent form was used?' });
    expect((await comment(owner, request.id, 'Form B, version 3.')).statusCode).toBe(201);
    expect((await f.act(curator, request.id, 'accept', { comment: 'Thanks.' })).statusCode).toBe(200);
    // Comments remain possible after the decision.
    expect((await comment(owner, request.id, 'Thank you!')).statusCode).toBe(201);

    const read = await f.get(owner, `/api/requests/${request.id}`);
    expect(read.statusCode).toBe(200);
    const timeline = body(read).timeline.map((e: { type: string; action: string | null; created_by: string; content: string }) => [e.type, e.action, e.created_by, e.content]);
    expect(timeline).toEqual([
      ['action', 'submitted', owner.id, 'Please review.'],
      ['comment', null, curator.id, 'Which consent form was used?'],
      ['comment', null, owner.id, 'Form B, version 3.'],
      ['action', 'accepted', curator.id, 'Thanks.'],
      ['comment', null, owner.id, 'Thank you!'],
    ]);
    expect(body(read).links).toMatchObject({ self: `http://cairn.test/api/requests/${request.id}`, comments: `http://cairn.test/api/requests/${request.id}/comments`, record: `http://cairn.test/api/records/${request.record_id}/draft` });
  });

  it('refuses strangers, anonymous callers and empty comments', async () => {
    const request = await review();
    expect((await comment(other, request.id, 'Me too')).statusCode).toBe(404);
    expect((await comment(undefined, request.id, 'Me too')).statusCode).toBe(401);
    const empty = await comment(owner, request.id, '');
    expect(empty.statusCode).toBe(400);
    expect(body(empty).errors[0].pointer).toBe('/content');
  });

  it('is append-only in the database itself', async () => {
    const request = await review();
    await expect(t.database.db.updateTable('request_events').set({ content: 'rewritten' }).where('request_id', '=', request.id).execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.deleteFrom('request_events').where('request_id', '=', request.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe('actions', () => {
  it('answers 400 for an unknown action, 404 for an unknown request, 409 for a closed one', async () => {
    const request = await review();
    const unknown = await f.act(curator, request.id, 'approve');
    expect(unknown.statusCode).toBe(400);
    expect(body(unknown).code).toBe('VALIDATION_FAILED');
    expect((await f.act(curator, 'req_doesnotexist000', 'accept')).statusCode).toBe(404);
    expect((await f.act(owner, request.id, 'cancel')).statusCode).toBe(200);
    const closed = await f.act(curator, request.id, 'accept');
    expect(closed.statusCode).toBe(409);
    expect(body(closed)).toMatchObject({ code: 'REQUEST_NOT_OPEN', detail: `Request ${request.id} is cancelled.` });
    expect((await f.act(owner, request.id, 'cancel')).statusCode).toBe(409);
  });

  it('lets only the creator cancel', async () => {
    const request = await review();
    expect((await f.act(curator, request.id, 'cancel')).statusCode).toBe(403);
    const cancelled = await f.act(owner, request.id, 'cancel', { comment: 'Changed my mind.' });
    expect(body(cancelled)).toMatchObject({ status: 'cancelled', timeline: [expect.objectContaining({ action: 'submitted' }), expect.objectContaining({ action: 'cancelled', content: 'Changed my mind.' })] });
  });
});

describe('listing and the curator queue', () => {
  it('lists what the caller may see, with filters and paging', async () => {
    const mine = await review(owner);
    const theirs = await review(other);
    const ids = (res: Parameters<typeof body>[0]) => body(res).hits.hits.map((h: { id: string }) => h.id);

    const own = await f.get(owner, '/api/requests?size=100');
    expect(own.statusCode).toBe(200);
    expect(ids(own)).toContain(mine.id);
    expect(ids(own)).not.toContain(theirs.id);
    expect(ids(await f.get(curator, '/api/requests?size=100'))).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(ids(await f.get(curator, `/api/requests?record=${theirs.record_id}`))).toEqual([theirs.id]);
    expect(body(await f.get(curator, '/api/requests?type=access-request')).hits.total).toBe(0);
    const paged = body(await f.get(curator, '/api/requests?size=1&page=2'));
    expect(paged.hits.hits).toHaveLength(1);
    expect(paged.links.prev).toContain('page=1');
    expect((await f.get(curator, '/api/requests?status=pending')).statusCode).toBe(400);
    expect((await f.get(undefined, '/api/requests')).statusCode).toBe(401);
  });

  it('shows curators the pending reviews and the embargoes ending soon', async () => {
    const pending = await review();
    const soon = await f.embargoed(owner, '2026-06-20');
    const later = await f.embargoed(owner, '2027-06-01');
    const extension = body(await f.post(owner, `/api/records/${later}/requests/embargo-extension`, { until: '2027-12-01' }));
    const access = await f.restrictedFiles(owner);
    const accessRequest = body(await f.post(other, `/api/records/${access}/access/request`, {}));

    const res = await f.get(curator, '/api/curation/queue?days=30');
    expect(res.statusCode).toBe(200);
    const queue = body(res);
    const queued = queue.requests.hits.map((h: { id: string }) => h.id);
    expect(queued).toEqual(expect.arrayContaining([pending.id, extension.id]));
    expect(queued).not.toContain(accessRequest.id); // the owner's to decide
    expect(queue.requests.hits.every((h: { status: string }) => h.status === 'submitted')).toBe(true);
    expect(queue.embargoes).toEqual([expect.objectContaining({ id: soon, until: '2026-06-20', title: 'Resting-state fMRI of healthy adults aged 20 to 80' })]);

    expect((await f.get(owner, '/api/curation/queue')).statusCode).toBe(403);
    expect((await f.get(undefined, '/api/curation/queue')).statusCode).toBe(401);
  });
});

describe('expiry', () => {
  it('moves undecided requests to expired when their time is up, with a timeline entry', async () => {
    const request = await review();
    expect(body(await f.get(owner, `/api/requests/${request.id}`)).expires_at).toBe(new Date(clock.now().getTime() + 30 * DAY).toISOString());
    clock.advance(30 * DAY - 1000);
    expect(body(await f.get(owner, `/api/requests/${request.id}`)).status).toBe('submitted');
    clock.advance(1000);

    // At read: the request shows expired, and cannot be decided any more.
    const read = body(await f.get(owner, `/api/requests/${request.id}`));
    expect(read.status).toBe('expired');
    expect(read.timeline.at(-1)).toMatchObject({ type: 'action', action: 'expired', created_by: null });
    const late = await f.act(curator, request.id, 'accept');
    expect(late.statusCode).toBe(409);
    // A new request may be opened.
    const again = await f.post(owner, `/api/records/${request.record_id}/draft/actions/submit-review`);
    expect(again.statusCode).toBe(201);
  });

  it('is also done by expireDue (the periodic task), once', async () => {
    const request = await review();
    clock.advance(31 * DAY);
    expect(await t.services.requests.expireDue()).toBeGreaterThanOrEqual(1);
    expect(await t.services.requests.expireDue()).toBe(0);
    const events = await t.database.db.selectFrom('request_events').selectAll().where('request_id', '=', request.id).where('action', '=', 'expired').execute();
    expect(events).toHaveLength(1);
  });
});
