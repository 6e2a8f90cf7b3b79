/**
 * Mail for every event a person must know about, sent iff the change that causes it commits.
 *
 * Use `enqueue(uow, template, data, to)` inside the unit of work of the change (a review
 * requested, an embargo lifted…): it validates the recipients and the template data right
 * away (so a bad call fails the caller's transaction, not a worker hours later) and
 * registers one `mail.send` outbox row in the same transaction. After commit the outbox
 * worker runs `outboxHandler()`: it renders the template, records the attempt in
 * `sent_mail`, and hands the message to the Mailer (SMTP, or the log when SMTP_URL is
 * unset). A failure leaves the outbox row in place with `last_error`; the worker retries
 * with capped exponential backoff, so a message is never lost.
 *
 * Each message gets its Message-ID at enqueue time, stored in the outbox payload: every
 * retry of the row uses the same one, and `sent_mail` (keyed by it) makes the handler skip
 * a message already sent. Only a crash between the server's "250 OK" and our update can
 * send a message twice, and then both copies carry the same Message-ID, which mail
 * clients use to drop duplicates.
 *
 * Do not call the Mailer directly from a service: that would mail about changes that
 * then roll back, and lose mail when the server is down.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { OutboxHandler } from '../platform/outbox-worker.js';
import type { UnitOfWork } from '../platform/uow.js';
import { InvalidMailRecipientError, MailPayloadError } from './errors.js';
import type { Mailer, MailMessage } from './mailer.js';
import { sentMailRepo, type MailDb } from './repo.js';
import type { MailStatus, SentMailRow } from './tables.js';
import { isTemplateName, renderTemplate, type TemplateData, type TemplateName } from './templates/registry.js';

export const MAIL_SEND_TOPIC = 'mail.send';

export interface MailServiceConfig {
  readonly db: Kysely<Database>;
  readonly mailer: Mailer;
  /** MAIL_FROM, e.g. `Cairn <noreply@data.example.org>`. */
  readonly from: string;
  /** BASE_URL, for absolute links in messages. */
  readonly baseUrl: string;
  readonly log: Logger;
  readonly clock?: Clock;
}

/** What a `mail.send` outbox row holds. */
export interface MailSendPayload {
  v: 1;
  messageId: string;
  template: TemplateName;
  data: Record<string, unknown>;
  to: string[];
}

const MAX_RECIPIENTS = 100;
// Deliberately plain: one address, no display name, no whitespace or header syntax.
const ADDRESS = /^[^\s@<>()[\]",;:\\]{1,64}@[^\s@<>()[\]",;:\\]{1,253}$/;

export class MailService {
  readonly #config: Required<MailServiceConfig>;
  readonly #db: MailDb;
  readonly #domain: string;

  constructor(config: MailServiceConfig) {
    this.#config = Object.freeze({ clock: systemClock, ...config, baseUrl: config.baseUrl.replace(/\/+$/, '') });
    // Same connection, typed with the mail table (until `Database` lists MailTables; a type-only view either way).
    this.#db = config.db as unknown as MailDb;
    this.#domain = new URL(this.#config.baseUrl).hostname || 'cairn.invalid';
  }

  /**
   * Registers one message in `uow` (sent after commit, to all of `to` in one message) and
   * returns its Message-ID. Throws `InvalidMailRecipientError` for an empty list or a bad
   * address, `UnknownMailTemplateError` / `MailTemplateDataError` when the data does not render.
   */
  enqueue<K extends TemplateName>(uow: UnitOfWork, template: K, data: TemplateData<K>, to: readonly string[], options: { runAt?: Date } = {}): string {
    const recipients = [...new Set(to.map((a) => a.trim()))];
    if (recipients.length === 0) throw new InvalidMailRecipientError('(no recipients)');
    if (recipients.length > MAX_RECIPIENTS) throw new InvalidMailRecipientError(`(${recipients.length} recipients; at most ${MAX_RECIPIENTS})`);
    for (const address of recipients) if (!ADDRESS.test(address)) throw new InvalidMailRecipientError(address);
    renderTemplate(template, data, { baseUrl: this.#config.baseUrl }); // fail now, in the caller's transaction
    const messageId = `<${randomUUID()}@${this.#domain}>`;
    const payload: MailSendPayload = { v: 1, messageId, template, data: { ...(data as object) } as Record<string, unknown>, to: recipients };
    uow.register({ topic: MAIL_SEND_TOPIC, payload: payload as unknown as Record<string, unknown>, ...(options.runAt ? { runAt: options.runAt } : {}) });
    return messageId;
  }

  /**
   * The outbox handler for `mail.send`. Idempotent: a message already `sent`/`logged` is
   * skipped. Throws (so the outbox retries) `MailDeliveryError` when delivery fails,
   * `MailPayloadError` / template errors for a row it cannot render, or a database error.
   */
  outboxHandler(): OutboxHandler {
    return async (payload, row) => {
      const { mailer, from, baseUrl, log, clock } = this.#config;
      const job = parsePayload(payload);
      const existing = await sentMailRepo.find(this.#db, job.messageId);
      if (existing && existing.status !== 'pending') {
        log.info({ messageId: job.messageId, status: existing.status }, 'mail already delivered; outbox retry skipped');
        return;
      }
      const rendered = renderTemplate(job.template, job.data, { baseUrl });
      const message: MailMessage = {
        from,
        to: job.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: { 'Message-ID': job.messageId, 'Auto-Submitted': 'auto-generated', 'X-Cairn-Template': job.template },
      };
      const attempt = { messageId: job.messageId, outboxId: row.id, template: job.template, sender: from, message, now: clock.now() };
      if (!(await sentMailRepo.beginAttempt(this.#db, attempt))) return;
      let receipt;
      try {
        receipt = await mailer.send(message);
      } catch (err) {
        await sentMailRepo.attemptFailed(this.#db, job.messageId, err instanceof Error ? err.message : String(err), clock.now());
        throw err;
      }
      await sentMailRepo.delivered(this.#db, job.messageId, receipt, clock.now());
      if (receipt.rejected?.length) log.warn({ messageId: job.messageId, rejected: receipt.rejected }, 'mail server refused some recipients');
      log.info({ messageId: job.messageId, template: job.template, status: receipt.status }, `mail ${receipt.status}`);
    };
  }

  /** Kept messages, newest first, for operators (what was sent, or would have been). Throws only on database errors. */
  async messages(options: { status?: MailStatus; limit?: number } = {}): Promise<SentMailRow[]> {
    return sentMailRepo.list(this.#db, { limit: Math.min(Math.max(options.limit ?? 50, 1), 500), ...(options.status ? { status: options.status } : {}) });
  }
}

function parsePayload(payload: Record<string, unknown>): MailSendPayload {
  const { messageId, template, data, to } = payload;
  if (typeof messageId !== 'string' || !/^<[^<>\s]+@[^<>\s]+>$/.test(messageId)) throw new MailPayloadError('mail.send payload has no valid messageId');
  if (!isTemplateName(template)) throw new MailPayloadError(`mail.send payload names an unknown template ${JSON.stringify(template)}`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new MailPayloadError('mail.send payload has no data object');
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && ADDRESS.test(a))) throw new MailPayloadError('mail.send payload has no valid recipients');
  return { v: 1, messageId, template, data: data as Record<string, unknown>, to: to as string[] };
}
