/**
 * The mail context's error catalogue. Delivery errors happen in the outbox worker (the
 * outbox keeps the row, stores the message as `last_error` and retries with backoff);
 * recipient and template errors happen in `enqueue`, inside the caller's transaction.
 */
import { AppError } from '../platform/errors.js';

export class MailDeliveryError extends AppError {
  readonly code = 'MAIL_DELIVERY_FAILED';
  readonly status = 502;
  readonly title = 'Mail delivery failed';
  /** True when the server refused for good (5xx); the outbox still retries, an operator should look. */
  readonly permanent: boolean;
  constructor(cause: unknown) {
    const err = cause as { message?: string; code?: string; responseCode?: number; permanent?: boolean };
    const code = err?.code ? ` (${err.code}${err.responseCode ? ` ${err.responseCode}` : ''})` : '';
    super(`SMTP delivery failed${code}: ${err?.message ?? String(cause)}`, {
      extra: { smtp_code: err?.code ?? null, response_code: err?.responseCode ?? null },
    });
    this.permanent = err?.permanent === true;
    this.cause = cause;
  }
}

export class InvalidMailRecipientError extends AppError {
  readonly code = 'MAIL_RECIPIENT_INVALID';
  readonly status = 400;
  readonly title = 'Invalid mail recipient';
  constructor(recipient: string) {
    super(`Not a deliverable e-mail address: ${JSON.stringify(recipient.slice(0, 200))}.`);
  }
}

export class UnknownMailTemplateError extends AppError {
  readonly code = 'MAIL_TEMPLATE_UNKNOWN';
  readonly status = 500;
  readonly title = 'Unknown mail template';
  constructor(template: string) {
    super(`No mail template named ${JSON.stringify(template)}.`);
  }
}

export class MailTemplateDataError extends AppError {
  readonly code = 'MAIL_TEMPLATE_DATA_INVALID';
  readonly status = 500;
  readonly title = 'Invalid mail template data';
  constructor(template: string, problem: string) {
    super(`Mail template ${template}: ${problem}.`);
  }
}

export class MailPayloadError extends AppError {
  readonly code = 'MAIL_PAYLOAD_INVALID';
  readonly status = 500;
  readonly title = 'Invalid mail outbox payload';
}

export class InvalidSmtpUrlError extends AppError {
  readonly code = 'SMTP_URL_INVALID';
  readonly status = 500;
  readonly title = 'Invalid SMTP URL';
  constructor() {
    // Never echo the URL: it may carry a password.
    super('SMTP_URL must be an smtp:// or smtps:// URL with a host.');
  }
}
