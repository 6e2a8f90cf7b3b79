/**
 * The no-setup adapter (SMTP_URL unset): the message is written to the log, and the mail
 * service keeps it in `sent_mail` with status `logged`, so an operator can read exactly
 * what would have been sent. Nothing leaves the machine.
 */
import type { Logger } from 'pino';
import type { Mailer, MailMessage, MailReceipt } from './mailer.js';

export interface LogMailerConfig {
  readonly log: Logger;
  /** Default sender, shown in the log as it would appear in the message. */
  readonly from: string;
}

export class LogMailer implements Mailer {
  readonly #config: LogMailerConfig;

  constructor(config: LogMailerConfig) {
    this.#config = Object.freeze({ ...config });
  }

  /** Logs the message at `info`. Never throws. */
  async send(message: MailMessage): Promise<MailReceipt> {
    this.#config.log.info(
      {
        mail: {
          messageId: message.headers['Message-ID'],
          from: message.from ?? this.#config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
        },
      },
      'mail not sent (SMTP_URL is unset): kept in sent_mail and in this log',
    );
    return { status: 'logged' };
  }
}
