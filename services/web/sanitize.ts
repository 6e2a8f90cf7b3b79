/**
 * Descriptions may carry a small HTML subset (as Zenodo's do). Everything else is removed
 * by sanitize-html with a strict allowlist: no attributes but a link's href (http, https,
 * mailto only), no style, no script, no images, no forms, no iframes.
 */
import sanitizeHtml from 'sanitize-html';
import { raw, type SafeHtml } from './html.js';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'sub', 'sup', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6'],
  // `rel` is set by the transform below (overriding any given), so it is allowed on the way out.
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links in user content open no window and pass no ranking.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }) },
  allowedClasses: {},
  allowedStyles: {},
  allowVulnerableTags: false,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'template'],
  parser: { lowerCaseTags: true },
};

/** Sanitized description HTML; plain text with line breaks becomes paragraphs. */
export function sanitizeDescription(input: string): SafeHtml {
  const looksLikeHtml = /<\/?[a-z][\s\S]*>/i.test(input);
  const source = looksLikeHtml
    ? input
    : input
        .split(/\n{2,}/)
        .map((para) => `<p>${escapeText(para).replace(/\n/g, '<br>')}</p>`)
        .join('');
  return raw(sanitizeHtml(source, OPTIONS));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The text of a description, no markup (script and style contents dropped), for `<meta name="description">`. */
export function descriptionText(input: string): string {
  return sanitizeHtml(input, { allowedTags: [], allowedAttributes: {}, nonTextTags: OPTIONS.nonTextTags! })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
