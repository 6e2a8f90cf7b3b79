/** Personal access tokens (access context): one is about to expire. */
import { mailLinks } from '../links.js';
import { compose, formatInstant, need, type RenderedMail, type TemplateContext } from './compose.js';

export interface TokenExpiringData {
  tokenName: string;
  /** ISO 8601. */
  expiresAt: string;
}

export function tokenExpiring(data: TokenExpiringData, ctx: TemplateContext): RenderedMail {
  const d = data as unknown as Record<string, unknown>;
  const t = 'tokenExpiring';
  const name = need(t, d, 'tokenName');
  const when = formatInstant(t, 'expiresAt', need(t, d, 'expiresAt'));
  return compose(`Your access token ${name} expires on ${when}`, [
    { p: ['Your personal access token ', { em: name }, ` expires on ${when}.`] },
    { p: ['Pipelines that use it will be refused from then on. Create a new token and replace the old one before that.'] },
    { action: { label: 'Manage your tokens', href: mailLinks.tokens(ctx.baseUrl) } },
  ]);
}
