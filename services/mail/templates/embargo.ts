/** Embargo lifting (access context's scheduled worker): to the record's owners. */
import { mailLinks } from '../links.js';
import { compose, formatInstant, need, type RenderedMail, type TemplateContext } from './compose.js';

export interface EmbargoLiftedData {
  recordId: string;
  recordTitle: string;
  /** ISO 8601: when the embargo ended. */
  liftedAt: string;
}

export function embargoLifted(data: EmbargoLiftedData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'embargoLifted';
  const title = need(t, d, 'recordTitle');
  return compose(`Embargo lifted: ${title}`, [
    { p: ['The embargo on ', { em: title }, ` ended on ${formatInstant(t, 'liftedAt', need(t, d, 'liftedAt'))}.`] },
    { p: ['Its files are now open as its access settings say; the DOI metadata is updated.'] },
    { action: { label: 'Open the record', href: mailLinks.record(ctx.baseUrl, need(t, d, 'recordId')) } },
  ]);
}
