/**
 * Building blocks of every message: a template lists paragraphs, quotes and one action
 * link; `compose` renders them once as plain text and once as HTML. Every string that
 * comes from data is escaped here, in one place, so a title or comment can never inject
 * markup; subjects are cut to one line so they cannot inject header fields either.
 */
import { MailTemplateDataError } from '../errors.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  /** BASE_URL without a trailing slash. */
  readonly baseUrl: string;
}

/** Inline pieces of a paragraph: literal text, emphasised text (a title), or a link. */
export type Inline = string | { em: string } | { link: string; label: string };

export type Block = { p: Inline[] } | { quote: string; by?: string } | { action: { label: string; href: string } };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** One line, no control characters, at most `max` characters: safe in a Subject header. */
export function oneLine(text: string, max = 90): string {
  const line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `2026-05-01T14:00:00Z` → `1 May 2026, 14:00 UTC` (date only when the time is midnight). Throws `MailTemplateDataError`. */
export function formatInstant(template: string, field: string, iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new MailTemplateDataError(template, `${field} is not a date (${JSON.stringify(iso)})`);
  const date = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const hh = at.getUTCHours();
  const mm = at.getUTCMinutes();
  return hh === 0 && mm === 0 ? date : `${date}, ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')} UTC`;
}

const FOOTER = 'You receive this message because of your role in this record or request. — Cairn';

export function compose(subject: string, blocks: Block[]): RenderedMail {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of blocks) {
    if ('p' in block) {
      text.push(block.p.map(inlineText).join(''));
      html.push(`<p>${block.p.map(inlineHtml).join('')}</p>`);
    } else if ('quote' in block) {
      const by = block.by ? `${block.by} wrote:\n` : '';
      text.push(by + block.quote.split(/\r?\n/).map((l) => `> ${l}`).join('\n'));
      const byHtml = block.by ? `<p>${escapeHtml(block.by)} wrote:</p>` : '';
      html.push(`${byHtml}<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${escapeHtml(block.quote).replace(/\r?\n/g, '<br>')}</blockquote>`);
    } else {
      text.push(`${block.action.label}: ${block.action.href}`);
      html.push(`<p><a href="${escapeHtml(block.action.href)}" style="font-weight:bold">${escapeHtml(block.action.label)}</a></p>`);
    }
  }
  const body = html.join('\n');
  return {
    subject: oneLine(subject, 120),
    text: `${text.join('\n\n')}\n\n-- \n${FOOTER}\n`,
    html: `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(oneLine(subject, 120))}</title></head>\n<body style="font-family:sans-serif;line-height:1.5">\n${body}\n<p style="color:#666;font-size:small">${escapeHtml(FOOTER)}</p>\n</body></html>\n`,
  };
}

function inlineText(part: Inline): string {
  if (typeof part === 'string') return part;
  if ('em' in part) return `“${part.em}”`;
  return `${part.label} <${part.link}>`;
}

function inlineHtml(part: Inline): string {
  if (typeof part === 'string') return escapeHtml(part);
  if ('em' in part) return `<em>${escapeHtml(part.em)}</em>`;
  return `<a href="${escapeHtml(part.link)}">${escapeHtml(part.label)}</a>`;
}

/** Reads a required string field of template data. Throws `MailTemplateDataError`. */
export function need(template: string, data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value.trim() === '') throw new MailTemplateDataError(template, `${field} must be a non-empty string`);
  return value;
}

/** Reads an optional string field (absent, null or empty → undefined). Throws `MailTemplateDataError` for other types. */
export function maybe(template: string, data: Record<string, unknown>, field: string): string | undefined {
  const value = data[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new MailTemplateDataError(template, `${field} must be a string`);
  return value;
}
