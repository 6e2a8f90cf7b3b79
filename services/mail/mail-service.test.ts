import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { OutboxWorker } from '../platform/outbox-worker.js';
import type { TestDatabase } from '../platform/testing/test-db.js';
import { unitOfWorkFactory } from '../platform/uow.js';
import { createMailer } from './create-mailer.js';
import { InvalidMailRecipientError, InvalidSmtpUrlError, MailTemplateDataError } from './errors.js';
import { LogMailer } from './log-mailer.js';
import { MAIL_SEND_TOPIC, MailService } from './mail-service.js';
import type { Mailer } from './mailer.js';
import { SmtpMailer } from './smtp-mailer.js';
import type { MailTables } from './tables.js';
import { createMailTestDatabase } from './testing/mail-test-db.js';
import { closedPort, startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server.js';

let database: TestDatabase;
let smtp: SmtpTestServer;
const silent = pino({ level: 'silent' });
const FROM = 'Cairn <noreply@cairn.test>';
const BASE = 'https://data.example.org/';
const review = {
  requestId: 'req-1',
  requestType: 'embargo',
  recordId: 'k3x9p-2mq7a',
  recordTitle: 'Lifebrain MRI wave 2',
  requestedBy: 'Kari Nordmann',
  message: 'Five years, please.',
};

beforeAll(async () => {
  database = await createMailTestDatabase();
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp?.close();
  await database?.destroy();
});
beforeEach(async () => {
  await database.db.deleteFrom('outbox').execute();
  await mailDb().deleteFrom('sent_mail').execute();
  smtp.messages.length = 0;
});

const mailDb = () => database.db as unknown as Kysely<MailTables>;
const outboxRows = () => database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

function setup(mailer: Mailer, clock = new ManualClock('2026-05-01T00:00:00Z'), log = silent) {
  const mail = new MailService({ db: database.db, mailer, from: FROM, baseUrl: BASE, log, clock });
  const uow = unitOfWorkFactory(database.db, clock, () => {});
  const worker = new OutboxWorker({ db: database.db, clock, log, handlers: { [MAIL_SEND_TOPIC]: mail.outboxHandler() } });
  return { mail, uow, worker, clock };
}

describe('MailService over a real SMTP server', () => {
  it('sends through the outbox worker: enqueue in a unit of work, drain, received', async () => {
    const { mail, uow, worker } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    const messageId = await uow.run(async (u) => mail.enqueue(u, 'reviewRequested', review, ['curator1@uio.no', 'curator2@uio.no']));
    expect(smtp.messages).toHaveLength(0); // nothing leaves before the worker runs
    expect((await outboxRows()).map((r) => r.topic)).toEqual(['mail.send']);

    expect(await worker.drain()).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const [received] = smtp.messages;
    expect(received!.envelope).toEqual({ from: 'noreply@cairn.test', to: ['curator1@uio.no', 'curator2@uio.no'] });
    expect(received!.headers.to).toBe('curator1@uio.no, curator2@uio.no');
    expect(received!.headers.from).toBe('Cairn <noreply@cairn.test>');
    expect(received!.headers['message-id']).toBe(messageId);
    expect(received!.headers['auto-submitted']).toBe('auto-generated');
    expect(received!.subject).toBe('Review requested: Lifebrain MRI wave 2');
    expect(received!.text).toContain('Kari Nordmann asks for approval of an embargo of “Lifebrain MRI wave 2”.');
    expect(received!.text).toContain('> Five years, please.');
    expect(received!.text).toContain('Review the request: https://data.example.org/requests/req-1');
    expect(received!.html).toContain('<a href="https://data.example.org/requests/req-1" style="font-weight:bold">Review the request</a>');

    expect(await outboxRows()).toEqual([]);
    const [kept] = await mail.messages();
    expect(kept).toMatchObject({ message_id: messageId, status: 'sent', attempts: 1, last_error: null, template: 'reviewRequested', recipients: ['curator1@uio.no', 'curator2@uio.no'] });
    expect(kept!.response).toMatch(/^250/);
  });

  it('sends nothing when the change rolls back', async () => {
    const { mail, uow, worker } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    await expect(
      uow.run(async (u) => {
        mail.enqueue(u, 'reviewRequested', review, ['curator@uio.no']);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await worker.drain()).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('keeps the row with last_error and backoff while the server is down, then the retry delivers exactly one message', async () => {
    const port = await closedPort();
    const { mail, uow, worker, clock } = setup(new SmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeouts: { connectMs: 2000 } }));
    const messageId = await uow.run(async (u) => mail.enqueue(u, 'embargoLifted', { recordId: 'k3x9p-2mq7a', recordTitle: 'Wave 2', liftedAt: '2026-05-01T00:00:00Z' }, ['owner@uio.no']));

    expect(await worker.drain()).toBe(1);
    let [row] = await outboxRows();
    expect(row).toMatchObject({ topic: 'mail.send', attempts: 1, locked_until: null });
    expect(row!.last_error).toMatch(/^SMTP delivery failed .*ECONNREFUSED/);
    expect(row!.run_at.getTime() - clock.now().getTime()).toBe(2000);
    expect(await mailDb().selectFrom('sent_mail').select(['status', 'attempts', 'last_error']).execute()).toEqual([
      { status: 'pending', attempts: 1, last_error: row!.last_error },
    ]);

    expect(await worker.drain()).toBe(0); // backing off
    const server = await startSmtpTestServer(port);
    try {
      clock.advance(1999);
      expect(await worker.drain()).toBe(0);
      clock.advance(1);
      expect(await worker.drain()).toBe(1);
      expect(server.messages).toHaveLength(1);
      expect(server.messages[0]).toMatchObject({ envelope: { to: ['owner@uio.no'] }, subject: 'Embargo lifted: Wave 2' });
      expect(server.messages[0]!.headers['message-id']).toBe(messageId);
      expect(server.messages[0]!.text).toContain('The embargo on “Wave 2” ended on 1 May 2026.');
      expect(await outboxRows()).toEqual([]);
      expect(await mailDb().selectFrom('sent_mail').select(['status', 'attempts', 'last_error']).execute()).toEqual([{ status: 'sent', attempts: 2, last_error: null }]);
      clock.advance(60 * 60 * 1000);
      expect(await worker.drain()).toBe(0);
      expect(server.messages).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('does not send again when an outbox row runs twice (idempotent by Message-ID)', async () => {
    const { mail, uow, worker } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    await uow.run(async (u) => mail.enqueue(u, 'tokenExpiring', { tokenName: 'ci', expiresAt: '2026-06-01T00:00:00Z' }, ['dev@uio.no']));
    const [row] = await outboxRows();
    expect(await worker.drain()).toBe(1);
    // As if the worker crashed after sending but before deleting the row: the same row runs again.
    await mail.outboxHandler()(row!.payload, row!);
    await mail.outboxHandler()(row!.payload, row!);
    expect(smtp.messages).toHaveLength(1);
    expect((await mail.messages())[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('waits for runAt (a reminder scheduled ahead)', async () => {
    const { mail, uow, worker, clock } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    await uow.run(async (u) =>
      mail.enqueue(u, 'tokenExpiring', { tokenName: 'ci', expiresAt: '2026-06-01T00:00:00Z' }, ['dev@uio.no'], { runAt: new Date('2026-05-25T00:00:00Z') }),
    );
    expect(await worker.drain()).toBe(0);
    clock.set('2026-05-25T00:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Your access token ci expires on 1 June 2026']);
  });

  it('refuses bad recipients and bad template data inside the caller’s transaction', async () => {
    const { mail, uow } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    const attempt = (to: string[], data: Record<string, unknown> = review) => uow.run(async (u) => mail.enqueue(u, 'reviewRequested', data as typeof review, to));
    await expect(attempt([])).rejects.toThrow(InvalidMailRecipientError);
    await expect(attempt(['not an address'])).rejects.toThrow(InvalidMailRecipientError);
    await expect(attempt(['a@uio.no\r\nBcc: evil@example.net'])).rejects.toThrow(InvalidMailRecipientError);
    await expect(attempt(['Kari <kari@uio.no>'])).rejects.toThrow(InvalidMailRecipientError);
    await expect(attempt(['a@uio.no'], { ...review, recordTitle: '' })).rejects.toThrow(MailTemplateDataError);
    expect(await outboxRows()).toEqual([]);
  });

  it('cannot be made to inject headers or HTML through a title', async () => {
    const { mail, uow, worker } = setup(new SmtpMailer({ url: smtp.url, from: FROM }));
    const evil = 'Wave 2\r\nBcc: evil@example.net\r\n\r\n<script>alert(1)</script>';
    await uow.run(async (u) => mail.enqueue(u, 'accessDeclined', { recordId: 'k3x9p', recordTitle: evil, comment: '<img src=x onerror=alert(1)>' }, ['someone@uio.no']));
    await worker.drain();
    const [received] = smtp.messages;
    expect(received!.envelope.to).toEqual(['someone@uio.no']);
    expect(received!.headers.bcc).toBeUndefined();
    expect(received!.subject).toBe('Access declined: Wave 2 Bcc: evil@example.net <script>alert(1)</script>');
    expect(received!.html).not.toMatch(/<script|<img/);
    expect(received!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('without SMTP_URL', () => {
  it('uses the LogMailer: the message is kept as `logged` and written to the log', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const mailer = createMailer({ smtpUrl: undefined, from: FROM, log });
    expect(mailer).toBeInstanceOf(LogMailer);
    const { mail, uow, worker } = setup(mailer, undefined, log);
    const messageId = await uow.run(async (u) => mail.enqueue(u, 'accessGranted', { recordId: 'k3x9p-2mq7a', recordTitle: 'Wave 2', permission: 'view' }, ['sofia@ub.edu']));
    expect(await worker.drain()).toBe(1);

    expect(smtp.messages).toHaveLength(0);
    expect(await outboxRows()).toEqual([]);
    const [kept] = await mail.messages({ status: 'logged' });
    expect(kept).toMatchObject({ message_id: messageId, status: 'logged', attempts: 1, sender: FROM, recipients: ['sofia@ub.edu'], subject: 'Access granted: Wave 2' });
    expect(kept!.body_text).toContain('You may now view the restricted files of “Wave 2”.');
    expect(kept!.body_html).toContain('<em>Wave 2</em>');
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; mail?: Record<string, unknown> }).find((l) => l.mail);
    expect(logged!.mail).toMatchObject({ messageId, to: ['sofia@ub.edu'], subject: 'Access granted: Wave 2', from: FROM });
    expect(logged!.mail!.text).toContain('https://data.example.org/records/k3x9p-2mq7a');
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing it', () => {
    expect(() => createMailer({ smtpUrl: 'http://user:secret@relay', from: FROM, log: silent })).toThrow(InvalidSmtpUrlError);
    expect(() => new SmtpMailer({ url: 'smtp://user:secret@', from: FROM })).toThrow(/^(?!.*secret)/);
    expect(createMailer({ smtpUrl: 'smtps://user:secret@relay.example.org:465', from: FROM, log: silent })).toBeInstanceOf(SmtpMailer);
  });
});
