import type { ColumnType, Selectable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

/** `pending`: rendered, delivery not yet done (retried by the outbox); `sent`: an SMTP server accepted it; `logged`: no SMTP configured, written to the log. */
export type MailStatus = 'pending' | 'sent' | 'logged';

export interface SentMailTable {
  message_id: string;
  /** The outbox row that carried it (informative: outbox rows are deleted when done). */
  outbox_id: number | null;
  template: string;
  sender: string;
  recipients: JsonColumn<string[]>;
  subject: string;
  body_text: string;
  body_html: string | null;
  status: MailStatus;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  /** The SMTP server's final reply, e.g. `250 OK: queued as …`. */
  response: string | null;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
  sent_at: Date | null;
}
export type SentMailRow = Selectable<SentMailTable>;

export interface MailTables {
  sent_mail: SentMailTable;
}
