/**
 * Mail about requests, received by a real SMTP server in-process: who is told of what, with
 * which subject. Messages leave through the outbox after the request's transaction commits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../mail/testing/smtp-test-server.js';
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import { fixtures, minimal } from './testing/fixtures.js';

let smtp: SmtpTestServer;
let t: TestApp;
let f: ReturnType<typeof fixtures>;
let owner: TestUser;
let asker: TestUser;
let curator: TestUser;
let admin: TestUser;
const clock = new ManualClock('2026-06-01T10:00:00Z');
const TITLE = 'Resting-state fMRI of healthy adults aged 20 to 80';

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Cairn <noreply@cairn.test>' } });
  f = fixtures(t);
  owner = await t.user();
  asker = await t.user();
  curator = await t.user('curator');
  admin = await t.user('admin');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
}, 60_000);
beforeEach(async () => {
  await t.outbox.drain();
  smtp.messages.length = 0;
});

/** Delivers what the outbox holds and returns the messages the server received. */
async function delivered(): Promise<ReceivedMail[]> {
  await t.outbox.drain();
  const got = [...smtp.messages];
  smtp.messages.length = 0;
  return got;
}
const summary = (m: ReceivedMail) => ({ to: [...m.envelope.to].sort(), subject: m.subject, template: m.headers['x-cairn-template'] });

describe('mail about requests', () => {
  it('tells every curator and administrator of a review request, and the requester of the decision', async () => {
    const id = await f.draft(owner, { classification: 'sensitive', access: { record: 'restricted', files: 'restricted' } });
    const request = body(await f.post(owner, `/api/records/${id}/draft/actions/submit-review`, { message: 'Consent is documented.' }));
    const asked = await delivered();
    expect(asked.map(summary)).toEqual([{ to: [admin.email, curator.email].sort(), subject: `Review requested: ${TITLE}`, template: 'reviewRequested' }]);
    expect(asked[0]!.text).toContain('a sensitive-data review');
    expect(asked[0]!.text).toContain('Consent is documented.');
    expect(asked[0]!.text).toContain(`http://cairn.test/requests/${request.id}`);

    expect((await f.act(curator, request.id, 'accept', { comment: 'Approved.' })).statusCode).toBe(200);
    const decided = await delivered();
    expect(decided.map(summary)).toEqual([{ to: [owner.email], subject: `Request accepted: ${TITLE}`, template: 'reviewDecided' }]);
    expect(decided[0]!.text).toContain('Approved.');
  });

  it('tells the curators of an embargo extension and the owner when it is declined', async () => {
    const id = await f.embargoed(owner, '2026-09-01');
    const request = body(await f.post(owner, `/api/records/${id}/requests/embargo-extension`, { until: '2027-01-01' }));
    const asked = await delivered();
    expect(asked.map(summary)).toEqual([{ to: [admin.email, curator.email].sort(), subject: `Review requested: ${TITLE}`, template: 'reviewRequested' }]);
    expect(asked[0]!.text).toContain('an extension of the embargo');
    expect((await f.act(admin, request.id, 'decline')).statusCode).toBe(200);
    expect((await delivered()).map(summary)).toEqual([{ to: [owner.email], subject: `Request declined: ${TITLE}`, template: 'reviewDecided' }]);
  });

  it("tells the owner of an access request, and the requester whether it was granted", async () => {
    const id = await f.restrictedFiles(owner);
    const first = body(await f.post(asker, `/api/records/${id}/access/request`, { message: 'For my thesis.' }));
    const asked = await delivered();
    expect(asked.map(summary)).toEqual([{ to: [owner.email], subject: `Access requested: ${TITLE}`, template: 'accessRequested' }]);
    expect(asked[0]!.text).toContain(asker.email);
    expect(asked[0]!.text).toContain('For my thesis.');

    expect((await f.act(owner, first.id, 'decline', { comment: 'Not yet.' })).statusCode).toBe(200);
    expect((await delivered()).map(summary)).toEqual([{ to: [asker.email], subject: `Access declined: ${TITLE}`, template: 'accessDeclined' }]);

    const second = body(await f.post(asker, `/api/records/${id}/access/request`, {}));
    await delivered();
    expect((await f.act(owner, second.id, 'accept', { expires_at: '2026-12-31T00:00:00Z' })).statusCode).toBe(200);
    const granted = await delivered();
    expect(granted.map(summary)).toEqual([{ to: [asker.email], subject: `Access granted: ${TITLE}`, template: 'accessGranted' }]);
    expect(granted[0]!.text).toContain('download');
  });

  it('sends nothing when an acceptance fails', async () => {
    const id = await f.embargoed(owner, '2026-09-01');
    const request = body(await f.post(owner, `/api/records/${id}/requests/early-lift`));
    await delivered();
    // Meanwhile the owner opens the record by an edit: there is no embargo left to lift.
    expect((await f.post(owner, `/api/records/${id}/draft`)).statusCode).toBe(201);
    expect((await f.put(owner, `/api/records/${id}/draft`, { metadata: minimal, files: { enabled: false }, access: { record: 'public', files: 'public' } })).statusCode).toBe(200);
    expect((await f.publish(owner, id)).statusCode).toBe(202);
    const res = await f.act(curator, request.id, 'accept');
    expect(res.statusCode).toBe(409);
    expect(body(res).code).toBe('EMBARGO_NOT_ACTIVE');
    expect(await delivered()).toEqual([]);
    expect(body(await f.get(owner, `/api/requests/${request.id}`)).status).toBe('submitted');
  });
});
