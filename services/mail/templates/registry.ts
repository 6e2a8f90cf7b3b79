/**
 * Every mail template by name: what `MailService.enqueue` accepts and what the outbox
 * handler renders. The name and the data are what the outbox row stores, so a template
 * can be improved while messages wait.
 */
import { MailTemplateDataError, UnknownMailTemplateError } from '../errors.js';
import { accessDeclined, accessGranted, accessRequested } from './access.js';
import type { RenderedMail, TemplateContext } from './compose.js';
import { embargoLifted } from './embargo.js';
import { reviewDecided, reviewRequested } from './review.js';
import { tokenExpiring } from './token.js';

export const templates = {
  reviewRequested,
  reviewDecided,
  embargoLifted,
  accessRequested,
  accessGranted,
  accessDeclined,
  tokenExpiring,
} as const;

export type TemplateName = keyof typeof templates;
export type TemplateData<K extends TemplateName> = Parameters<(typeof templates)[K]>[0];

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.hasOwn(templates, name);
}

/** Renders `name` with `data`. Throws `UnknownMailTemplateError` or `MailTemplateDataError`. */
export function renderTemplate(name: string, data: unknown, ctx: TemplateContext): RenderedMail {
  if (!isTemplateName(name)) throw new UnknownMailTemplateError(name);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new MailTemplateDataError(name, 'data must be an object');
  return (templates[name] as (d: unknown, c: TemplateContext) => RenderedMail)(data, ctx);
}
