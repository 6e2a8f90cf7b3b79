/** Access to restricted files: requested (to owners), granted and declined (to the requester). */
import { MailTemplateDataError } from '../errors.js';
import { mailLinks } from '../links.js';
import { compose, formatInstant, maybe, need, type Block, type RenderedMail, type TemplateContext } from './compose.js';

export interface AccessRequestedData {
  requestId: string;
  recordId: string;
  recordTitle: string;
  requesterName: string;
  requesterEmail?: string | null;
  message?: string | null;
}

export interface AccessGrantedData {
  recordId: string;
  recordTitle: string;
  permission: 'view' | 'download';
  /** ISO 8601; absent or null: no end. */
  expiresAt?: string | null;
  comment?: string | null;
}

export interface AccessDeclinedData {
  recordId: string;
  recordTitle: string;
  comment?: string | null;
}

/** To the record's owners: someone asks to see the restricted files. */
export function accessRequested(data: AccessRequestedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'accessRequested';
  const title = need(t, d, 'recordTitle');
  const email = maybe(t, d, 'requesterEmail');
  const message = maybe(t, d, 'message');
  const who = `${need(t, d, 'requesterName')}${email ? ` (${email})` : ''}`;
  const blocks: Block[] = [
    { p: [`${who} asks for access to the restricted files of `, { em: title }, '.'] },
    ...(message ? [{ quote: message }] : []),
    { action: { label: 'Accept or decline', href: mailLinks.request(ctx.baseUrl, need(t, d, 'requestId')) } },
    { p: ['The record: ', { link: mailLinks.record(ctx.baseUrl, need(t, d, 'recordId')), label: title }] },
  ];
  return compose(`Access requested: ${title}`, blocks);
}

/** To the requester: access was granted. */
export function accessGranted(data: AccessGrantedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'accessGranted';
  const permission = need(t, d, 'permission');
  if (permission !== 'view' && permission !== 'download') throw new MailTemplateDataError(t, 'permission must be view or download');
  const title = need(t, d, 'recordTitle');
  const expires = maybe(t, d, 'expiresAt');
  const comment = maybe(t, d, 'comment');
  const blocks: Block[] = [
    {
      p: [
        `You may now ${permission} the restricted files of `,
        { em: title },
        expires ? ` until ${formatInstant(t, 'expiresAt', expires)}.` : '.',
      ],
    },
    ...(comment ? [{ quote: comment }] : []),
    { action: { label: 'Open the record', href: mailLinks.record(ctx.baseUrl, need(t, d, 'recordId')) } },
  ];
  return compose(`Access granted: ${title}`, blocks);
}

/** To the requester: access was declined. */
export function accessDeclined(data: AccessDeclinedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'accessDeclined';
  const title = need(t, d, 'recordTitle');
  const comment = maybe(t, d, 'comment');
  const blocks: Block[] = [
    { p: ['Your request for access to the restricted files of ', { em: title }, ' was declined.'] },
    ...(comment ? [{ quote: comment }] : []),
    { action: { label: 'Open the record', href: mailLinks.record(ctx.baseUrl, need(t, d, 'recordId')) } },
  ];
  return compose(`Access declined: ${title}`, blocks);
}
