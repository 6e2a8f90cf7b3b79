/**
 * The SMTP adapter: nodemailer over `smtp://` (STARTTLS when the server offers it) or
 * `smtps://` (TLS from the start) — user, password and nodemailer options go in the URL,
 * e.g. `smtp://user:pass@relay.example.org:587?requireTLS=true`. One connection per
 * message (no pool): mail is a trickle of notifications, and a pool's idle connections
 * go stale behind relays. Timeouts are short so a hung server fails the attempt and the
 * outbox retries later instead of a worker waiting forever.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { InvalidSmtpUrlError, MailDeliveryError } from './errors.js';
import type { Mailer, MailMessage, MailReceipt } from './mailer.js';

export interface SmtpMailerConfig {
  /** `smtp://` or `smtps://`; may carry credentials, so it is never logged. */
  readonly url: string;
  /** Default sender, e.g. `Cairn <noreply@data.example.org>`. */
  readonly from: string;
  readonly timeouts?: {
    /** TCP connect (default 10 s). */
    readonly connectMs?: number;
    /** Server greeting after connect (default 10 s). */
    readonly greetingMs?: number;
    /** Inactivity on an open connection (default 60 s). */
    readonly socketMs?: number;
  };
}

export class SmtpMailer implements Mailer {
  readonly #config: SmtpMailerConfig;
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>;

  /** Throws `InvalidSmtpUrlError` for a URL that is not smtp:// or smtps:// with a host. */
  constructor(config: SmtpMailerConfig) {
    this.#config = Object.freeze({ ...config, timeouts: Object.freeze({ ...config.timeouts }) });
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new InvalidSmtpUrlError();
    }
    if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) throw new InvalidSmtpUrlError();
    const t = this.#config.timeouts ?? {};
    this.#transport = createTransport({
      url: config.url,
      connectionTimeout: t.connectMs ?? 10_000,
      greetingTimeout: t.greetingMs ?? 10_000,
      socketTimeout: t.socketMs ?? 60_000,
      dnsTimeout: t.connectMs ?? 10_000,
      // Our messages never attach files or URLs; refuse them outright.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /** Sends one message. Throws `MailDeliveryError` (connection refused, timeout, every recipient refused…). */
  async send(message: MailMessage): Promise<MailReceipt> {
    const { 'Message-ID': messageId, ...headers } = message.headers;
    try {
      const info = await this.#transport.sendMail({
        from: message.from ?? this.#config.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        messageId,
        headers,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      const rejected = ((info.rejected ?? []) as unknown[]).map((r) => (typeof r === 'string' ? r : String((r as { address?: string }).address)));
      return { status: 'sent', response: info.response, ...(rejected.length > 0 ? { rejected } : {}) };
    } catch (err) {
      throw new MailDeliveryError(err);
    }
  }

  /** Connects, greets and authenticates without sending. Throws `MailDeliveryError`. */
  async verify(): Promise<void> {
    try {
      await this.#transport.verify();
    } catch (err) {
      throw new MailDeliveryError(err);
    }
  }

  /** Never throws. */
  async close(): Promise<void> {
    this.#transport.close();
  }
}
