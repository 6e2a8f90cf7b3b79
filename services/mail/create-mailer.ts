import type { Logger } from 'pino';
import { LogMailer } from './log-mailer.js';
import type { Mailer } from './mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

export interface MailerSettings {
  /** SMTP_URL; unset means messages stay in `sent_mail` and the log. */
  readonly smtpUrl: string | undefined;
  /** MAIL_FROM. */
  readonly from: string;
  readonly log: Logger;
}

/** The configured adapter: `SmtpMailer` when SMTP_URL is set, else `LogMailer`. Throws `InvalidSmtpUrlError`. */
export function createMailer(settings: MailerSettings): Mailer {
  if (settings.smtpUrl) return new SmtpMailer({ url: settings.smtpUrl, from: settings.from });
  return new LogMailer({ log: settings.log, from: settings.from });
}
