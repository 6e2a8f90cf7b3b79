/**
 * The publish gate and publish reviews, end to end over HTTP: a sensitive or flagged draft
 * publishes only with a curator's approval of its current revision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { fixtures, minimal } from './testing/fixtures.js';

let t: TestApp;
let f: ReturnType<typeof fixtures>;
let owner: TestUser;
let other: TestUser;
let curator: TestUser;
let curatorOwner: TestUser;

const SENSITIVE = { classification: 'sensitive', access: { record: 'restricted', files: 'restricted' } };

beforeAll(async () => {
  t = await createTestApp();
  f = fixtures(t);
  owner = await t.user();
  other = await t.user();
  curator = await t.user('curator');
  curatorOwner = await t.user('curator');
}, 120_000);
afterAll(async () => t.close(), 60_000);

const submit = (user: TestUser, id: string, message?: string) => f.post(user, `/api/records/${id}/draft/actions/submit-review`, message === undefined ? undefined : { message });

describe('sensitive records', () => {
  it('can never be made public: publishing reports /access/record and /access/files', async () => {
    const id = await f.draft(owner, { classification: 'sensitive', access: { record: 'public', files: 'public' } });
    const res = await f.publish(owner, id);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const pointers = body(res).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/access/record', '/access/files']));
    // Nor through a review: the draft has to be fixed first.
    const review = await submit(owner, id);
    expect(review.statusCode).toBe(400);
    expect(body(review).errors.map((e: { pointer: string }) => e.pointer)).toContain('/access/record');
  });
});

describe('the publish gate', () => {
  it('refuses a sensitive draft with 409 REVIEW_REQUIRED and says where to ask', async () => {
    const id = await f.draft(owner, SENSITIVE);
    const res = await f.publish(owner, id);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = body(res);
    expect(problem).toMatchObject({ code: 'REVIEW_REQUIRED', reasons: ['sensitive'], revision_id: 1, submit_review: `http://cairn.test/api/records/${id}/draft/actions/submit-review` });
    // Nothing was published.
    expect((await f.get(owner, `/api/records/${id}`)).statusCode).toBe(404);
  });

  it('publishes after a curator accepts, and needs a new review after a further edit', async () => {
    const id = await f.draft(owner, SENSITIVE);
    const asked = await submit(owner, id, 'Consent forms are on file.');
    expect(asked.statusCode).toBe(201);
    const request = body(asked);
    expect(request).toMatchObject({ type: 'publish-review', status: 'submitted', is_open: true, record_id: id, created_by: owner.id, receiver: { type: 'curators' }, payload: { message: 'Consent forms are on file.', reasons: ['sensitive'], revision_id: 1 } });
    expect(asked.headers.location).toBe(`http://cairn.test/api/requests/${request.id}`);

    // While it waits, publishing names the waiting request.
    const waiting = await f.publish(owner, id);
    expect(waiting.statusCode).toBe(409);
    expect(body(waiting).open_request_id).toBe(request.id);

    const accepted = await f.act(curator, request.id, 'accept', { comment: 'Consent documented; fine.' });
    expect(accepted.statusCode).toBe(200);
    expect(body(accepted)).toMatchObject({ status: 'accepted', is_open: false, approved_revision: 1 });
    expect(body(accepted).timeline.map((e: { action: string }) => e.action)).toEqual(['submitted', 'accepted']);

    const published = await f.publish(owner, id);
    expect(published.statusCode, published.body).toBe(202);
    expect(body(published).access).toMatchObject({ record: 'restricted', files: 'restricted' });
    // The approval is used up by the publish.
    expect(body(await f.get(owner, `/api/requests/${request.id}`)).approved_revision).toBeNull();

    // Editing the published record: a new draft revision, and a new review.
    expect((await f.post(owner, `/api/records/${id}/draft`)).statusCode).toBe(201);
    const draft = body(await f.get(owner, `/api/records/${id}/draft`));
    const updated = await f.put(owner, `/api/records/${id}/draft`, { ...SENSITIVE, metadata: { ...minimal, titles: [{ title: 'Changed after the review' }] } }, { 'if-match': `"${draft.revision_id}"` });
    expect(updated.statusCode).toBe(200);
    const again = await f.publish(owner, id);
    expect(again.statusCode).toBe(409);
    expect(body(again).code).toBe('REVIEW_REQUIRED');
  });

  it('binds the approval to the revision: a change after acceptance needs a new review', async () => {
    const id = await f.draft(owner, SENSITIVE);
    const request = body(await submit(owner, id));
    expect((await f.act(curator, request.id, 'accept')).statusCode).toBe(200);
    const changed = await f.put(owner, `/api/records/${id}/draft`, { ...SENSITIVE, metadata: { ...minimal, titles: [{ title: 'Swapped after approval' }] } });
    expect(changed.statusCode).toBe(200);
    const res = await f.publish(owner, id);
    expect(res.statusCode).toBe(409);
    expect(body(res)).toMatchObject({ code: 'REVIEW_REQUIRED', revision_id: 2 });
    // A new review of the new revision lets it through.
    const second = body(await submit(owner, id));
    expect(second.payload.revision_id).toBe(2);
    expect((await f.act(curator, second.id, 'accept')).statusCode).toBe(200);
    expect((await f.publish(owner, id)).statusCode).toBe(202);
  });

  it('voids an approval when the files change (files keep the revision)', async () => {
    const id = await f.draft(owner, { ...SENSITIVE, files: { enabled: true } });
    await f.upload(owner, id, 'a.bin', 'first');
    const request = body(await submit(owner, id));
    expect((await f.act(curator, request.id, 'accept')).statusCode).toBe(200);
    await f.upload(owner, id, 'b.bin', 'added after the approval');
    const res = await f.publish(owner, id);
    expect(res.statusCode).toBe(409);
    expect(body(res).code).toBe('REVIEW_REQUIRED');
  });

  it('gates a draft flagged by the personal-data scan until a curator decides', async () => {
    const id = await f.draft(owner, { metadata: { ...minimal, descriptions: [{ description: 'Questions to kari.nordmann@uni-example.no please.', descriptionType: 'Abstract' }] } });
    const draft = body(await f.get(owner, `/api/records/${id}/draft`));
    expect(draft.status).toBe('draft');
    const refused = await f.publish(owner, id);
    expect(refused.statusCode).toBe(409);
    expect(body(refused).reasons).toEqual(['personal-data']);
    const request = body(await submit(owner, id));
    expect(request.payload.reasons).toEqual(['personal-data']);
    const declined = await f.act(curator, request.id, 'decline', { comment: 'Remove the e-mail address.' });
    expect(declined.statusCode).toBe(200);
    expect(body(declined).status).toBe('declined');
    expect((await f.publish(owner, id)).statusCode).toBe(409);
    // Fixing the draft removes the need: it publishes, no review required.
    expect((await f.put(owner, `/api/records/${id}/draft`, { metadata: minimal })).statusCode).toBe(200);
    expect((await f.publish(owner, id)).statusCode).toBe(202);
  });
});

describe('who may ask and who may decide', () => {
  it('refuses a review for a draft that needs none, and a second open one', async () => {
    const plain = await f.draft(owner);
    const res = await submit(owner, plain);
    expect(res.statusCode).toBe(409);
    expect(body(res).code).toBe('REVIEW_NOT_NEEDED');

    const id = await f.draft(owner, SENSITIVE);
    const first = body(await submit(owner, id));
    const second = await submit(owner, id);
    expect(second.statusCode).toBe(409);
    expect(body(second)).toMatchObject({ code: 'REQUEST_EXISTS', open_request_id: first.id });

    // Two at the same moment: one wins, the other gets 409 (a partial unique index backs the check).
    const raced = await f.draft(owner, SENSITIVE);
    const statuses = (await Promise.all([submit(owner, raced), submit(owner, raced)])).map((r) => r.statusCode);
    expect(statuses.sort()).toEqual([201, 409]);
  });

  it('lets only the owner (or an editor) ask, and only curators decide, never their own', async () => {
    const id = await f.draft(owner, SENSITIVE);
    expect((await submit(other, id)).statusCode).toBe(403);
    expect((await f.post(undefined, `/api/records/${id}/draft/actions/submit-review`)).statusCode).toBe(401);
    const request = body(await submit(owner, id));

    // A depositor cannot accept, not even the owner.
    const byOwner = await f.act(owner, request.id, 'accept');
    expect(byOwner.statusCode).toBe(403);
    expect(body(byOwner).code).toBe('FORBIDDEN');
    // A stranger does not even see the request.
    expect((await f.act(other, request.id, 'accept')).statusCode).toBe(404);

    // A curator's own draft: another curator must decide.
    const own = await f.draft(curatorOwner, SENSITIVE);
    const ownRequest = body(await submit(curatorOwner, own));
    const self = await f.act(curatorOwner, ownRequest.id, 'accept');
    expect(self.statusCode).toBe(403);
    expect((await f.act(curator, ownRequest.id, 'accept')).statusCode).toBe(200);

    // Decided requests stay decided.
    expect((await f.act(curator, request.id, 'decline')).statusCode).toBe(200);
    const late = await f.act(curator, request.id, 'accept');
    expect(late.statusCode).toBe(409);
    expect(body(late).code).toBe('REQUEST_NOT_OPEN');
  });

  it('closes the open review when the draft is deleted', async () => {
    const id = await f.draft(owner, SENSITIVE);
    const request = body(await submit(owner, id));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${id}/draft`, headers: owner.auth })).statusCode).toBe(204);
    const after = body(await f.get(owner, `/api/requests/${request.id}`));
    expect(after.status).toBe('cancelled');
    expect(after.timeline.at(-1)).toMatchObject({ type: 'action', action: 'cancelled', created_by: null, content: 'The draft was deleted.' });
  });
});

describe('REVIEW_ALL_PUBLISHES', () => {
  let all: TestApp;
  beforeAll(async () => {
    all = await createTestApp({ env: { REVIEW_ALL_PUBLISHES: 'true' } });
  }, 120_000);
  afterAll(async () => all.close(), 60_000);

  it('gates every draft, and lets it through after acceptance', async () => {
    const g = fixtures(all);
    const depositor = await all.user();
    const reviewer = await all.user('curator');
    const id = await g.draft(depositor);
    const res = await g.publish(depositor, id);
    expect(res.statusCode).toBe(409);
    expect(body(res).reasons).toEqual(['all-publishes']);
    const request = body(await g.post(depositor, `/api/records/${id}/draft/actions/submit-review`));
    expect((await g.act(reviewer, request.id, 'accept')).statusCode).toBe(200);
    expect((await g.publish(depositor, id)).statusCode).toBe(202);
  });
});
