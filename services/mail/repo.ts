/** Queries on `sent_mail`. The first argument is the database (or a transaction) typed with the mail table. */
import type { Kysely } from 'kysely';
import { jsonb } from '../platform/db/json.js';
import type { MailMessage, MailReceipt } from './mailer.js';
import type { MailStatus, MailTables, SentMailRow } from './tables.js';

export type MailDb = Kysely<MailTables>;

export interface Attempt {
  messageId: string;
  outboxId: number | null;
  template: string;
  sender: string;
  message: MailMessage;
  now: Date;
}

export const sentMailRepo = {
  async find(db: MailDb, messageId: string): Promise<SentMailRow | undefined> {
    return db.selectFrom('sent_mail').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  },

  /**
   * Records one delivery attempt (first: insert as `pending`; later: count it and refresh the
   * rendered content). Returns false when the message is already `sent` or `logged`, i.e. a
   * concurrent or earlier attempt finished it and it must not be sent again.
   */
  async beginAttempt(db: MailDb, a: Attempt): Promise<boolean> {
    const content = {
      outbox_id: a.outboxId,
      sender: a.sender,
      recipients: jsonb([...a.message.to]),
      subject: a.message.subject,
      body_text: a.message.text,
      body_html: a.message.html ?? null,
      updated_at: a.now,
    };
    const row = await db
      .insertInto('sent_mail')
      .values({ message_id: a.messageId, template: a.template, status: 'pending', attempts: 1, created_at: a.now, ...content })
      .onConflict((oc) =>
        oc
          .column('message_id')
          .doUpdateSet((eb) => ({ ...content, recipients: jsonb([...a.message.to]), attempts: eb('sent_mail.attempts', '+', 1) }))
          .where('sent_mail.status', '=', 'pending'),
      )
      .returning('message_id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async attemptFailed(db: MailDb, messageId: string, error: string, now: Date): Promise<void> {
    await db.updateTable('sent_mail').set({ last_error: error.slice(0, 2000), updated_at: now }).where('message_id', '=', messageId).execute();
  },

  async delivered(db: MailDb, messageId: string, receipt: MailReceipt, now: Date): Promise<void> {
    const status: MailStatus = receipt.status;
    await db
      .updateTable('sent_mail')
      .set({ status, response: receipt.response ?? null, last_error: null, sent_at: now, updated_at: now })
      .where('message_id', '=', messageId)
      .execute();
  },

  /** Newest first. */
  async list(db: MailDb, options: { status?: MailStatus; limit: number }): Promise<SentMailRow[]> {
    let q = db.selectFrom('sent_mail').selectAll().orderBy('created_at', 'desc').orderBy('message_id', 'desc').limit(options.limit);
    if (options.status) q = q.where('status', '=', options.status);
    return q.execute();
  },
};
