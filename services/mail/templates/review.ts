/** Curator reviews (requests context): a review was requested; a review was decided. */
import { MailTemplateDataError } from '../errors.js';
import { mailLinks } from '../links.js';
import { compose, maybe, need, type Block, type RenderedMail, type TemplateContext } from './compose.js';

export interface ReviewRequestedData {
  requestId: string;
  /** `embargo`, `embargo-extension`, `embargo-early-lift`, `sensitive-data`, `personal-data`, or another request type. */
  requestType: string;
  recordId: string;
  recordTitle: string;
  /** Who asked (name or e-mail). */
  requestedBy: string;
  message?: string | null;
}

export interface ReviewDecidedData {
  requestId: string;
  requestType: string;
  recordId: string;
  recordTitle: string;
  decision: 'accepted' | 'declined';
  decidedBy?: string | null;
  comment?: string | null;
}

const REQUEST_TYPES: Record<string, string> = {
  embargo: 'approval of an embargo',
  'embargo-extension': 'an extension of the embargo',
  'embargo-early-lift': 'an early lift of the embargo',
  'sensitive-data': 'a sensitive-data review',
  'personal-data': 'a personal-data review',
};
const describeType = (type: string) => REQUEST_TYPES[type] ?? `a review (${type})`;

/** To curators: someone asks for a review. */
export function reviewRequested(data: ReviewRequestedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'reviewRequested';
  const title = need(t, d, 'recordTitle');
  const message = maybe(t, d, 'message');
  const blocks: Block[] = [
    { p: [`${need(t, d, 'requestedBy')} asks for ${describeType(need(t, d, 'requestType'))} of `, { em: title }, '.'] },
    ...(message ? [{ quote: message }] : []),
    { action: { label: 'Review the request', href: mailLinks.request(ctx.baseUrl, need(t, d, 'requestId')) } },
    { p: ['The record: ', { link: mailLinks.draft(ctx.baseUrl, need(t, d, 'recordId')), label: title }] },
  ];
  return compose(`Review requested: ${title}`, blocks);
}

/** To the requester: a curator accepted or declined. */
export function reviewDecided(data: ReviewDecidedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'reviewDecided';
  const decision = need(t, d, 'decision');
  if (decision !== 'accepted' && decision !== 'declined') throw new MailTemplateDataError(t, 'decision must be accepted or declined');
  const title = need(t, d, 'recordTitle');
  const by = maybe(t, d, 'decidedBy');
  const comment = maybe(t, d, 'comment');
  const blocks: Block[] = [
    { p: [`Your request for ${describeType(need(t, d, 'requestType'))} of `, { em: title }, ` was ${decision}${by ? ` by ${by}` : ''}.`] },
    ...(comment ? [{ quote: comment, ...(by ? { by } : {}) }] : []),
    { action: { label: 'See the request', href: mailLinks.request(ctx.baseUrl, need(t, d, 'requestId')) } },
  ];
  return compose(`Request ${decision}: ${title}`, blocks);
}
