/**
 * Embargo extension and early-lift requests end to end over HTTP: the owner asks, a
 * curator accepts (the embargo moves or lifts in the same transaction) or declines.
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

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = fixtures(t);
  owner = await t.user();
  other = await t.user();
  curator = await t.user('curator');
}, 120_000);
afterAll(async () => t.close(), 60_000);

const extend = (user: TestUser, id: string, payload: object) => f.post(user, `/api/records/${id}/requests/embargo-extension`, payload);
const lift = (user: TestUser, id: string, payload?: object) => f.post(user, `/api/records/${id}/requests/early-lift`, payload);
const embargoOf = async (id: string) => body(await f.get(owner, `/api/records/${id}`)).access.embargo;

describe('embargo extension', () => {
  it('leaves the embargo unchanged when declined, and moves it when accepted', async () => {
    const id = await f.embargoed(owner, '2026-09-01');
    const asked = await extend(owner, id, { until: '2027-03-01', message: 'The paper is delayed.' });
    expect(asked.statusCode).toBe(201);
    const request = body(asked);
    expect(request).toMatchObject({ type: 'embargo-extension', status: 'submitted', receiver: { type: 'curators' }, payload: { until: '2027-03-01', previous_until: '2026-09-01', message: 'The paper is delayed.' } });
    // A request about an embargo cannot outlive it: it expires when the embargo would lift.
    expect(request.expires_at).toBe('2026-07-01T10:00:00.000Z');

    expect((await f.act(owner, request.id, 'accept')).statusCode).toBe(403);
    const declined = await f.act(curator, request.id, 'decline', { comment: 'Two years is enough.' });
    expect(declined.statusCode).toBe(200);
    expect(body(declined).status).toBe('declined');
    expect(await embargoOf(id)).toMatchObject({ active: true, until: '2026-09-01' });

    const second = body(await extend(owner, id, { until: '2027-03-01' }));
    const accepted = await f.act(curator, second.id, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(await embargoOf(id)).toMatchObject({ active: true, until: '2027-03-01' });
    const audit = body(await f.get(owner, `/api/records/${id}/audit`)).hits.hits;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['request.submitted', 'request.declined', 'request.accepted', 'record.embargo_extended']));
    expect(audit.find((e: { action: string }) => e.action === 'record.embargo_extended').actor).toBe(curator.id);
  });

  it('carries the new end into an open edit draft that kept the old one', async () => {
    const id = await f.embargoed(owner, '2026-10-01');
    expect((await f.post(owner, `/api/records/${id}/draft`)).statusCode).toBe(201);
    const request = body(await extend(owner, id, { until: '2027-01-15' }));
    expect((await f.act(curator, request.id, 'accept')).statusCode).toBe(200);
    const draft = body(await f.get(owner, `/api/records/${id}/draft`));
    expect(draft.access.embargo.until).toBe('2027-01-15');
    expect((await f.publish(owner, id)).statusCode).toBe(202);
    expect(await embargoOf(id)).toMatchObject({ until: '2027-01-15' });
  });

  it('validates the new end and who asks', async () => {
    const id = await f.embargoed(owner, '2026-09-01');
    const earlier = await extend(owner, id, { until: '2026-08-01' });
    expect(earlier.statusCode).toBe(400);
    expect(body(earlier).errors).toEqual([{ pointer: '/until', message: 'must be later than the current end, 2026-09-01' }]);
    const tooLate = await extend(owner, id, { until: '2032-01-01' });
    expect(tooLate.statusCode).toBe(400);
    expect(body(tooLate).errors[0]).toEqual({ pointer: '/until', message: 'must be within 5 years' });
    expect((await extend(owner, id, { until: 'next year' })).statusCode).toBe(400);
    expect((await extend(other, id, { until: '2027-01-01' })).statusCode).toBe(403);

    const open = await f.published(owner);
    const none = await extend(owner, open, { until: '2027-01-01' });
    expect(none.statusCode).toBe(409);
    expect(body(none).code).toBe('EMBARGO_NOT_ACTIVE');
  });
});

describe('early lift', () => {
  it('opens the record now when a curator accepts', async () => {
    const id = await f.embargoed(owner, '2026-12-01');
    expect((await f.get(other, `/api/records/${id}`)).statusCode).toBe(403);
    const request = body(await lift(owner, id, { message: 'Published early.' }));
    expect(request).toMatchObject({ type: 'early-lift', payload: { previous_until: '2026-12-01', message: 'Published early.' } });
    const accepted = await f.act(curator, request.id, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(await embargoOf(id)).toMatchObject({ active: false });
    const open = await f.get(other, `/api/records/${id}`);
    expect(open.statusCode).toBe(200);
    expect(body(open).access).toMatchObject({ record: 'public', files: 'public' });
    // Nothing left to lift.
    expect(body(await lift(owner, id)).code).toBe('EMBARGO_NOT_ACTIVE');
  });

  it('changes nothing when declined', async () => {
    const id = await f.embargoed(owner, '2026-12-01');
    const request = body(await lift(owner, id));
    expect((await f.act(curator, request.id, 'decline')).statusCode).toBe(200);
    expect(await embargoOf(id)).toMatchObject({ active: true, until: '2026-12-01' });
    expect((await f.get(other, `/api/records/${id}`)).statusCode).toBe(403);
  });
});
