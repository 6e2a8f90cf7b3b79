/** The small pages: a deleted record's tombstone (410) and the error pages (401/403/404). */
import { html, type SafeHtml } from '../html.js';

export interface TombstoneModel {
  id: string;
  /** Absent when the caller may not see the deleted record's metadata. */
  title?: string;
  citation?: string;
  doi?: string;
  removedAt: string;
  reason?: string | null;
}

export function tombstoneMain(t: TombstoneModel): SafeHtml {
  return html`<article class="full" aria-labelledby="title">
<p class="notice bad" role="note"><strong>This record has been removed</strong> on <time datetime="${t.removedAt}">${t.removedAt.slice(0, 10)}</time>.${t.reason ? html` Reason: ${t.reason}` : ''}</p>
<h1 id="title">${t.title ?? 'Removed record'}</h1>
${t.doi ? html`<p>DOI: <code>${t.doi}</code></p>` : ''}
${t.citation ? html`<section aria-labelledby="cite" class="panel"><h2 id="cite">Cite as</h2><blockquote class="citation">${t.citation}</blockquote><p class="muted">The citation is kept so that existing references stay understandable; the record's files and metadata are no longer available.</p></section>` : ''}
</article>`;
}

const MESSAGES: Record<number, { title: string; text: string }> = {
  401: { title: 'Sign-in required', text: 'This record is not public. Sign in with an account that has been granted access to see it.' },
  403: { title: 'Access denied', text: 'This record is not public, and your account has not been granted access to it.' },
  404: { title: 'Record not found', text: 'There is no published record at this address. Check the link, or search the repository.' },
};

export function errorTitle(status: number): string {
  return (MESSAGES[status] ?? { title: 'Something went wrong' }).title;
}

/** An error page that says nothing about the record beyond the status. */
export function errorMain(status: number): SafeHtml {
  const m = MESSAGES[status] ?? { title: 'Something went wrong', text: 'The page could not be shown.' };
  return html`<article class="full" aria-labelledby="title"><h1 id="title">${m.title}</h1><p>${m.text}</p><p class="muted">HTTP status ${status}</p></article>`;
}
