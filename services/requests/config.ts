/** Tuning and wording of the requests context. */
import type { RequestType } from './tables.js';

export const REQUESTS_DEFAULTS = Object.freeze({
  /** Days a curator request (publish review, embargo extension, early lift) stays open. */
  reviewExpiryDays: 30,
  /** Days an access request stays open (ACCESS_REQUEST_EXPIRY_DAYS overrides). */
  accessRequestExpiryDays: 30,
  /** Longest message or comment, in characters. */
  maxTextLength: 10_000,
});

/** What `reviewRequested`/`reviewDecided` mail calls each kind (see mail/templates/review.ts). */
export function mailRequestType(type: RequestType, reasons: readonly string[] = []): string {
  if (type === 'embargo-extension') return 'embargo-extension';
  if (type === 'early-lift') return 'embargo-early-lift';
  if (type === 'publish-review') return reasons.includes('sensitive') ? 'sensitive-data' : reasons.includes('personal-data') ? 'personal-data' : 'publish-review';
  return type;
}

/** Link templates of a request (InvenioRDM-style). */
export const requestLinks = (baseUrl: string, id: string) => {
  const self = `${baseUrl}/api/requests/${encodeURIComponent(id)}`;
  return {
    self,
    self_html: `${baseUrl}/requests/${encodeURIComponent(id)}`,
    comments: `${self}/comments`,
    accept: `${self}/actions/accept`,
    decline: `${self}/actions/decline`,
    cancel: `${self}/actions/cancel`,
  };
};

/** Where to ask for a publish review of a draft. */
export const submitReviewLink = (baseUrl: string, recordId: string) => `${baseUrl}/api/records/${encodeURIComponent(recordId)}/draft/actions/submit-review`;
