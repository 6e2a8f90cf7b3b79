/**
 * The Mailer port: hands one rendered message to whatever delivers mail. Adapters sit
 * beside it: `SmtpMailer` (nodemailer over SMTP, when SMTP_URL is set) and `LogMailer`
 * (writes the message to the log, the no-setup default). `create-mailer.ts` picks one.
 */

/** Header fields; `Message-ID` is stable per outbox row, so a retried send is recognisable downstream. */
export interface MailHeaders {
  readonly 'Message-ID': string;
  readonly [name: string]: string;
}

export interface MailMessage {
  /** Sender; adapters fall back to their configured `from`. */
  readonly from?: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly headers: MailHeaders;
}

export interface MailReceipt {
  /** `sent`: an SMTP server accepted it; `logged`: it was written to the log only. */
  readonly status: 'sent' | 'logged';
  /** The server's final reply, when there is one. */
  readonly response?: string;
  /** Recipients the server refused while accepting the others. */
  readonly rejected?: readonly string[];
}

export interface Mailer {
  /** Delivers one message. Throws `MailDeliveryError` when the server cannot be reached or refuses every recipient. */
  send(message: MailMessage): Promise<MailReceipt>;
  /** Checks that the server answers and accepts our credentials. Throws `MailDeliveryError`. */
  verify?(): Promise<void>;
  /** Releases connections. Never throws. */
  close?(): Promise<void>;
}
